"""The provider area and the moderation in a real browser: an untrusted actor's member creates an
offer by clicking on the map, the Fachdienst approves it, the map shows it; the form works
without JavaScript; axe-core finds nothing on the work pages; error links move the focus.
"""

from datetime import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.test import Client

from angebote import services
from angebote.models import Angebot, Kategorie, Merkmal
from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible
from sozialraeume.models import Bezirk, Membership, User
from tests.factories import AkteurFactory, AngebotFactory, point_in

pytestmark = pytest.mark.browser

PASSWORD = "Saale-Ufer-Abend-42"
LOBEDA_OST, WINZERLA = 63, 90

# django-leaflet keeps its maps out of the global scope; it announces each one with map:init.
CATCH_MAPS = """
window.addEventListener("map:init", event => {
    window.testMaps = window.testMaps || {};
    window.testMaps[event.detail.id] = event.detail.map;
});
"""


@pytest.fixture
def new_page(browser, live_server, jena):
    """Opens pages in fresh browser contexts (separate cookies: one per person)."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(
            locale="de-DE", viewport={"width": 1280, "height": 900}, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        page.add_init_script(CATCH_MAPS)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def akteur(jena):
    return AkteurFactory(name="Verein A", is_trusted=False)


@pytest.fixture
def provider(akteur):
    user = User.objects.create_user(email="redaktion@verein-a.example", password=PASSWORD)
    Membership.objects.create(user=user, akteur=akteur, role="editor")
    return user


@pytest.fixture
def fachdienst_user(jena):
    return User.objects.create_user(
        email="fachdienst@jena.example", password=PASSWORD, is_fachdienst=True
    )


@pytest.fixture
def offers(akteur, provider):
    """A published offer with a change in review, a new offer in review and a draft."""
    published = AngebotFactory(
        akteur=akteur,
        title="Kochen im Stadtteil",
        summary="Wir kochen einmal in der Woche zusammen.",
        street_address="Karl-Marx-Allee 1",
        postal_code="07747",
        zeiten=[(2, time(17), time(19, 30))],
    )
    change = services.angebot_version_to_edit(angebot=published, user=provider)
    change.title = "Kochen und Backen"
    change.easy_summary = "Wir kochen zusammen.\nAlle dürfen kommen."
    services.angebot_edit(
        angebot=change,
        user=provider,
        kategorien=published.kategorien.all(),
        zielgruppen=[],
        merkmale=Merkmal.objects.filter(code="stufenlos"),
        zeiten=[(2, time(17), time(20))],
    )
    services.angebot_submit(angebot=change, user=provider)
    new = AngebotFactory(
        akteur=akteur,
        title="Spieletreff Winzerla",
        status=Angebot.Status.DRAFT,
        bezirk_number=WINZERLA,
    )
    services.angebot_submit(angebot=new, user=provider)
    draft = AngebotFactory(akteur=akteur, title="Noch nicht fertig", status=Angebot.Status.DRAFT)
    published.refresh_from_db()
    return {"published": published, "change": published.pending_change, "new": new, "draft": draft}


# --- Helpers ------------------------------------------------------------------------------


def log_in_with_form(page, user: User, path: str = "/konto/anmelden/") -> None:
    page.goto(page.base_url + path)
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def log_in_directly(page, user: User) -> None:
    """A session for `user` without the login form, for tests about other pages."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": page.base_url}]
    )


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def wait_for_place_map(page):
    page.wait_for_function("window.testMaps && window.testMaps['ort-karte']")


def click_on_map(page, point: Point) -> None:
    """Clicks the place picker where `point` (WGS84) is, after zooming in as a person would."""
    wait_for_place_map(page)
    position = page.evaluate(
        """([lat, lon]) => {
            const map = window.testMaps["ort-karte"];
            map.setView([lat, lon], 16, {animate: false});
            return map.latLngToContainerPoint([lat, lon]);
        }""",
        [point.y, point.x],
    )
    page.locator("#ort-karte").click(position={"x": position["x"], "y": position["y"]})


def fill_required_fields(page, title: str) -> None:
    page.fill("#id_title", title)
    page.fill("#id_summary", "Brettspiele für alle Generationen, jeden Mittwoch.")
    page.get_by_label("Treffpunkt", exact=True).check()
    page.locator("input[name=place_kind][value=vor-ort]").check()
    page.fill("#id_street_address", "Karl-Marx-Allee 28")
    page.fill("#id_postal_code", "07747")


def district_of(latitude: str, longitude: str) -> Bezirk:
    return Bezirk.objects.get(
        geometry__contains=Point(float(longitude), float(latitude), srid=settings.GEO_SRID)
    )


def wait_for_offer_map(page) -> None:
    page.wait_for_function(
        "window.angeboteKarteState && window.angeboteKarteState.query === ''"
        " && !window.angeboteKarteState.loading"
    )


# --- The whole flow -----------------------------------------------------------------------


