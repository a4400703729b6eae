from sozialraeume.models import Bezirk, Sozialraum


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
