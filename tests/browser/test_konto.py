"""axe-core on the account pages, empty and with errors shown, in German and English."""

import pytest

from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("path", ["/konto/anmelden/", "/konto/passwort-vergessen/"])
def test_account_form_has_no_accessibility_violations(page, axe, path, language):
    response = page.goto(page.base_url + LANGUAGE_PREFIXES[language] + path)

    assert response.status == 200
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_login_form_with_errors_has_no_accessibility_violations(page, axe, language):
    page.goto(page.base_url + LANGUAGE_PREFIXES[language] + "/konto/anmelden/")
    page.fill("#id_username", "niemand@example.org")
    page.fill("#id_password", "falsch")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_empty_login_form_marks_both_fields_and_has_no_accessibility_violations(
    page, axe, language
):
    page.goto(page.base_url + LANGUAGE_PREFIXES[language] + "/konto/anmelden/")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    assert page.locator("[aria-invalid=true]").count() == 2
    assert_accessible(page, axe, language)
