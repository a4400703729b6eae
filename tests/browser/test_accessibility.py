"""axe-core checks every public page, in German and English, against WCAG 2.0/2.1 A and AA.

The API docs (/api/docs/, Swagger UI) are not in this list: Swagger UI nests a link inside each
operation's toggle button (nested-interactive, with deep linking on) and, once an operation is
opened, draws syntax-highlighted JSON with inline colours below 4.5:1 in a scrolling box that
cannot take keyboard focus. Our template override fixes what it can (page language, colours in
the collapsed view); test_api_docs_declare_english_as_their_language keeps that in place.
"""

import pytest

from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible

pytestmark = pytest.mark.browser

# Pages with a Leaflet map: axe runs only after the map has drawn its shapes and labels.
MAP_PAGES = ["/", "/sozialraeume/", "/sozialraeume/lobeda/", "/sozialraeume/west-zentrum/"]
PLAIN_PAGES = [
    "/barrierefreiheit/",
    "/leichte-sprache/",
    "/impressum/",
    "/datenschutz/",
    "/daten/",
]
MISSING_PAGE = "/gibt-es-nicht/"


def wait_for_map(page) -> None:
    page.locator("#karte path.sozialraum-shape").first.wait_for()
    page.locator("#karte .sozialraum-label").first.wait_for()


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("path", MAP_PAGES)
def test_map_page_has_no_accessibility_violations(page, axe, path, language):
    page.goto(page.base_url + LANGUAGE_PREFIXES[language] + path)
    wait_for_map(page)
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("path", PLAIN_PAGES)
def test_page_has_no_accessibility_violations(page, axe, path, language):
    response = page.goto(page.base_url + LANGUAGE_PREFIXES[language] + path)
    assert response.status == 200
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_not_found_page_has_no_accessibility_violations(page, axe, language):
    response = page.goto(page.base_url + LANGUAGE_PREFIXES[language] + MISSING_PAGE)
    assert response.status == 404
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_feedback_form_with_errors_has_no_accessibility_violations(page, axe, language):
    page.goto(page.base_url + LANGUAGE_PREFIXES[language] + "/barrierefreiheit/")
    with page.expect_navigation():
        page.locator("#rueckmeldung ~ form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    message = page.locator("textarea[aria-invalid=true]")
    assert message.count() == 1
    error_id = message.get_attribute("aria-describedby").split()[-1]
    assert page.locator(f"#{error_id}").is_visible()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("path", ["/", "/sozialraeume/lobeda/", "/datenschutz/"])
def test_page_does_not_scroll_sideways_at_320_pixels(page, path):
    """WCAG 1.4.10 Reflow: at 320 CSS pixels only wide tables may scroll, inside their own box."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(page.base_url + path)
    if path in MAP_PAGES:
        wait_for_map(page)
    widths = page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            body: document.body.scrollWidth,
            viewport: document.documentElement.clientWidth,
        })"""
    )
    assert widths["page"] <= widths["viewport"], widths
    assert widths["body"] <= widths["viewport"], widths


def test_wide_table_scrolls_in_a_box_that_keyboard_users_can_reach(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(page.base_url + "/sozialraeume/lobeda/")
    box = page.get_by_role("region", name="Statistische Bezirke mit Einwohnerzahl")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.activeElement.scrollLeft > 0")


def test_api_docs_declare_english_as_their_language(page):
    page.goto(page.base_url + "/api/docs/")
    page.locator(".opblock-summary-control").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
