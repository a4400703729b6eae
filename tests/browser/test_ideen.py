"""The Ideen-Melder in a real browser: a resident submits an idea with a point placed by clicking
on the map, the Fachdienst approves and answers it, and the idea appears as a marker on the map
of /ideen/ with its answer. axe-core finds nothing on the list, the idea's page, the form (empty
and with errors), the thanks and the Fachdienst's pages, in German and English."""

import pytest

from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible
from sozialraeume import services_ideen as services
from sozialraeume.models import Bezirk, Idee, IdeeMeldung, Sozialraum, User
from tests.browser.test_bereich import (
    CATCH_MAPS,
    PASSWORD,
    click_on_map,
    log_in_directly,
    log_in_with_form,
    submit,
)
from tests.factories import AkteurFactory, AngebotFactory, point_in

pytestmark = pytest.mark.browser

LOBEDA_OST = 63
ANSWER = "Der Bauhof stellt im Mai zwei Bänke auf."


@pytest.fixture
def new_page(browser, live_server, jena):
    """Opens pages in fresh browser contexts (separate cookies: one per person)."""
    contexts = []

    def open_page():
        context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        page.add_init_script(CATCH_MAPS)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def fachdienst_user(jena):
    return User.objects.create_user(
        email="fachdienst@jena.example", password=PASSWORD, is_fachdienst=True
    )


def published_idea(fachdienst: User, **fields) -> Idee:
    data = {
        "sozialraum": None,
        "bezirk": None,
        "point": point_in(LOBEDA_OST),
        "kind": "idee",
        "title": "Bänke an der Karl-Marx-Allee",
        "text": "Zwischen Einkauf und Haltestelle fehlen Bänke zum Ausruhen.",
        "email": "",
        "consent": True,
        **fields,
    }
    idee = services.idee_submit(ip="10.0.0.1", **data)
    idee = services.idee_publish(idee=idee, user=fachdienst)
    return services.idee_answer(
        idee=idee, user=fachdienst, status="in-arbeit", answer=ANSWER, angebote=[], antraege=[]
    )


# --- The whole flow ----------------------------------------------------------------------------


def test_idea_with_a_point_on_the_map_is_approved_answered_and_shown_on_the_map(
    new_page, fachdienst_user
):
    AngebotFactory(akteur=AkteurFactory(name="Verein A"), title="Sitzgruppe im Park")
    target = point_in(LOBEDA_OST)

    resident = new_page()
    resident.goto(resident.base_url + "/ideen/neu/")
    resident.get_by_label("Idee", exact=True).check()
    resident.fill("#id_title", "Bänke an der Karl-Marx-Allee")
    resident.fill("#id_text", "Zwischen Einkauf und Haltestelle fehlen Bänke zum Ausruhen.")
    click_on_map(resident, target)
    assert resident.locator("#ort-karte .leaflet-marker-icon").count() == 1
    assert resident.input_value("#id_latitude") != ""
    resident.fill("#id_email", "anwohnerin@example.org")
    resident.locator("#id_consent").check()
    submit(resident, resident.locator("main button[type=submit]"))

    assert resident.url.endswith("/ideen/neu/danke/")
    assert "wird geprüft" in resident.locator("main").inner_text()
    idee = Idee.objects.get()
    assert idee.moderation == Idee.Moderation.WAITING
    assert idee.bezirk == Bezirk.objects.get(number=LOBEDA_OST)
    assert idee.sozialraum == Sozialraum.objects.get(slug="lobeda")
    assert idee.point.distance(target) < 1e-4

    staff = new_page()
    log_in_with_form(staff, fachdienst_user, "/konto/anmelden/?next=/verwaltung/ideen/")
    submit(staff, staff.get_by_role("link", name="Bänke an der Karl-Marx-Allee"))
    submit(staff, staff.get_by_role("button", name="Veröffentlichen", exact=True))
    assert "ist veröffentlicht" in staff.locator(".messages").inner_text()
    staff.select_option("#id_status", "in-arbeit")
    staff.fill("#id_answer", ANSWER)
    staff.get_by_label("Sitzgruppe im Park").check()
    submit(staff, staff.get_by_role("button", name="Stand und Antwort speichern"))
    assert "sind gespeichert" in staff.locator(".messages").inner_text()

    resident.goto(resident.base_url + "/ideen/")
    resident.locator("#karte[data-marker-count='1']").wait_for()
    assert "In Arbeit" in resident.locator("main").inner_text()
    resident.locator("#karte path.leaflet-interactive").click()
    popup = resident.locator("#karte .leaflet-popup-content")
    popup.wait_for()
    assert ANSWER in popup.inner_text()
    assert "Stand: In Arbeit" in popup.inner_text()
    submit(resident, popup.get_by_role("link", name="Bänke an der Karl-Marx-Allee"))
    main = resident.locator("main").inner_text()
    assert ANSWER in main and "Sitzgruppe im Park" in main


