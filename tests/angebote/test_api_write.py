"""Providers' write access through the API (/api/v1/eigene-angebote/): the same rules as the
HTML provider area; other actors' offers are not found; changes of published offers of
untrusted actors wait for review."""

from datetime import time

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from angebote.models import Angebot
from sozialraeume.models import Bezirk
from tests.factories import AngebotFactory, load_vocabulary, point_in

URL = "/api/v1/eigene-angebote/"


@pytest.fixture(autouse=True)
def vocabulary(db):
    load_vocabulary()


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def offer_data(akteur, **overrides) -> dict:
    point = point_in(63)  # Lobeda-Ost
    data = {
        "akteur": akteur.slug,
        "title": "Kochen im Stadtteil",
        "summary": "Wir kochen einmal in der Woche zusammen.",
        "kategorien": ["treffpunkt"],
        "place_kind": "vor-ort",
        "street_address": "Karl-Marx-Allee 1",
        "latitude": round(point.y, 6),
        "longitude": round(point.x, 6),
        "zeiten": [{"weekday": 2, "opens": "17:00", "closes": "19:30"}],
    }
    data.update(overrides)
    return data


def detail(angebot: Angebot) -> str:
    return f"{URL}{angebot.pk}/"


def published_offer(akteur) -> Angebot:
    return AngebotFactory(
        akteur=akteur,
        title="Offener Treff",
        kategorien=["treffpunkt"],
        zeiten=[(3, time(15), time(18))],
    )


def test_member_creates_a_draft_for_own_actor_with_a_token(member_a, akteur_a):
    client = token_client(member_a)

    response = client.post(URL, offer_data(akteur_a), format="json")

    assert response.status_code == 201, response.json()
    angebot = Angebot.objects.get()
    body = response.json()
    assert response["Location"] == detail(angebot)
    assert body["id"] == angebot.pk and body["status"] == "entwurf"
    assert body["akteur"] == akteur_a.slug
    assert body["bezirk"] == Bezirk.objects.get(number=63).slug
    assert body["sozialraum"] == "lobeda"
    assert body["zeiten"] == [{"weekday": 2, "opens": "17:00:00", "closes": "19:30:00"}]
    assert body["pending_change"] is None
    assert angebot.status == Angebot.Status.DRAFT and angebot.akteur == akteur_a
    assert angebot.bezirk.number == 63
    assert angebot.history.first().history_user == member_a
    # A draft is not public.
    assert client.get(f"/api/v1/angebote/{angebot.slug}/").status_code == 404
    assert [item["id"] for item in client.get(URL).json()["results"]] == [angebot.pk]


def test_creating_for_another_actor_is_refused_and_stores_nothing(member_a, akteur_b):
    client = token_client(member_a)

    response = client.post(URL, offer_data(akteur_b), format="json")

    assert response.status_code == 400
    assert "akteur" in response.json()
    assert not Angebot.objects.exists()


def test_fachdienst_creates_offers_for_any_actor(fachdienst, akteur_b):
    response = token_client(fachdienst).post(URL, offer_data(akteur_b), format="json")

    assert response.status_code == 201
    assert Angebot.objects.get().akteur == akteur_b


def test_change_of_a_published_offer_of_an_untrusted_actor_waits_for_review(member_a, akteur_a):
    angebot = published_offer(akteur_a)
    client = token_client(member_a)

    response = client.patch(detail(angebot), {"title": "Offener Treff am Abend"}, format="json")

    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["title"] == "Offener Treff" and body["status"] == "veroeffentlicht"
    draft = Angebot.objects.get(draft_of=angebot)
    assert body["pending_change"] == {
        "id": draft.pk,
        "status": "entwurf",
        "review_comment": "",
        "changes": {"title": "Offener Treff am Abend"},
    }
    # The public offer is unchanged; the change carries the published vocabularies and times.
    angebot.refresh_from_db()
    assert angebot.title == "Offener Treff" and angebot.status == Angebot.Status.PUBLISHED
    public = client.get(f"/api/v1/angebote/{angebot.slug}/").json()
    assert public["title"] == "Offener Treff"
    assert [k.code for k in draft.kategorien.all()] == ["treffpunkt"]
    assert [(z.weekday, z.opens) for z in draft.zeiten.all()] == [(3, time(15))]

    # A second change adds to the pending one instead of starting again from the public one.
    response = client.patch(detail(angebot), {"summary": "Jeden Mittwoch."}, format="json")
    assert response.status_code == 202
    assert response.json()["pending_change"]["changes"] == {
        "title": "Offener Treff am Abend",
        "summary": "Jeden Mittwoch.",
    }
    assert Angebot.objects.filter(draft_of=angebot).count() == 1

    response = client.post(f"{detail(angebot)}einreichen/")
    assert response.status_code == 200
    assert response.json()["pending_change"]["status"] == "pruefung"
    assert response.json()["title"] == "Offener Treff"


