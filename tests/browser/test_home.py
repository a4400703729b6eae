import pytest

pytestmark = pytest.mark.browser


def test_start_page_map_shows_the_five_social_spaces(page):
    page.goto(page.base_url + "/")
    shapes = page.locator("#karte path.sozialraum-shape")
    shapes.first.wait_for()
    assert shapes.count() == 5
    labels = page.locator("#karte .sozialraum-label").all_inner_texts()
    assert sorted(labels) == ["Lobeda", "Nord", "Ost", "West/Zentrum", "Winzerla"]