def test_support_button_counts_once_in_this_browser(new_page, fachdienst_user):
    idee = published_idea(fachdienst_user)
    page = new_page()
    page.goto(f"{page.base_url}/ideen/{idee.pk}/")

    submit(page, page.get_by_role("button", name="Diese Idee unterstützen"))

    assert "Sie unterstützen diese Idee." in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Diese Idee unterstützen").count() == 0
    assert Idee.objects.get(pk=idee.pk).support_count == 1


# --- Accessibility ---------------------------------------------------------------------------


def url(page, language: str, path: str) -> str:
    return f"{page.base_url}{LANGUAGE_PREFIXES[language]}{path}"


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_list_with_map_has_no_accessibility_violations(page, axe, fachdienst_user, language):
    published_idea(fachdienst_user)
    published_idea(
        fachdienst_user,
        title="Treff für Jugendliche",
        point=None,
        sozialraum=None,
        bezirk=Bezirk.objects.get(number=43),
    )

    page.goto(url(page, language, "/ideen/"))

    page.locator("#karte[data-marker-count='2']").wait_for()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_idea_page_has_no_accessibility_violations(page, axe, fachdienst_user, language):
    idee = published_idea(fachdienst_user)

    page.goto(url(page, language, f"/ideen/{idee.pk}/"))
    page.locator("#karte[data-marker-count='1']").wait_for()
    page.locator("details summary").click()  # the abuse form opened

    assert page.locator("#meldung_reason").is_visible()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_empty_form_has_no_accessibility_violations(page, axe, language):
    page.goto(url(page, language, "/ideen/neu/"))

    assert page.locator("#ort-karte").is_visible()
    assert not page.locator("#id_website").is_visible()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_form_with_errors_has_no_accessibility_violations(page, axe, language):
    page.goto(url(page, language, "/ideen/neu/"))
    page.fill("#id_title", "Bank")
    page.fill("#id_latitude", "52.52")
    page.fill("#id_longitude", "13.40")
    submit(page, page.locator("main button[type=submit]"))

    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_title[aria-invalid=true]").count() == 1
    assert page.locator("#id_consent[aria-invalid=true]").count() == 1
    assert not Idee.objects.exists()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_thank_you_page_has_no_accessibility_violations(page, axe, language):
    page.goto(url(page, language, "/ideen/neu/danke/"))

    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_fachdienst_pages_have_no_accessibility_violations(page, axe, fachdienst_user, language):
    waiting = services.idee_submit(
        sozialraum=Sozialraum.objects.get(slug="nord"),
        bezirk=None,
        point=None,
        kind="bedarf",
        title="Offener Treff für Jugendliche",
        text="Abends fehlt ein Ort für Jugendliche.",
        email="",
        consent=True,
        ip="10.0.0.1",
    )
    reported = published_idea(fachdienst_user)
    AngebotFactory(akteur=AkteurFactory(name="Verein A"), title="Sitzgruppe im Park")
    services.idee_report(idee=reported, reason="Das ist Werbung.", ip="10.0.0.2")
    log_in_directly(page, fachdienst_user)

    page.goto(url(page, language, "/verwaltung/ideen/"))
    assert waiting.title in page.locator("main").inner_text()
    assert_accessible(page, axe, language)

    page.goto(url(page, language, f"/verwaltung/ideen/{reported.pk}/"))
    assert page.locator("#id_answer").is_visible()
    assert IdeeMeldung.objects.count() == 1
    assert_accessible(page, axe, language)

    page.goto(url(page, language, f"/verwaltung/ideen/{waiting.pk}/"))
    assert_accessible(page, axe, language)