def test_trusted_actors_change_is_published_directly(member_a, akteur_a):
    akteur_a.is_trusted = True
    akteur_a.save()
    angebot = published_offer(akteur_a)

    response = token_client(member_a).patch(
        detail(angebot), {"title": "Offener Treff am Abend"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Offener Treff am Abend"
    assert response.json()["pending_change"] is None
    angebot.refresh_from_db()
    assert angebot.title == "Offener Treff am Abend"
    assert not Angebot.objects.filter(draft_of=angebot).exists()
    assert angebot.history.first().history_user == member_a


def test_other_actors_offer_is_not_found_and_stays_unchanged(member_b, akteur_a):
    published = published_offer(akteur_a)
    draft = AngebotFactory(akteur=akteur_a, status=Angebot.Status.DRAFT, title="Entwurf A")
    client = token_client(member_b)

    assert client.get(detail(published)).status_code == 404
    assert client.patch(detail(published), {"title": "Gekapert"}, format="json").status_code == 404
    assert client.put(detail(published), offer_data(akteur_a), format="json").status_code == 404
    assert client.post(f"{detail(draft)}einreichen/").status_code == 404
    assert client.get(URL).json()["results"] == []

    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.title == "Offener Treff"
    assert draft.status == Angebot.Status.DRAFT
    assert Angebot.objects.count() == 2


def test_pending_change_is_not_addressable_itself(member_a, akteur_a):
    angebot = published_offer(akteur_a)
    client = token_client(member_a)
    client.patch(detail(angebot), {"title": "Neu"}, format="json")
    draft = Angebot.objects.get(draft_of=angebot)

    assert client.get(detail(draft)).status_code == 404


def test_anonymous_requests_are_refused_and_store_nothing(akteur_a):
    client = APIClient()

    response = client.post(URL, offer_data(akteur_a), format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert client.get(URL).status_code == 401
    assert not Angebot.objects.exists()


def test_unknown_token_is_refused(akteur_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    assert client.post(URL, offer_data(akteur_a), format="json").status_code == 401
    assert not Angebot.objects.exists()


def test_session_without_csrf_token_is_refused(member_a, akteur_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(member_a)

    response = client.post(URL, offer_data(akteur_a), format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Angebot.objects.exists()
    # Reading needs no CSRF token.
    assert client.get(URL).status_code == 200


def test_point_outside_jena_is_refused_with_a_message_on_latitude(member_a, akteur_a):
    client = token_client(member_a)
    # Inside the bounding box, but in Jena's surroundings (Isserstedt lies west of it).
    data = offer_data(akteur_a, latitude=50.81, longitude=11.41)

    response = client.post(URL, data, format="json")

    assert response.status_code == 400
    assert response.json() == {"latitude": ["Dieser Ort liegt nicht in Jena."]}
    assert not Angebot.objects.exists()

    english = client.post(URL, data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"latitude": ["This location is not in Jena."]}


def test_coordinates_are_given_together_and_on_site_offers_need_them(member_a, akteur_a):
    client = token_client(member_a)

    only_latitude = offer_data(akteur_a)
    del only_latitude["longitude"]
    response = client.post(URL, only_latitude, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["longitude"]

    response = client.post(URL, offer_data(akteur_a, latitude=None, longitude=None), format="json")
    assert response.status_code == 400
    assert response.json()["latitude"] == ["Ein Angebot vor Ort braucht einen Ort auf der Karte."]
    assert not Angebot.objects.exists()


def test_offer_without_fixed_place_needs_a_social_space(member_a, akteur_a):
    client = token_client(member_a)
    data = offer_data(akteur_a, place_kind="telefon", latitude=None, longitude=None)

    response = client.post(URL, data, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["sozialraum"]

    response = client.post(URL, {**data, "sozialraum": "nord"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["sozialraum"] == "nord"
    assert body["bezirk"] is None and body["latitude"] is None


def test_bad_values_are_reported_per_field(member_a, akteur_a):
    data = offer_data(
        akteur_a,
        kategorien=["gibt-es-nicht"],
        cost="betrag",
        zeiten=[{"weekday": 8, "opens": "10:00", "closes": "10:00"}],
    )

    client = token_client(member_a)
    response = client.post(URL, data, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"kategorien", "zeiten"}
    assert not Angebot.objects.exists()
    # With valid values, the rule of the cost amount is checked too.
    response = client.post(URL, offer_data(akteur_a, cost="betrag"), format="json")
    assert response.json() == {"cost_amount": ["Bitte den Betrag in Euro angeben (0 oder mehr)."]}


def test_einreichen_moves_a_draft_into_review(member_a, akteur_a):
    client = token_client(member_a)
    angebot_id = client.post(URL, offer_data(akteur_a), format="json").json()["id"]

    response = client.post(f"{URL}{angebot_id}/einreichen/")

    assert response.status_code == 200
    assert response.json()["status"] == "pruefung"
    assert Angebot.objects.get(pk=angebot_id).status == Angebot.Status.REVIEW

    again = client.post(f"{URL}{angebot_id}/einreichen/")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["Nur ein Entwurf kann eingereicht werden."]}


def test_trusted_actors_einreichen_publishes(member_a, akteur_a):
    akteur_a.is_trusted = True
    akteur_a.save()
    client = token_client(member_a)
    angebot_id = client.post(URL, offer_data(akteur_a), format="json").json()["id"]

    response = client.post(f"{URL}{angebot_id}/einreichen/")

    assert response.json()["status"] == "veroeffentlicht"
    slug = response.json()["slug"]
    assert client.get(f"/api/v1/angebote/{slug}/").status_code == 200


def test_list_filters_by_status(member_a, akteur_a):
    published_offer(akteur_a)
    AngebotFactory(akteur=akteur_a, status=Angebot.Status.DRAFT, title="Entwurf")
    client = token_client(member_a)

    drafts = client.get(URL, {"status": "entwurf"}).json()["results"]
    published = client.get(URL, {"status": "veroeffentlicht"}).json()["results"]

    assert [item["title"] for item in drafts] == ["Entwurf"]
    assert [item["title"] for item in published] == ["Offener Treff"]


def test_personal_answers_never_enter_the_shared_page_cache(member_a, akteur_a, settings, tmp_path):
    settings.CACHE_MIDDLEWARE_SECONDS = 300
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "jena_sozialraum.page_cache.PageFileCache",
            "LOCATION": str(tmp_path / "pages"),
        },
    }
    published_offer(akteur_a)

    response = token_client(member_a).get(URL)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert APIClient().get(URL).status_code == 401
