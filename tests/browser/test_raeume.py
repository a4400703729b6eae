"""axe-core on the public room pages, in German and English: the search with results, map and
with a filter error, a room with photo and week view, the request form empty and with errors,
the page after sending, and the confirmation page of a resident's request."""

from datetime import time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from angebote.models import Raum, Raumanfrage, Raumfoto, Sperrzeit
from angebote.services_raeume import confirm_token, local_period
from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible
from tests.angebote.test_raum_buchung import booking, next_weekday
from tests.factories import AkteurFactory, RaumFactory

pytestmark = pytest.mark.browser

# The smallest valid PNG (one pixel); the live server does not serve media, the alt text counts.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0f01f0005000201e3f2f6a90000000049454e44ae426082"
)


@pytest.fixture
def raeume(jena):
    akteur = AkteurFactory(name="Stadtteilzentrum Winzerla", slug="stz-winzerla")
    saal = RaumFactory(
        name="Großer Saal",
        slug="grosser-saal",
        akteur=akteur,
        description="Ein heller Saal im Erdgeschoss.\n\nMit Küche nebenan.",
        capacity=40,
        area_m2=80,
        merkmale=["stufenlos", "rollstuhl-wc", "hoeranlage"],
        ausstattung=["kueche", "beamer", "wlan"],
        zeiten=[(day, time(9), time(21)) for day in range(1, 6)],
    )
    Raumfoto.objects.create(
        raum=saal,
        image=SimpleUploadedFile("saal.png", PNG, content_type="image/png"),
        alt_text="Der Saal mit Stuhlkreis und großen Fenstern",
    )
    RaumFactory(
        name="Werkstatt",
        slug="werkstatt",
        bezirk_number=63,
        capacity=8,
        cost=Raum.Cost.HOURLY,
        price_per_hour="7.50",
        ausstattung=["werkstatt"],
    )
    tuesday = next_weekday(2, 18)
    booking(saal, tuesday, tuesday + timedelta(hours=2))
    Sperrzeit.objects.create(
        raum=saal,
        period=local_period(tuesday + timedelta(days=1, hours=-9), tuesday + timedelta(days=1)),
    )
    return {"saal": saal, "tuesday": tuesday}


def url(page, language: str, path: str) -> str:
    return page.base_url + LANGUAGE_PREFIXES[language] + path


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("query", ["", "period"])
def test_room_search_with_results_and_map_has_no_accessibility_violations(
    page, axe, raeume, query, language
):
    if query == "period":
        day = raeume["tuesday"] + timedelta(days=7)
        query = f"von={day:%Y-%m-%d}T10:00&bis={day:%Y-%m-%d}T12:00&kapazitaet=12"
    response = page.goto(url(page, language, f"/raeume/?{query}"))

    assert response.status == 200
    cards = page.locator(".room-card").count()
    assert cards == (1 if query else 2)
    # The map draws one marker per listed room.
    page.locator(f"#karte[data-marker-count='{cards}']").wait_for()
    assert page.locator("#karte path.leaflet-interactive").count() == cards
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_room_search_with_a_filter_error_has_no_accessibility_violations(
    page, axe, raeume, language
):
    day = raeume["tuesday"]
    page.goto(url(page, language, f"/raeume/?von={day:%Y-%m-%d}T20:00&bis={day:%Y-%m-%d}T18:00"))

    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_bis[aria-invalid=true]").count() == 1
    assert page.locator(".empty-state").is_visible()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_room_with_week_view_has_no_accessibility_violations(page, axe, raeume, language):
    monday = raeume["tuesday"].date() - timedelta(days=1)
    page.goto(url(page, language, f"/raeume/grosser-saal/?woche={monday:%Y-%m-%d}"))
    page.locator("#karte path.leaflet-interactive").wait_for()

    week = page.locator("table.week")
    assert week.locator("tbody tr").count() == 7
    assert week.locator("tbody tr").nth(1).locator("td").nth(1).inner_text().startswith("18:00")
    assert page.locator("img[alt='Der Saal mit Stuhlkreis und großen Fenstern']").count() == 1
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_request_form_empty_and_with_errors_has_no_accessibility_violations(
    page, axe, raeume, language
):
    page.goto(url(page, language, "/raeume/grosser-saal/anfragen/"))
    assert not page.locator("#id_website").is_visible()
    assert_accessible(page, axe, language)

    page.fill("#id_people", "41")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_people[aria-invalid=true]").count() == 1
    assert page.locator("#id_email[aria-invalid=true]").count() == 1
    assert not Raumanfrage.objects.filter(status=Raumanfrage.Status.UNCONFIRMED).exists()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_sending_a_request_and_its_confirmation_have_no_accessibility_violations(
    page, axe, raeume, language
):
    day = raeume["tuesday"] + timedelta(days=7)
    page.goto(url(page, language, f"/raeume/grosser-saal/anfragen/?date={day:%Y-%m-%d}"))
    page.fill("#id_name", "Ada Beispiel")
    page.fill("#id_email", "ada@example.org")
    page.fill("#id_start", "10:00")
    page.fill("#id_end", "12:00")
    page.fill("#id_people", "12")
    page.fill("#id_purpose", "Treffen der Selbsthilfegruppe")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert page.url.endswith("/anfragen/gesendet/")
    assert_accessible(page, axe, language)

    anfrage = Raumanfrage.objects.get(status=Raumanfrage.Status.UNCONFIRMED)
    page.goto(url(page, language, f"/raeume/anfrage/bestaetigen/{confirm_token(anfrage)}/"))
    assert_accessible(page, axe, language)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    anfrage.refresh_from_db()
    assert anfrage.status == Raumanfrage.Status.PENDING
    assert_accessible(page, axe, language)
