import json
import re
from datetime import time

import pytest

from angebote.models import Angebot
from tests.factories import AkteurFactory, AngebotFactory


@pytest.fixture
def angebot(db):
    return AngebotFactory(
        title="Offene Beratung",
        summary="Hilfe bei Fragen zu Wohnen und Alltag.",
        easy_summary="Hier bekommen Sie Hilfe.",
        kategorien=["beratung"],
        merkmale=["stufenlos", "leichte-sprache"],
        zeiten=[(1, time(10), time(12)), (6, time(22), time(2))],
        phone="03641 49 00",
        email="beratung@example.org",
        street_address="Karl-Marx-Allee 1",
        postal_code="07747",
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_offer_pages_answer_in_german_and_english(client, angebot, prefix):
    paths = [
        "/angebote/",
        "/karte/",
        "/akteure/",
        angebot.get_absolute_url(),
        f"/angebote/{angebot.slug}/leichte-sprache/",
        angebot.akteur.get_absolute_url(),
    ]
    for path in paths:
        response = client.get(prefix + path)
        assert response.status_code == 200, prefix + path
        assert f'<html lang="{prefix.strip("/") or "de"}">' in response.content.decode()


def test_detail_page_shows_times_in_words_contact_links_and_features(client, angebot):
    html = client.get(angebot.get_absolute_url()).content.decode()

    assert "Montag" in html and "10:00 bis 12:00 Uhr" in html
    assert "22:00 bis 02:00 Uhr" in html
    assert 'href="tel:036414900"' in html
    assert 'href="mailto:beratung@example.org"' in html
    assert "Stufenloser Eingang" in html
    assert "Hier bekommen Sie Hilfe." in html
    assert "Lobeda-Ost" in html


def test_detail_page_carries_schema_org_json_ld(client, angebot):
    html = client.get(angebot.get_absolute_url()).content.decode()

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Service"
    assert data["name"] == "Offene Beratung"
    assert data["isAccessibleForFree"] is True
    assert data["availableChannel"]["serviceLocation"]["address"]["postalCode"] == "07747"
    assert {h["dayOfWeek"] for h in data["hoursAvailable"]} == {
        "https://schema.org/Monday",
        "https://schema.org/Saturday",
    }


def test_json_ld_cannot_break_out_of_its_script_element(client, db):
    angebot = AngebotFactory(title="</script><script>alert(1)</script>")

    html = client.get(angebot.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html


def test_easy_language_view_answers_the_simple_questions(client, angebot):
    html = client.get(f"/angebote/{angebot.slug}/leichte-sprache/").content.decode()

    assert "Hier bekommen Sie Hilfe." in html
    assert "Nein. Das Angebot ist kostenlos." in html
    assert "Am Montag von 10:00 Uhr bis 12:00 Uhr." in html


def test_draft_offer_page_is_404(client, db):
    draft = AngebotFactory(status=Angebot.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_list_shows_count_and_paginates(client, db):
    for i in range(25):
        AngebotFactory(title=f"Treff {i:02d}")

    first = client.get("/angebote/?kostenlos=1").content.decode()
    second = client.get("/angebote/?kostenlos=1&page=2").content.decode()

    assert "25 Angebote gefunden" in first
    assert "Seite 1 von 2" in first
    assert 'href="?kostenlos=1&amp;page=2"' in first  # filters stay in the pagination links
    assert "Treff 24" in second


def test_empty_result_explains_what_to_do(client, db):
    html = client.get("/angebote/?q=Zeppelinflug").content.decode()

    assert "0 Angebote gefunden" in html
    assert "Wählen Sie weniger Filter aus." in html


def test_actor_list_filters_by_kind_and_space(client, db):
    verein = AkteurFactory(name="Nachbarschaftsverein", kind="verein")
    buero = AkteurFactory(name="Stadtteilbüro Nord", kind="stadtteilbuero")
    buero.sozialraeume.set([1])

    by_kind = client.get("/akteure/?art=stadtteilbuero").content.decode()
    api = client.get("/api/v1/akteure/?sozialraum=lobeda").json()

    assert buero.name in by_kind and verein.name not in by_kind
    assert [a["slug"] for a in api["results"]] == [buero.slug]


def test_actor_page_lists_its_published_offers(client, db):
    angebot = AngebotFactory(title="Spieleabend")
    AngebotFactory(title="Geheimer Entwurf", akteur=angebot.akteur, status=Angebot.Status.DRAFT)

    html = client.get(angebot.akteur.get_absolute_url()).content.decode()

    assert "Spieleabend" in html
    assert "Geheimer Entwurf" not in html