def test_provider_places_an_offer_on_the_map_and_it_appears_after_approval(
    new_page, axe, akteur, provider, fachdienst_user
):
    provider_page = new_page()
    provider_page.goto(provider_page.base_url + "/konto/anmelden/")
    assert_accessible(provider_page, axe, "de")
    log_in_with_form(provider_page, provider)
    assert provider_page.url == provider_page.base_url + "/mein-bereich/"
    assert "Verein A" in provider_page.locator("main h2").all_inner_texts()

    submit(provider_page, provider_page.get_by_role("link", name="Neues Angebot anlegen"))
    assert provider_page.url == provider_page.base_url + "/mein-bereich/angebote/neu/"
    assert provider_page.locator(".map-figure").is_visible()
    fill_required_fields(provider_page, "Spieleabend Lobeda")
    target = point_in(LOBEDA_OST)
    assert provider_page.input_value("#id_latitude") == ""
    click_on_map(provider_page, target)

    latitude = provider_page.input_value("#id_latitude")
    longitude = provider_page.input_value("#id_longitude")
    assert abs(Decimal(latitude) - Decimal(target.y)) < Decimal("0.0002")
    assert abs(Decimal(longitude) - Decimal(target.x)) < Decimal("0.0002")
    assert provider_page.locator("#ort-karte .leaflet-marker-icon").count() == 1
    assert_accessible(provider_page, axe, "de")
    bezirk = district_of(latitude, longitude)
    assert bezirk.number == LOBEDA_OST

    save = provider_page.get_by_role("button", name="Speichern und Vorschau ansehen")
    submit(provider_page, save)
    angebot = Angebot.objects.get(title="Spieleabend Lobeda")
    assert angebot.status == Angebot.Status.DRAFT
    assert provider_page.url == provider_page.base_url + f"/mein-bereich/angebote/{angebot.pk}/"
    location = provider_page.locator("dl.facts dd").nth(2).inner_text()
    assert location == f"Bezirk {bezirk.name}, Sozialraum {bezirk.sozialraum.name}"
    assert f"Sozialraum {bezirk.sozialraum.name}" in provider_page.locator(".preview").inner_text()

    submit(provider_page, provider_page.get_by_role("button", name="Zur Prüfung einreichen"))
    angebot.refresh_from_db()
    assert angebot.status == Angebot.Status.REVIEW
    assert "Eingereicht" in provider_page.locator(".messages").inner_text()

    moderator_page = new_page()
    log_in_with_form(
        moderator_page, fachdienst_user, "/konto/anmelden/?next=/verwaltung/moderation/"
    )
    assert moderator_page.url == moderator_page.base_url + "/verwaltung/moderation/"
    submit(moderator_page, moderator_page.get_by_role("link", name="Spieleabend Lobeda"))
    assert "Neues Angebot" in moderator_page.locator("dl.facts").inner_text()
    submit(
        moderator_page, moderator_page.get_by_role("button", name="Freigeben und veröffentlichen")
    )
    assert moderator_page.url == moderator_page.base_url + "/verwaltung/moderation/"
    assert "ist freigegeben" in moderator_page.locator(".messages").inner_text()
    angebot.refresh_from_db()
    assert angebot.status == Angebot.Status.PUBLISHED

    public_page = new_page()
    public_page.goto(public_page.base_url + "/karte/")
    wait_for_offer_map(public_page)
    assert public_page.locator("#ergebnisse .offer-card h3").all_inner_texts() == [
        "Spieleabend Lobeda"
    ]
    drawn = public_page.evaluate(
        "() => { const slugs = [];"
        " window.angeboteKarteState.markers.eachLayer(m => slugs.push(m.feature.properties.slug));"
        " return slugs; }"
    )
    assert drawn == [angebot.slug]


def test_offer_form_without_javascript_takes_typed_coordinates(new_page, provider):
    page = new_page(java_script_enabled=False)
    log_in_directly(page, provider)
    page.goto(page.base_url + "/mein-bereich/angebote/neu/")

    assert page.locator(".map-figure").is_hidden()
    fill_required_fields(page, "Nähcafé Winzerla")
    place = point_in(WINZERLA)
    page.fill("#id_latitude", f"{place.y:.6f}")
    page.fill("#id_longitude", f"{place.x:.6f}")
    submit(page, page.get_by_role("button", name="Speichern und Vorschau ansehen"))

    angebot = Angebot.objects.get(title="Nähcafé Winzerla")
    assert page.url == page.base_url + f"/mein-bereich/angebote/{angebot.pk}/"
    assert angebot.status == Angebot.Status.DRAFT
    assert angebot.bezirk.number == WINZERLA
    assert list(angebot.kategorien.all()) == [Kategorie.objects.get(code="treffpunkt")]
    assert page.locator("dl.facts dd").nth(2).inner_text() == (
        f"Bezirk {angebot.bezirk.name}, Sozialraum {angebot.sozialraum.name}"
    )


