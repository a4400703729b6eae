import pytest

from sozialraeume.models import AccessibilityFeedback

PAGES = [
    "/",
    "/sozialraeume/",
    "/sozialraeume/lobeda/",
    "/sozialraeume/winzerla/",
    "/sozialraeume/west-zentrum/",
    "/sozialraeume/nord/",
    "/sozialraeume/ost/",
    "/barrierefreiheit/",
    "/leichte-sprache/",
    "/impressum/",
    "/datenschutz/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", ["de", "en"])
def test_page_answers_in_german_and_english(client, db, path, language):
    url = path if language == "de" else f"/en{path}"

    response = client.get(url)

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_start_page_lists_all_five_spaces_with_districts_and_residents(client, db):
    html = client.get("/").content.decode()

    for name in ["Lobeda", "Winzerla", "West/Zentrum", "Nord", "Ost"]:
        assert f">{name}</a>" in html
    assert "Lobeda-Ost" in html  # a district, in the list that works without JavaScript
    assert "26.146" in html  # residents of Lobeda 2017, German number format


def test_english_start_page_uses_english_number_format(client, db):
    html = client.get("/en/").content.decode()

    assert "26,146" in html


def test_start_page_needs_a_constant_number_of_queries(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        client.get("/")


def test_language_switch_links_to_the_same_page_in_the_other_language(client, db):
    german = client.get("/sozialraeume/nord/").content.decode()
    english = client.get("/en/sozialraeume/nord/").content.decode()

    assert 'href="/en/sozialraeume/nord/" hreflang="en"' in german
    assert 'href="/sozialraeume/nord/" hreflang="de"' in english


def test_detail_page_shows_districts_and_residents_over_the_years(client, db):
    html = client.get("/sozialraeume/lobeda/").content.decode()

    assert "Lobeda-West" in html
    assert "Drackendorf / Lobeda-Ost" in html
    assert "Jena-Nord" not in html  # a district of another space
    for year in range(2007, 2018):
        assert f'<th scope="row">{year}</th>' in html


def test_unknown_social_space_is_404(client, db):
    assert client.get("/sozialraeume/mitte/").status_code == 404


def test_accessibility_feedback_is_stored(client, db):
    response = client.post(
        "/barrierefreiheit/",
        {"message": "Der Kontrast im Menü ist zu schwach.", "email": "a@example.org"},
    )

    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == "Der Kontrast im Menü ist zu schwach."
    assert feedback.email == "a@example.org"


def test_feedback_without_message_shows_error_and_stores_nothing(client, db):
    response = client.post("/barrierefreiheit/", {"message": "", "email": "kaputt"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert 'aria-invalid="true"' in html
    assert 'value="kaputt"' in html  # what the user typed is kept
    assert AccessibilityFeedback.objects.count() == 0


def test_feedback_errors_are_in_english_on_english_page(client, db):
    html = client.post("/en/barrierefreiheit/", {"message": ""}).content.decode()

    assert "This field is required." in html


def test_feedback_from_a_bot_filling_the_honeypot_is_not_stored(client, db):
    response = client.post(
        "/barrierefreiheit/", {"message": "Buy now", "website": "http://spam.example"}
    )

    assert response.status_code == 302
    assert AccessibilityFeedback.objects.count() == 0


def test_unknown_page_is_404_with_the_portal_layout(client, db):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
