"""axe-core on the problem report pages: the form, the form with errors, the thanks and the
logged-in list of reports, in German and English."""

from urllib.parse import quote

import pytest

from angebote.models import Problemmeldung
from angebote.services_meldungen import problemmeldung_close, problemmeldung_create
from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible
from sozialraeume.models import Membership, User
from tests.factories import AkteurFactory, AngebotFactory

pytestmark = pytest.mark.browser

PASSWORD = "Saale-Ufer-Abend-42"


@pytest.fixture
def angebot(jena):
    return AngebotFactory(akteur=AkteurFactory(name="Verein A"), title="Offener Treff")


def report_url(page, angebot, language: str) -> str:
    return f"{page.base_url}{LANGUAGE_PREFIXES[language]}/angebote/{angebot.slug}/melden/"


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_report_form_has_no_accessibility_violations(page, axe, angebot, language):
    response = page.goto(report_url(page, angebot, language))

    assert response.status == 200
    assert page.locator("input[type=radio]").count() == 5
    assert not page.locator("#id_website").is_visible()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_report_form_with_errors_has_no_accessibility_violations(page, axe, angebot, language):
    page.goto(report_url(page, angebot, language))
    page.locator("input[type=radio][value=sonstiges]").check()
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_message[aria-invalid=true]").count() == 1
    assert not Problemmeldung.objects.exists()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_thank_you_page_has_no_accessibility_violations(page, axe, angebot, language):
    page.goto(report_url(page, angebot, language))
    page.locator("input[type=radio][value=zeiten]").check()
    page.fill("#id_message", "Dienstags ist jetzt geschlossen.")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    assert page.url.endswith("/melden/danke/")
    assert Problemmeldung.objects.get().message == "Dienstags ist jetzt geschlossen."
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("query", ["", "?erledigt=1"])
def test_list_of_reports_has_no_accessibility_violations(page, axe, angebot, query, language):
    user = User.objects.create_user(email="redaktion@verein-a.example", password=PASSWORD)
    Membership.objects.create(user=user, akteur=angebot.akteur)
    for reason, message, email in [
        ("adresse", "Die Hausnummer ist 28, nicht 26.", "anwohnerin@example.org"),
        ("beendet", "", ""),
    ]:
        problemmeldung_create(
            angebot=angebot, reason=reason, message=message, email=email, ip="10.0.0.1"
        )
    problemmeldung_close(
        meldung=problemmeldung_create(
            angebot=angebot, reason="kontakt", message="", email="", ip="10.0.0.1"
        ),
        user=user,
        note="Telefonnummer korrigiert.",
    )
    list_path = f"{LANGUAGE_PREFIXES[language]}/mein-bereich/meldungen/{query}"
    page.goto(
        f"{page.base_url}{LANGUAGE_PREFIXES[language]}/konto/anmelden/?next={quote(list_path)}"
    )
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    assert page.url.endswith(list_path)
    assert page.locator("main article").count() == (1 if query else 2)
    assert_accessible(page, axe, language)
