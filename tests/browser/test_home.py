import pytest

pytestmark = pytest.mark.browser

SPACE_NAMES = ["Lobeda", "Nord", "Ost", "West/Zentrum", "Winzerla"]


def wait_for_map(page) -> None:
    page.locator("#karte path.sozialraum-shape").first.wait_for()
    page.locator("#karte path.bezirk-shape").first.wait_for(state="attached")


def district_stroke_opacities(page, slug: str) -> list[str]:
    """Computed stroke opacity of every district path of one social space on the map."""
    return page.locator(f"#karte path.bezirk-shape[data-bezirk-von='{slug}']").evaluate_all(
        "paths => paths.map(path => getComputedStyle(path).strokeOpacity)"
    )


def test_start_page_map_shows_the_five_social_spaces(page):
    page.goto(page.base_url + "/")
    shapes = page.locator("#karte path.sozialraum-shape")
    shapes.first.wait_for()
    assert shapes.count() == 5
    labels = page.locator("#karte .sozialraum-label").all_inner_texts()
    assert sorted(labels) == SPACE_NAMES


def test_list_twin_lists_the_five_spaces_with_their_districts(page):
    page.goto(page.base_url + "/")
    cards = page.locator(".list-twin .space-card")
    assert sorted(cards.locator("h3").all_inner_texts()) == SPACE_NAMES
    districts = cards.locator(".district-list li")
    assert districts.count() == 41
    lobeda = page.locator(".space-card[data-sozialraum='lobeda'] .district-list li")
    assert any(text.startswith("Lobeda-West") for text in lobeda.all_text_contents())


def test_list_works_without_javascript_and_leaves_no_empty_map_box(browser, live_server, jena):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert page.locator(".list-twin .space-card").count() == 5
        assert page.locator(".list-twin").is_visible()
        assert page.locator(".map-figure").is_hidden()
        assert page.locator("#karte").bounding_box() is None
    finally:
        context.close()


def test_hovering_a_list_entry_highlights_its_districts_on_the_map(page):
    page.goto(page.base_url + "/")
    wait_for_map(page)
    assert set(district_stroke_opacities(page, "lobeda")) == {"0"}

    page.locator(".space-card[data-sozialraum='lobeda'] h3").hover()

    assert set(district_stroke_opacities(page, "lobeda")) == {"1"}
    assert set(district_stroke_opacities(page, "nord")) == {"0"}
    assert "is-highlighted" in page.locator(".space-card[data-sozialraum='lobeda']").get_attribute(
        "class"
    )


def test_focusing_a_list_entry_highlights_its_districts_on_the_map(page):
    page.goto(page.base_url + "/")
    wait_for_map(page)

    page.locator(".space-card[data-sozialraum='winzerla'] h3 a").focus()

    assert set(district_stroke_opacities(page, "winzerla")) == {"1"}
    assert set(district_stroke_opacities(page, "lobeda")) == {"0"}
    card = page.locator(".space-card[data-sozialraum='winzerla']")
    assert "is-highlighted" in card.get_attribute("class")

    page.keyboard.press("Escape")

    assert set(district_stroke_opacities(page, "winzerla")) == {"0"}


def test_map_carries_the_data_attribution(page):
    page.goto(page.base_url + "/")
    wait_for_map(page)
    attribution = page.locator("#karte .leaflet-control-attribution")
    assert "Stadt Jena, Stand 2017" in attribution.inner_text()


def test_map_zoom_buttons_are_labelled_in_the_page_language(page):
    page.goto(page.base_url + "/")
    wait_for_map(page)
    zoom_in = page.locator("#karte .leaflet-control-zoom-in")
    assert zoom_in.get_attribute("aria-label") == "Karte vergrößern"
    assert page.get_by_role("button", name="Karte verkleinern").count() == 1


def test_keyboard_user_can_skip_to_content(page):
    page.goto(page.base_url + "/")

    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip_link.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # shown on screen while focused

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"

    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('inhalt').contains(document.activeElement)")
    assert page.evaluate("document.activeElement.tagName") == "A"
