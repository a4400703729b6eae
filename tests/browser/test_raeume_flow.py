"""The whole room flow in a real browser: a provider's member finds a free step-free room for 12
people next Tuesday evening in Winzerla, requests it; the owner's member accepts; the week view
shows the slot as occupied and the same search no longer finds the room. axe-core finds nothing
on the search, the detail, the request form and the owner's request list."""

from datetime import time, timedelta

import pytest
from django.core import mail

from angebote.models import Raumanfrage
from jena_sozialraum.a11y_testing import assert_accessible
from sozialraeume.models import Membership, User
from tests.angebote.test_raum_buchung import booking, next_weekday
from tests.browser.test_bereich import PASSWORD, log_in_with_form, submit
from tests.factories import AkteurFactory, RaumFactory

pytestmark = pytest.mark.browser

LOBEDA_OST = 63  # a district in the social space Lobeda, not Winzerla


@pytest.fixture
def new_page(browser, live_server, jena):
    """Opens pages in fresh browser contexts (separate cookies: one per person)."""
    contexts = []

    def open_page():
        context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield open_page
    for context in contexts:
        context.close()


def member_of(akteur, email: str, name: str) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, name=name)
    Membership.objects.create(user=user, akteur=akteur, role="editor")
    return user


@pytest.fixture
def people(jena):
    owner_akteur = AkteurFactory(name="Stadtteilbüro Winzerla")
    requester_akteur = AkteurFactory(name="Nachbarschaftshilfe Süd")
    return {
        "owner": member_of(owner_akteur, "raeume@stadtteilbuero.example", "Olaf Eigner"),
        "owner_akteur": owner_akteur,
        "requester": member_of(requester_akteur, "gruppe@nachbarschaft.example", "Rosa Beispiel"),
        "requester_akteur": requester_akteur,
    }


@pytest.fixture
def rooms(people):
    """One room that fits, and one that fails each of the four conditions of the search."""
    tuesday = next_weekday(2, 18)
    saal = RaumFactory(
        name="Saal am Park",
        akteur=people["owner_akteur"],
        capacity=20,
        merkmale=["stufenlos", "rollstuhl-wc"],
        zeiten=[(2, time(17), time(22)), (4, time(9), time(13))],
    )
    RaumFactory(name="Kleines Büro", capacity=8, merkmale=["stufenlos"])
    RaumFactory(name="Keller mit Treppe", capacity=30, merkmale=["rollstuhl-wc"])
    vergeben = RaumFactory(name="Vergebener Raum", capacity=25, merkmale=["stufenlos"])
    # Overlaps the wanted period by one hour only.
    booking(vergeben, tuesday + timedelta(hours=1), tuesday + timedelta(hours=3))
    RaumFactory(
        name="Saal in Lobeda", bezirk_number=LOBEDA_OST, capacity=40, merkmale=["stufenlos"]
    )
    return {"saal": saal, "tuesday": tuesday}


def fill_search(page, day: str) -> None:
    """Tuesday 18 to 20 o'clock, Winzerla, 12 people, step-free entrance, as a person would."""
    page.fill("#id_von", f"{day}T18:00")
    page.fill("#id_bis", f"{day}T20:00")
    page.get_by_label("Sozialraum", exact=True).select_option(label="Winzerla")
    page.fill("#id_kapazitaet", "12")
    page.locator("#filter summary").click()
    page.get_by_label("Stufenloser Eingang").check()
    submit(page, page.get_by_role("button", name="Räume anzeigen"))


def found_rooms(page) -> list[str]:
    return page.locator(".room-card h3").all_inner_texts()


def tuesday_row(page):
    return page.locator("table.week tbody tr").nth(1)


