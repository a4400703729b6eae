"""The provider area: members create and edit their actor's offers, submit them, confirm
them as current; other actors' offers are not found."""

from datetime import time

import pytest
from django.urls import reverse
from django.utils import timezone

from angebote.models import Angebot, Kategorie
from sozialraeume.models import Sozialraum
from tests.factories import AngebotFactory, load_vocabulary, point_in


@pytest.fixture(autouse=True)
def vocabulary(db):
    load_vocabulary()


def form_data(**overrides) -> dict:
    point = point_in(63)  # Lobeda-Ost
    data = {
        "title": "Kochen im Stadtteil",
        "summary": "Wir kochen einmal in der Woche zusammen.",
        "description": "",
        "easy_summary": "Wir kochen zusammen. Alle dürfen kommen.",
        "kategorien": [Kategorie.objects.get(code="treffpunkt").pk],
        "place_kind": "vor-ort",
        "street_address": "Karl-Marx-Allee 1",
        "postal_code": "07747",
        "locality": "Jena",
        "latitude": f"{point.y:.6f}",
        "longitude": f"{point.x:.6f}",
        "cost": "kostenlos",
        "phone": "",
        "email": "",
        "website": "",
        "zeiten-TOTAL_FORMS": "3",
        "zeiten-INITIAL_FORMS": "0",
        "zeiten-MIN_NUM_FORMS": "0",
        "zeiten-MAX_NUM_FORMS": "21",
        "zeiten-0-weekday": "2",
        "zeiten-0-opens": "17:00",
        "zeiten-0-closes": "19:30",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_overview_lists_own_offers_with_status_and_check_date(client, member_a, akteur_a):
    AngebotFactory(akteur=akteur_a, title="Eigenes Angebot", checked_on=timezone.localdate())
    AngebotFactory(title="Fremdes Angebot")
    client.force_login(member_a)

    response = client.get(reverse("bereich:uebersicht"))

    page = response.content.decode()
    assert "Eigenes Angebot" in page and "Veröffentlicht" in page
    assert "Fremdes Angebot" not in page
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("bereich:uebersicht"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("konto:anmelden"))


def test_login_leads_to_the_provider_area(client, member_a):
    response = client.post(
        reverse("konto:anmelden"), {"username": member_a.email, "password": "Saale-Ufer-Abend-42"}
    )
    assert response["Location"] == reverse("bereich:uebersicht")


def test_new_offer_is_a_draft_with_district_from_the_map_point(client, member_a, akteur_a):
    client.force_login(member_a)

    response = client.post(reverse("bereich:angebot-neu"), form_data(akteur=akteur_a.pk))

    angebot = Angebot.objects.get(title="Kochen im Stadtteil")
    assert response["Location"] == reverse("bereich:angebot", kwargs={"pk": angebot.pk})
    assert angebot.status == Angebot.Status.DRAFT
    assert angebot.akteur == akteur_a
    assert angebot.bezirk.number == 63 and angebot.sozialraum.slug == "lobeda"
    assert [(z.weekday, z.opens, z.closes) for z in angebot.zeiten.all()] == [
        (2, time(17), time(19, 30))
    ]
    assert angebot.history.first().history_user == member_a
    detail = client.get(response["Location"]).content.decode()
    assert "Lobeda-Ost" in detail and "Zur Prüfung einreichen" in detail
    # A draft is not public.
    assert client.get(angebot.get_absolute_url()).status_code == 404


def test_rejected_form_keeps_input_and_explains_each_error(client, member_a, akteur_a):
    client.force_login(member_a)

    response = client.post(
        reverse("bereich:angebot-neu"),
        form_data(
            akteur=akteur_a.pk, title="", latitude="", longitude="", **{"zeiten-0-closes": ""}
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert 'href="#id_title"' in page and 'href="#id_latitude"' in page
    assert "Bitte setzen Sie den Ort auf der Karte" in page
    assert "Bitte Wochentag, Beginn und Ende angeben." in page
    assert "Wir kochen einmal in der Woche zusammen." in page  # what was typed stays
    assert not Angebot.objects.exists()


def test_point_outside_jena_is_refused(client, member_a, akteur_a):
    client.force_login(member_a)
    # Inside the form's bounding box, but in Jena's surroundings (Isserstedt lies west of it).
    response = client.post(
        reverse("bereich:angebot-neu"),
        form_data(akteur=akteur_a.pk, latitude="50.8100", longitude="11.4100"),
    )
    assert "Dieser Ort liegt nicht in Jena." in response.content.decode()
    assert not Angebot.objects.exists()


def test_offer_without_fixed_place_needs_a_social_space(client, member_a, akteur_a):
    client.force_login(member_a)
    data = form_data(akteur=akteur_a.pk, place_kind="telefon", latitude="", longitude="")

    response = client.post(reverse("bereich:angebot-neu"), data)
    assert "Bitte wählen Sie den Sozialraum" in response.content.decode()

    nord = Sozialraum.objects.get(slug="nord")
    client.post(reverse("bereich:angebot-neu"), {**data, "sozialraum": nord.pk})
    angebot = Angebot.objects.get()
    assert angebot.sozialraum == nord and angebot.point is None and angebot.bezirk is None


def test_member_cannot_create_offers_for_another_actor(client, member_a, akteur_b):
    client.force_login(member_a)

    response = client.post(reverse("bereich:angebot-neu"), form_data(akteur=akteur_b.pk))

    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not Angebot.objects.exists()


def test_other_actors_offer_is_not_found(client, member_a, akteur_b):
    angebot = AngebotFactory(akteur=akteur_b)
    client.force_login(member_a)
    for name in ("angebot", "angebot-bearbeiten"):
        assert client.get(reverse(f"bereich:{name}", kwargs={"pk": angebot.pk})).status_code == 404
    for name in ("angebot-einreichen", "angebot-noch-aktuell", "angebot-archivieren"):
        url = reverse(f"bereich:{name}", kwargs={"pk": angebot.pk})
        assert client.post(url).status_code == 404
    before = Angebot.objects.get(pk=angebot.pk)
    client.post(reverse("bereich:angebot-bearbeiten", kwargs={"pk": angebot.pk}), form_data())
    assert Angebot.objects.get(pk=angebot.pk).title == before.title


def test_one_click_still_current_sets_checked_on(client, member_a, akteur_a):
    angebot = AngebotFactory(akteur=akteur_a, checked_on=timezone.localdate().replace(year=2025))
    client.force_login(member_a)

    response = client.post(
        reverse("bereich:angebot-noch-aktuell", kwargs={"pk": angebot.pk}), {"zurueck": "liste"}
    )

    assert response["Location"] == reverse("bereich:uebersicht")
    angebot.refresh_from_db()
    assert angebot.checked_on == timezone.localdate()
    assert angebot.history.first().history_user == member_a


def test_archiving_takes_the_offer_off_the_portal(client, member_a, akteur_a):
    angebot = AngebotFactory(akteur=akteur_a)
    client.force_login(member_a)

    client.post(reverse("bereich:angebot-archivieren", kwargs={"pk": angebot.pk}))

    angebot.refresh_from_db()
    assert angebot.status == Angebot.Status.ARCHIVED
    assert client.get(angebot.get_absolute_url()).status_code == 404


def test_trusted_actor_publishes_directly(client, member_a, akteur_a):
    akteur_a.is_trusted = True
    akteur_a.save()
    client.force_login(member_a)
    client.post(reverse("bereich:angebot-neu"), form_data(akteur=akteur_a.pk))
    angebot = Angebot.objects.get()

    client.post(reverse("bereich:angebot-einreichen", kwargs={"pk": angebot.pk}))

    angebot.refresh_from_db()
    assert angebot.status == Angebot.Status.PUBLISHED
    assert client.get(angebot.get_absolute_url()).status_code == 200

    # Later changes are published at once, and recorded.
    url = reverse("bereich:angebot-bearbeiten", kwargs={"pk": angebot.pk})
    client.post(url, form_data(title="Kochen und Backen"))
    angebot.refresh_from_db()
    assert angebot.title == "Kochen und Backen"
    assert not Angebot.objects.filter(draft_of=angebot).exists()
    assert angebot.history.first().history_user == member_a
