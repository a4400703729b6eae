from django.urls import reverse
from django.utils import timezone

from sozialraeume.models import Bezirk, Sozialraum, User
from sozialraeume.roles import GROUP_NAME


def test_admin_pages_for_districts_show_a_map_widget(admin_client):
    bezirk = Bezirk.objects.get(number=63)

    response = admin_client.get(f"/admin/sozialraeume/bezirk/{bezirk.pk}/change/")

    assert response.status_code == 200
    assert "leaflet" in response.content.decode().lower()


def test_moving_a_district_in_admin_redraws_the_social_space_boundaries(admin_client):
    bezirk = Bezirk.objects.get(number=63)
    point = bezirk.geometry.point_on_surface
    ost = Sozialraum.objects.get(slug="ost")
    data = {
        "number": bezirk.number,
        "name": bezirk.name,
        "slug": bezirk.slug,
        "sozialraum": ost.pk,
        "ortsteil": bezirk.ortsteil,
        "geometry": bezirk.geometry.geojson,
        "population-TOTAL_FORMS": "0",
        "population-INITIAL_FORMS": "0",
    }

    response = admin_client.post(f"/admin/sozialraeume/bezirk/{bezirk.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Sozialraum.objects.get(slug="ost").boundary.intersects(point)
    assert not Sozialraum.objects.get(slug="lobeda").boundary.contains(point)


def _save_user_in_admin(admin_client, user, **flags):
    """Post the user's change form in the admin as a site administrator would."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "email": user.email,
        "name": user.name,
        "is_active": "on",
        "date_joined_0": f"{joined:%d.%m.%Y}",
        "date_joined_1": f"{joined:%H:%M:%S}",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        **{flag: "on" for flag, value in flags.items() if value},
    }
    response = admin_client.post(reverse("admin:sozialraeume_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    return user


def test_granting_the_fachdienst_role_in_the_admin_gives_admin_access_and_taking_it_removes_it(
    admin_client,
):
    user = User.objects.create_user(email="neu@jena.example", password="x-Passwort-123")

    user = _save_user_in_admin(admin_client, user, is_fachdienst=True)

    assert user.is_staff
    assert user.groups.filter(name=GROUP_NAME).exists()

    user = _save_user_in_admin(admin_client, user, is_fachdienst=False, is_staff=True)

    assert not user.is_staff
    assert not user.groups.filter(name=GROUP_NAME).exists()