def test_member_finds_and_requests_a_room_and_the_owner_accepts(new_page, axe, people, rooms):
    saal, tuesday = rooms["saal"], rooms["tuesday"]
    day = f"{tuesday:%Y-%m-%d}"
    monday = f"{tuesday.date() - timedelta(days=1):%Y-%m-%d}"

    # The requesting member logs in and searches.
    requester = new_page()
    log_in_with_form(requester, people["requester"], "/konto/anmelden/?next=/raeume/")
    assert requester.url == requester.base_url + "/raeume/"
    assert len(found_rooms(requester)) == 5
    fill_search(requester, day)
    search_url = requester.url
    assert f"von={day}T18%3A00" in search_url
    assert "sozialraum=winzerla" in search_url
    assert found_rooms(requester) == ["Saal am Park"]
    assert requester.locator("#ergebnisse-titel").inner_text() == "1 Raum gefunden"
    requester.locator("#karte[data-marker-count='1']").wait_for()
    assert_accessible(requester, axe, "de")

    submit(requester, requester.get_by_role("link", name="Saal am Park", exact=True))
    # The room's page keeps the searched period for its request links.
    assert requester.url.startswith(requester.base_url + f"/raeume/{saal.slug}/?date={day}")
    requester.locator("#karte path.leaflet-interactive").wait_for()
    assert_accessible(requester, axe, "de")
    request_link = requester.get_by_role("link", name="Diesen Raum anfragen").first
    assert f"/raeume/{saal.slug}/anfragen/?date={day}" in request_link.get_attribute("href")

    # The week of the wanted Tuesday: free all evening (nothing accepted yet).
    requester.goto(requester.base_url + f"/raeume/{saal.slug}/?woche={monday}")
    assert tuesday_row(requester).locator("td").nth(0).inner_text() == "17:00 bis 22:00 Uhr"
    assert tuesday_row(requester).locator("td").nth(1).inner_text() == "nichts"

    # Back to the results: their request link carries the searched period into the form.
    requester.goto(search_url)
    submit(requester, requester.get_by_role("link", name="Für diese Zeit anfragen"))
    assert requester.url.startswith(requester.base_url + f"/raeume/{saal.slug}/anfragen/?")
    assert requester.input_value("#id_date") == day
    assert requester.input_value("#id_start") == "18:00"
    assert requester.input_value("#id_end") == "20:00"
    akteur = requester.get_by_label("Für wen fragen Sie an?")
    assert akteur.locator("option:checked").inner_text() == "Nachbarschaftshilfe Süd"
    assert requester.locator("#id_name").count() == 0
    assert_accessible(requester, axe, "de")

    requester.fill("#id_people", "12")
    requester.fill("#id_purpose", "Treffen der Selbsthilfegruppe")
    requester.fill("#id_support_needs", "Zwei Plätze für Rollstühle")
    submit(requester, requester.get_by_role("button", name="Anfrage senden"))
    assert requester.url == requester.base_url + f"/raeume/{saal.slug}/anfragen/gesendet/"
    assert requester.locator("h1").inner_text() == "Ihre Anfrage ist angekommen"
    assert "Stadtteilbüro Winzerla" in requester.locator("main").inner_text()

    anfrage = Raumanfrage.objects.get(raum=saal)
    assert anfrage.status == Raumanfrage.Status.PENDING
    assert (anfrage.raum, anfrage.people, anfrage.user) == (saal, 12, people["requester"])
    assert anfrage.akteur == people["requester_akteur"]
    assert anfrage.period.lower == tuesday
    assert anfrage.period.upper == tuesday + timedelta(hours=2)
    assert [m.to for m in mail.outbox] == [["raeume@stadtteilbuero.example"]]

    # The owner's member, in a browser of their own, accepts.
    owner = new_page()
    log_in_with_form(owner, people["owner"], "/konto/anmelden/?next=/mein-bereich/raumanfragen/")
    assert owner.url == owner.base_url + "/mein-bereich/raumanfragen/"
    card = owner.locator(f"#anfrage-{anfrage.pk}")
    assert owner.locator("main article").count() == 1
    assert "Rosa Beispiel (Nachbarschaftshilfe Süd)" in card.inner_text()
    assert "Zwei Plätze für Rollstühle" in card.inner_text()
    assert_accessible(owner, axe, "de")

    owner.fill(f"#id_anfrage-{anfrage.pk}-message", "Der Schlüssel liegt im Büro.")
    submit(owner, card.get_by_role("button", name="Annehmen"))
    assert "ist angenommen" in owner.locator(".messages").inner_text()
    assert owner.locator("main article").count() == 0
    anfrage.refresh_from_db()
    assert anfrage.status == Raumanfrage.Status.ACCEPTED
    assert anfrage.decided_by == people["owner"]

    answer = [m for m in mail.outbox if m.to == ["gruppe@nachbarschaft.example"]]
    assert len(answer) == 1
    assert answer[0].subject == "Ihre Raumanfrage: Angenommen"
    assert "Der Schlüssel liegt im Büro." in answer[0].body

    # The slot is now occupied, and the same search no longer finds the room.
    requester.goto(requester.base_url + f"/raeume/{saal.slug}/?woche={monday}")
    assert tuesday_row(requester).locator("td").nth(0).inner_text().split("\n") == [
        "17:00 bis 18:00 Uhr",
        "20:00 bis 22:00 Uhr",
    ]
    assert tuesday_row(requester).locator("td").nth(1).inner_text() == "18:00 bis 20:00 Uhr: belegt"

    requester.goto(search_url)
    assert found_rooms(requester) == []
    assert requester.locator(".empty-state").is_visible()
