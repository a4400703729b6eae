"""axe-core checks the offer and actor pages, in German and English, against WCAG 2.0/2.1 A and AA.

The data covers what the templates can show: an offer with easy-language summary, opening times,
accessibility features with icons, contact links and a mini map; one without a place; a paid
one; an actor with address and contact.
"""

from datetime import date, time

import pytest

from angebote.models import Angebot
from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible
from sozialraeume.models import Akteur, Sozialraum
from tests.factories import AkteurFactory, AngebotFactory

pytestmark = pytest.mark.browser


LIST_PAGES = {
    "list": "/angebote/",
    "filtered list": "/angebote/?kostenlos=1&sozialraum=lobeda",
    "empty list": "/angebote/?q=Zauberwuerfelturnier&tag=so",
    "list with open filter groups": "/angebote/?kategorie=beratung&barrierefrei=stufenlos",
    "list with a filter error": "/angebote/?umkreis=500",
    "actor list": "/akteure/",
}


@pytest.fixture
def offers(jena):
    lobeda = Sozialraum.objects.get(slug="lobeda")
    akteur = AkteurFactory(
        name="Stadtteilbüro Lobeda",
        slug="stadtteilbuero-lobeda",
        kind=Akteur.Kind.STADTTEILBUERO,
        description="Anlaufstelle für alle Fragen im Stadtteil.",
        street_address="Karl-Marx-Allee 28",
        postal_code="07747",
        phone="03641 123456",
        email="buero@example.org",
        website="https://example.org/lobeda",
    )
    akteur.sozialraeume.set([lobeda])
    treff = AngebotFactory(
        title="Offener Treff im Stadtteilbüro",
        summary="Kaffee, Gespräche und Hilfe bei Formularen.",
        description="Jeden Dienstag und Donnerstag.\n\nAuch mit Kindern.",
        easy_summary="Hier treffen sich Menschen.\nSie trinken Kaffee.\nSie reden.",
        akteur=akteur,
        street_address="Karl-Marx-Allee 28",
        postal_code="07747",
        kategorien=["treffpunkt", "beratung"],
        merkmale=["stufenlos", "rollstuhl-wc", "leichte-sprache", "hoeranlage"],
        zielgruppen=["seniorinnen"],
        zeiten=[(2, time(10), time(12)), (2, time(14), time(17)), (4, time(20), time(1))],
        languages=["de", "en", "ar"],
        phone="03641 123456",
        email="treff@example.org",
        website="https://example.org/treff",
        checked_on=date(2026, 3, 1),
        by_appointment=True,
    )
    AngebotFactory(
        title="Beratung am Telefon",
        akteur=akteur,
        point=None,
        place_kind=Angebot.PlaceKind.PHONE,
        sozialraum=lobeda,
        kategorien=["beratung"],
    )
    AngebotFactory(
        title="Tanzkurs Nord",
        bezirk_number=72,
        cost=Angebot.Cost.AMOUNT,
        cost_amount=4,
        cost_note="ermäßigt 2 Euro",
        registration_required=True,
    )
    return {"treff": treff, "akteur": akteur}


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_page_has_no_accessibility_violations(page, axe, offers, name, language):
    response = page.goto(page.base_url + LANGUAGE_PREFIXES[language] + LIST_PAGES[name])
    assert response.status == 200
    if name == "list with a filter error":
        assert page.locator(".error-summary").is_visible()
    elif name == "empty list":
        assert page.locator(".empty-state").is_visible()
    else:
        assert page.locator(".offer-card").count() > 0
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_second_page_of_a_long_list_has_no_accessibility_violations(page, axe, language):
    for number in range(21):
        AngebotFactory(title=f"Sprechstunde {number:02d}")
    page.goto(page.base_url + LANGUAGE_PREFIXES[language] + "/angebote/?page=2")
    assert page.locator(".pagination a[rel=prev]").is_visible()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_offer_page_has_no_accessibility_violations(page, axe, offers, language):
    url = LANGUAGE_PREFIXES[language] + offers["treff"].get_absolute_url()
    page.goto(page.base_url + url)
    page.locator("#karte path.leaflet-interactive").wait_for()
    assert page.locator(".easy-box").is_visible()
    assert page.locator(".schedule dt").count() == 2
    assert page.locator(".features li").count() == 4
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_actor_page_has_no_accessibility_violations(page, axe, offers, language):
    url = LANGUAGE_PREFIXES[language] + offers["akteur"].get_absolute_url()
    page.goto(page.base_url + url)
    assert page.locator(".offer-card").count() == 2
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("query", ["", "?kostenlos=1"])
def test_map_page_has_no_accessibility_violations(page, axe, offers, query, language):
    page.goto(page.base_url + LANGUAGE_PREFIXES[language] + "/karte/" + query)
    page.wait_for_function(
        "query => window.angeboteKarteState && window.angeboteKarteState.query === query"
        " && !window.angeboteKarteState.loading && window.angeboteKarteState.markerCount > 0",
        arg=query.lstrip("?"),
    )
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_map_page_with_popup_and_filtered_list_has_no_accessibility_violations(
    page, axe, offers, language
):
    page.goto(page.base_url + LANGUAGE_PREFIXES[language] + "/karte/")
    page.wait_for_function("window.angeboteKarteState && window.angeboteKarteState.query === ''")
    page.locator("#id_sozialraum").select_option("lobeda")
    page.wait_for_function(
        "window.angeboteKarteState.query === 'sozialraum=lobeda'"
        " && !window.angeboteKarteState.loading"
    )
    point = page.evaluate(
        """() => {
            const state = window.angeboteKarteState;
            return state.map.latLngToContainerPoint(state.markers.getLayers()[0].getLatLng());
        }"""
    )
    box = page.locator("#karte").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.locator("#karte .leaflet-popup-content a").wait_for()
    # The popup fades in; axe would measure the contrast of a half-transparent link.
    page.wait_for_function(
        "getComputedStyle(document.querySelector('#karte .leaflet-popup')).opacity === '1'"
    )
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("state", ["ask", "thanks", "invalid"])
def test_still_current_pages_have_no_accessibility_violations(page, axe, offers, state, language):
    from angebote.freshness import confirm_token

    treff = offers["treff"]
    token = "kaputt" if state == "invalid" else confirm_token(treff)
    page.goto(
        f"{page.base_url}{LANGUAGE_PREFIXES[language]}/angebote/{treff.slug}/noch-aktuell/{token}/"
    )
    if state == "thanks":
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    assert_accessible(page, axe, language)