def test_typed_coordinates_move_the_pin_on_the_map(new_page, provider):
    page = new_page()
    log_in_directly(page, provider)
    page.goto(page.base_url + "/mein-bereich/angebote/neu/")
    wait_for_place_map(page)
    place = point_in(WINZERLA)

    page.fill("#id_latitude", f"{place.y:.6f}")
    page.fill("#id_longitude", f"{place.x:.6f}")
    page.locator("#id_longitude").press("Tab")

    pin = page.locator("#ort-karte .leaflet-marker-icon")
    assert pin.count() == 1
    drawn = page.evaluate(
        """() => {
            const map = window.testMaps["ort-karte"];
            let position = null;
            map.eachLayer(layer => { if (layer.getLatLng) position = layer.getLatLng(); });
            return position;
        }"""
    )
    assert (round(drawn["lat"], 6), round(drawn["lng"], 6)) == (
        round(place.y, 6),
        round(place.x, 6),
    )


# --- axe-core on the provider's pages -----------------------------------------------------


def open_as(new_page, user: User, path: str, language: str):
    page = new_page()
    log_in_directly(page, user)
    response = page.goto(page.base_url + LANGUAGE_PREFIXES[language] + path)
    assert response.status == 200
    return page


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_provider_overview_with_offers_has_no_accessibility_violations(
    new_page, axe, provider, offers, language
):
    page = open_as(new_page, provider, "/mein-bereich/", language)

    assert page.locator("main tbody tr").count() == 3
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_empty_offer_form_has_no_accessibility_violations(new_page, axe, provider, language):
    page = open_as(new_page, provider, "/mein-bereich/angebote/neu/", language)
    wait_for_place_map(page)

    assert page.locator(".map-figure").is_visible()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_offer_form_with_errors_has_no_accessibility_violations(new_page, axe, provider, language):
    page = open_as(new_page, provider, "/mein-bereich/angebote/neu/", language)
    submit(page, page.locator("main form.offer-form button[type=submit]"))
    wait_for_place_map(page)

    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_title[aria-invalid=true]").count() == 1
    assert not Angebot.objects.exists()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_preview_of_a_pending_change_has_no_accessibility_violations(
    new_page, axe, provider, offers, language
):
    path = f"/mein-bereich/angebote/{offers['published'].pk}/"
    page = open_as(new_page, provider, path, language)

    assert page.locator("table.diff tbody tr").count() == 4
    assert_accessible(page, axe, language)


# --- axe-core on the moderation -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_moderation_queue_has_no_accessibility_violations(
    new_page, axe, fachdienst_user, offers, language
):
    page = open_as(new_page, fachdienst_user, "/verwaltung/moderation/", language)

    assert page.locator("main tbody tr").count() == 2
    # Each table is named by its heading, for screen readers' table navigation.
    for heading in ("#neu-titel", "#aenderungen-titel"):
        name = page.locator(heading).inner_text()
        assert page.get_by_role("table", name=name, exact=True).count() == 1
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("kind", ["new", "change"])
def test_moderation_item_has_no_accessibility_violations(
    new_page, axe, fachdienst_user, offers, kind, language
):
    path = f"/verwaltung/moderation/{offers[kind].pk}/"
    page = open_as(new_page, fachdienst_user, path, language)

    assert page.locator("table.diff").count() == (1 if kind == "change" else 0)
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_send_back_without_comment_shows_an_accessible_error(
    new_page, axe, fachdienst_user, offers, language
):
    path = f"/verwaltung/moderation/{offers['new'].pk}/"
    page = open_as(new_page, fachdienst_user, path, language)
    with page.expect_navigation() as navigation:
        page.locator("main form[action$='/zurueckgeben/'] button[type=submit]").click()

    assert navigation.value.status == 400
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_comment[aria-invalid=true]").count() == 1
    offers["new"].refresh_from_db()
    assert offers["new"].status == Angebot.Status.REVIEW
    assert_accessible(page, axe, language)


# --- Keyboard -----------------------------------------------------------------------------


@pytest.mark.parametrize("activate", ["click", "Enter"])
def test_each_link_in_the_error_summaries_moves_focus_to_its_field(new_page, provider, activate):
    page = new_page()
    log_in_directly(page, provider)
    page.goto(page.base_url + "/mein-bereich/angebote/neu/")
    # A weekday without times adds the second summary, for the weekly times.
    page.get_by_label("Wochentag, Zeile 1").select_option(label="Dienstag")
    submit(page, page.locator("main form.offer-form button[type=submit]"))

    links = page.locator(".error-summary a")
    targets = links.evaluate_all("links => links.map(link => link.hash.slice(1))")
    assert {"id_title", "id_summary", "id_kategorien_0", "id_latitude"} <= set(targets)
    assert "id_zeiten-0-weekday" in targets
    for number, target in enumerate(targets):
        page.locator("#fehler").focus()
        if activate == "click":
            links.nth(number).click()
        else:
            links.nth(number).focus()
            page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == target
        assert page.evaluate("document.activeElement.tagName") in ("INPUT", "TEXTAREA", "SELECT")
