"""The offer map (/karte/): markers for the filters, filters without reload, the list as its twin.

The map script reports what it drew in window.angeboteKarteState and on #karte
(data-marker-count, data-query, data-state="ready"), so tests wait for a state, never for time.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from angebote.models import Angebot
from sozialraeume.models import Sozialraum
from tests.factories import AngebotFactory

pytestmark = pytest.mark.browser

LOBEDA_OST, NORD_II, WINZERLA = 63, 72, 90


def open_map(page, path: str = "/karte/") -> None:
    page.goto(page.base_url + path)
    wait_for_markers(page, path.partition("?")[2])


def wait_for_markers(page, query: str) -> None:
    """Until the markers for `query` (the filters as in the URL) are on the map."""
    page.wait_for_function(
        "query => window.angeboteKarteState && window.angeboteKarteState.query === query"
        " && !window.angeboteKarteState.loading",
        arg=query,
    )


def marker_count(page) -> int:
    count = page.evaluate("window.angeboteKarteState.markerCount")
    assert page.locator("#karte").get_attribute("data-marker-count") == str(count)
    return count


def listed_titles(page) -> list[str]:
    return sorted(page.locator("#ergebnisse .offer-card h3").all_inner_texts())


def remember_document(page) -> None:
    """Marks the loaded document; a full page load would lose the mark."""
    page.evaluate("window.sameDocument = true")


def same_document(page) -> bool:
    return page.evaluate("window.sameDocument === true")


@pytest.fixture
def offers(jena):
    """Two free offers in Lobeda, one paid in Nord, one without a place, one draft."""
    return {
        "treff": AngebotFactory(title="Offener Treff Lobeda", bezirk_number=LOBEDA_OST),
        "cafe": AngebotFactory(title="Erzählcafé Winzerla", bezirk_number=WINZERLA),
        "sport": AngebotFactory(
            title="Rollstuhlsport Nord",
            bezirk_number=NORD_II,
            cost=Angebot.Cost.AMOUNT,
            cost_amount=3,
        ),
        "telefon": AngebotFactory(
            title="Beratung am Telefon",
            point=None,
            place_kind=Angebot.PlaceKind.PHONE,
            sozialraum=Sozialraum.objects.get(slug="nord"),
        ),
        "entwurf": AngebotFactory(title="Noch nicht fertig", status=Angebot.Status.DRAFT),
    }


def test_map_draws_one_marker_per_published_offer_with_a_place(page, offers):
    open_map(page)

    assert marker_count(page) == 3
    drawn = page.evaluate(
        "() => { const slugs = [];"
        " window.angeboteKarteState.markers.eachLayer(m => slugs.push(m.feature.properties.slug));"
        " return slugs.sort(); }"
    )
    assert drawn == sorted(offers[key].slug for key in ("treff", "cafe", "sport"))
    # The list twin also holds the offer without a place, which has no marker.
    assert len(listed_titles(page)) == 4
    assert page.locator("#karte").get_attribute("data-state") == "ready"


def test_map_shows_social_space_boundaries_and_the_data_attribution(page, offers):
    open_map(page)

    labels = page.locator("#karte .karte-sozialraum-label").all_inner_texts()
    assert sorted(labels) == ["Lobeda", "Nord", "Ost", "West/Zentrum", "Winzerla"]
    assert page.locator("#karte path.karte-sozialraum").count() == 5
    attribution = page.locator("#karte .leaflet-control-attribution").inner_text()
    assert "Stadt Jena, Stand 2017" in attribution


def test_checking_free_offers_updates_markers_list_and_url_without_reload(page, offers):
    open_map(page)
    remember_document(page)

    page.get_by_label("Nur kostenlose Angebote").check()
    wait_for_markers(page, "kostenlos=1")

    assert marker_count(page) == 2
    assert listed_titles(page) == [
        "Beratung am Telefon",
        "Erzählcafé Winzerla",
        "Offener Treff Lobeda",
    ]
    assert page.locator("#ergebnisse-titel").inner_text() == "3 Angebote gefunden"
    assert page.url == page.base_url + "/karte/?kostenlos=1"
    assert same_document(page)
    # The announcement is the same live region, updated in place.
    assert page.locator("#ergebnisse-titel").get_attribute("role") == "status"
    # Focus stays on the checkbox the user changed.
    assert page.evaluate("document.activeElement.id") == "id_kostenlos"


def test_choosing_a_social_space_shows_only_its_offers_and_fits_the_map_to_them(page, offers):
    open_map(page)
    remember_document(page)

    page.get_by_label("Sozialraum").select_option("nord")
    wait_for_markers(page, "sozialraum=nord")

    assert marker_count(page) == 1
    assert listed_titles(page) == ["Beratung am Telefon", "Rollstuhlsport Nord"]
    assert page.url == page.base_url + "/karte/?sozialraum=nord"
    assert same_document(page)
    in_view = page.evaluate(
        "([lat, lon]) => window.angeboteKarteState.map.getBounds().contains([lat, lon])",
        [offers["sport"].point.y, offers["sport"].point.x],
    )
    assert in_view
    # Back to all offers: the filter is removed from the URL again.
    page.get_by_label("Sozialraum").select_option("")
    wait_for_markers(page, "")
    assert marker_count(page) == 3
    assert page.url == page.base_url + "/karte/"


def test_opening_the_map_filtered_by_social_space_shows_only_its_offers(page, offers):
    open_map(page, "/karte/?sozialraum=nord")

    assert marker_count(page) == 1
    assert listed_titles(page) == ["Beratung am Telefon", "Rollstuhlsport Nord"]
    assert page.get_by_label("Sozialraum").input_value() == "nord"


def test_typing_a_search_term_loads_markers_once_after_a_pause(page, offers):
    open_map(page)
    remember_document(page)
    requests = []
    page.on(
        "request",
        lambda request: requests.append(request.url) if "format=geojson" in request.url else None,
    )

    page.get_by_label("Suchbegriff").press_sequentially("Treff", delay=40)
    wait_for_markers(page, "q=Treff")

    assert marker_count(page) == 1
    assert listed_titles(page) == ["Offener Treff Lobeda"]
    assert page.url == page.base_url + "/karte/?q=Treff"
    assert len(requests) == 1, requests
    assert same_document(page)


def test_a_filter_with_no_match_empties_map_and_list_and_offers_help(page, offers):
    open_map(page)

    page.get_by_label("Wochentag").select_option("so")
    wait_for_markers(page, "tag=so")

    assert marker_count(page) == 0
    assert page.locator("#ergebnisse-titel").inner_text() == "0 Angebote gefunden"
    assert page.locator("#ergebnisse .empty-state").is_visible()
    assert page.locator("#filter .form-actions a").inner_text() == "Alle Filter zurücksetzen"


def test_a_radius_without_a_place_explains_the_error_without_reload(page, offers):
    open_map(page)
    remember_document(page)

    page.get_by_text("Weitere Filter: Bezirk, Sprache, Umkreis").click()
    page.get_by_label("Umkreis in Metern").fill("500")
    page.get_by_label("Umkreis in Metern").press("Enter")
    wait_for_markers(page, "umkreis=500")

    summary = page.locator("#filter .error-summary")
    assert "Breitengrad, Längengrad und Umkreis" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "fehler"
    assert marker_count(page) == 0
    assert same_document(page)

    page.get_by_label("Umkreis in Metern").fill("")
    page.get_by_label("Umkreis in Metern").press("Enter")
    wait_for_markers(page, "")
    assert summary.count() == 0
    assert marker_count(page) == 3


def test_keyboard_user_tabs_from_skip_link_through_filters_to_an_offer_and_opens_it(page, offers):
    open_map(page)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")

    passed_filter_form = False
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.getElementById('filter').contains(document.activeElement)"):
            passed_filter_form = True
        if page.evaluate("!!document.activeElement.closest('#ergebnisse .offer-card h3')"):
            break
    else:
        pytest.fail("Tab never reached an offer in the list below the map")
    assert passed_filter_form
    title = page.evaluate("document.activeElement.textContent")
    assert title == "Beratung am Telefon"

    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == page.base_url + offers["telefon"].get_absolute_url()
    assert page.locator("h1").inner_text() == title


def test_focusing_or_hovering_a_list_entry_highlights_its_marker(page, offers):
    open_map(page)
    slug = offers["cafe"].slug
    card = page.locator(f"#ergebnisse .offer-card[data-slug='{slug}']")

    card.locator("a").focus()

    assert page.evaluate("window.angeboteKarteState.highlighted") == slug
    radius = (
        "slug => window.angeboteKarteState.markers.getLayers()"
        ".find(m => m.feature.properties.slug === slug).getRadius()"
    )
    assert page.evaluate(radius, slug) > 10
    assert "is-highlighted" in card.get_attribute("class")

    page.keyboard.press("Escape")
    assert page.evaluate("window.angeboteKarteState.highlighted") is None
    assert page.evaluate(radius, slug) < 10

    page.locator(f"#ergebnisse .offer-card[data-slug='{offers['treff'].slug}'] p").hover()
    assert page.evaluate("window.angeboteKarteState.highlighted") == offers["treff"].slug


def click_marker(page, slug: str) -> None:
    point = page.evaluate(
        """slug => {
            const state = window.angeboteKarteState;
            const marker = state.markers.getLayers().find(m => m.feature.properties.slug === slug);
            return state.map.latLngToContainerPoint(marker.getLatLng());
        }""",
        slug,
    )
    box = page.locator("#karte").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_clicking_a_marker_opens_a_popup_linking_to_the_offer_in_the_page_language(page, offers):
    open_map(page, "/en/karte/")

    click_marker(page, offers["sport"].slug)

    link = page.locator("#karte .leaflet-popup-content a")
    assert link.inner_text() == "Rollstuhlsport Nord"
    assert link.get_attribute("href") == f"/en/angebote/{offers['sport'].slug}/"
    with page.expect_navigation():
        link.click()
    assert page.url == page.base_url + f"/en/angebote/{offers['sport'].slug}/"


def test_filter_form_submits_normally_without_javascript(browser, live_server, jena, offers):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/karte/")
        assert page.locator(".map-figure").is_hidden()

        page.get_by_label("Nur kostenlose Angebote").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Angebote anzeigen").click()

        # A plain GET form sends its empty fields too; the filters ignore them.
        url = urlsplit(page.url)
        assert url.path == "/karte/"
        assert parse_qs(url.query) == {"kostenlos": ["1"]}
        assert page.locator("#ergebnisse-titel").inner_text() == "3 Angebote gefunden"
    finally:
        context.close()
