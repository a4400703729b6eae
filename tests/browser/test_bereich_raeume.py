"""The provider's room pages in a real browser: axe-core finds nothing on the rooms list, the room
form (empty and with errors, map drawn), the photos and blocked periods pages and the owner's
request list with an open request (also after a decline without message)."""

from datetime import time, timedelta

import pytest

from angebote.models import Raum, Raumanfrage, Sperrzeit
from angebote.services_raeume import local_period
from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible
from sozialraeume.models import Membership, User
from tests.angebote.test_raum_buchung import next_weekday
from tests.browser.test_bereich import CATCH_MAPS, PASSWORD, log_in_directly, wait_for_place_map
from tests.factories import AkteurFactory, RaumFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def new_page(browser, live_server, jena):
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
def owner(jena):
    akteur = AkteurFactory(name="Stadtteilbüro Winzerla")
    user = User.objects.create_user(email="raeume@stadtteilbuero.example", password=PASSWORD)
    Membership.objects.create(user=user, akteur=akteur, role="editor")
    return user


@pytest.fixture
def raum(owner):
    akteur = owner.memberships.get().akteur
    raum = RaumFactory(
        akteur=akteur,
        name="Gemeinschaftsraum",
        merkmale=["stufenlos", "rollstuhl-wc"],
        ausstattung=["kueche"],
        zeiten=[(2, time(17), time(22)), (4, time(9), time(13))],
    )
    start = next_weekday(1, 0, weeks=3)  # not in the week of the open request
    Sperrzeit.objects.create(
        raum=raum, period=local_period(start, start + timedelta(days=5)), reason="Ferien"
    )
    return raum


@pytest.fixture
def open_request(raum):
    start = next_weekday(2, 18)
    return Raumanfrage.objects.create(
        raum=raum,
        period=local_period(start, start + timedelta(hours=2)),
        purpose="Selbsthilfegruppe",
        people=12,
        support_needs="Ein Platz für einen Rollstuhl",
        name="Erika Muster",
        email="erika@example.org",
    )


def open_as(new_page, user: User, path: str, language: str):
    page = new_page()
    log_in_directly(page, user)
    response = page.goto(page.base_url + LANGUAGE_PREFIXES[language] + path)
    assert response.status == 200
    return page


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_rooms_list_has_no_accessibility_violations(new_page, axe, owner, raum, language):
    page = open_as(new_page, owner, "/mein-bereich/raeume/", language)

    assert page.locator("main tbody tr").count() == 1
    assert page.locator("main a[href$='.ics']").count() == 1
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_empty_room_form_has_no_accessibility_violations(new_page, axe, owner, language):
    page = open_as(new_page, owner, "/mein-bereich/raeume/neu/", language)
    wait_for_place_map(page)

    assert page.locator(".map-figure").is_visible()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_room_form_with_errors_has_no_accessibility_violations(new_page, axe, owner, language):
    page = open_as(new_page, owner, "/mein-bereich/raeume/neu/", language)
    page.select_option("#id_zeiten-0-weekday", "2")
    page.fill("#id_zeiten-0-opens", "20:00")
    page.fill("#id_zeiten-0-closes", "18:00")
    with page.expect_navigation():
        page.locator("main form.offer-form button[type=submit]").click()
    wait_for_place_map(page)

    assert page.locator(".error-summary").first.is_visible()
    assert page.locator("#id_name[aria-invalid=true]").count() == 1
    assert page.locator("#id_zeiten-0-closes[aria-invalid=true]").count() == 1
    assert not Raum.objects.exists()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_existing_room_form_shows_its_pin_and_no_violations(new_page, axe, owner, raum, language):
    page = open_as(new_page, owner, f"/mein-bereich/raeume/{raum.pk}/bearbeiten/", language)
    wait_for_place_map(page)

    assert page.locator(".leaflet-marker-icon").count() == 1
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_photos_page_with_error_has_no_accessibility_violations(
    new_page, axe, owner, raum, language
):
    page = open_as(new_page, owner, f"/mein-bereich/raeume/{raum.pk}/fotos/", language)
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit]").click()

    assert page.locator("#id_image[aria-invalid=true]").count() == 1
    assert page.locator("#id_alt_text[aria-invalid=true]").count() == 1
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_blocked_periods_page_has_no_accessibility_violations(new_page, axe, owner, raum, language):
    page = open_as(new_page, owner, f"/mein-bereich/raeume/{raum.pk}/sperrzeiten/", language)

    assert page.locator("main tbody tr").count() == 1
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_owners_request_list_has_no_accessibility_violations(
    new_page, axe, owner, open_request, language
):
    page = open_as(new_page, owner, "/mein-bereich/raumanfragen/", language)

    assert page.locator("main article").count() == 1
    assert "Erika Muster" in page.locator("main article").inner_text()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_decline_without_message_shows_an_accessible_error(
    new_page, axe, owner, open_request, language
):
    page = open_as(new_page, owner, "/mein-bereich/raumanfragen/", language)
    with page.expect_navigation() as navigation:
        page.locator("main article button[formaction]").click()

    assert navigation.value.status == 400
    field = f"#id_anfrage-{open_request.pk}-message"
    assert page.locator(f"{field}[aria-invalid=true]").count() == 1
    page.locator(f".error-summary a[href='{field}']").click()
    assert page.evaluate("document.activeElement.id") == field[1:]
    open_request.refresh_from_db()
    assert open_request.status == Raumanfrage.Status.PENDING
    assert_accessible(page, axe, language)


def test_owner_accepts_in_the_browser_and_the_request_moves_to_decided(
    new_page, owner, open_request
):
    page = open_as(new_page, owner, "/mein-bereich/raumanfragen/", "de")
    page.fill(f"#id_anfrage-{open_request.pk}-message", "Der Schlüssel liegt im Büro.")
    with page.expect_navigation():
        page.locator("main article button:not([formaction])").click()

    assert "ist angenommen" in page.locator(".messages").inner_text()
    assert page.locator("main article").count() == 0
    assert "Angenommen" in page.locator("#entschieden-titel + * table").inner_text()
    open_request.refresh_from_db()
    assert open_request.status == Raumanfrage.Status.ACCEPTED
