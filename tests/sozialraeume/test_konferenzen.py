"""Social-space conferences: the public list and detail of a space, the iCal feed, who may enter
and edit conferences, bad input, and the demo data."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from icalendar import Calendar

from sozialraeume.demo_konferenzen import OFFSETS, demo_konferenzen_seed
from sozialraeume.models import Bezirk, Idee, Konferenz, Membership, Sozialraum, User
from sozialraeume.services_konferenzen import konferenz_save, local_moment
from tests.conftest import PASSWORD
from tests.factories import AkteurFactory, RaumFactory

NOW = timezone.now()


@pytest.fixture
def lobeda(db) -> Sozialraum:
    return Sozialraum.objects.get(slug="lobeda")


@pytest.fixture
def winzerla(db) -> Sozialraum:
    return Sozialraum.objects.get(slug="winzerla")


@pytest.fixture
def saal(lobeda):
    """A portal room in Lobeda (district 63, Lobeda-Ost)."""
    return RaumFactory(
        name="Saal im Stadtteilzentrum",
        street_address="Karl-Marx-Allee 1",
        postal_code="07747",
        bezirk_number=63,
    )


@pytest.fixture
def member_lobeda(akteur_a, member_a, lobeda):
    """member_a edits actor A, which works in Lobeda."""
    akteur_a.sozialraeume.add(lobeda)
    return member_a


@pytest.fixture
def member_winzerla(akteur_b, member_b, winzerla):
    """member_b edits actor B, which works in Winzerla only."""
    akteur_b.sozialraeume.add(winzerla)
    return member_b


def make_konferenz(space, *, days: float, hours: float = 2, **fields) -> Konferenz:
    start = NOW + timedelta(days=days)
    fields.setdefault("title", f"Konferenz in {days} Tagen")
    if "raum" not in fields:
        fields.setdefault("address", "Stadtteilbüro, Beispielweg 3, 07747 Jena")
    konferenz = Konferenz(
        sozialraum=space, starts_at=start, ends_at=start + timedelta(hours=hours), **fields
    )
    return konferenz_save(konferenz=konferenz, user=None)


def make_idee(space, title: str, moderation: str = Idee.Moderation.PUBLISHED) -> Idee:
    return Idee.objects.create(
        sozialraum=space,
        title=title,
        text="Eine Idee für den Sozialraum, ausführlich beschrieben.",
        consent=True,
        moderation=moderation,
        ip_hash="0" * 64,
    )


def list_url(space) -> str:
    return reverse("konferenzen:list", kwargs={"slug": space.slug})


def new_url(space) -> str:
    return reverse("konferenzen:neu", kwargs={"slug": space.slug})


def edit_url(konferenz) -> str:
    return reverse(
        "konferenzen:bearbeiten", kwargs={"slug": konferenz.sozialraum.slug, "pk": konferenz.pk}
    )


def ics_url(space) -> str:
    return reverse("konferenzen:ics", kwargs={"slug": space.slug})


def form_data(**overrides) -> dict:
    day = (timezone.localdate() + timedelta(days=21)).isoformat()
    data = {
        "title": "Sozialraumkonferenz im Herbst",
        "date": day,
        "start": "17:00",
        "end": "19:30",
        "end_date": "",
        "raum": "",
        "address": "Stadtteilbüro, Beispielweg 3, 07747 Jena",
        "agenda": "1. Begrüßung\r\n2. Treffpunkte für Jugendliche",
        "minutes": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- List and detail -------------------------------------------------------------------------


def test_list_shows_upcoming_soonest_first_and_past_newest_first_with_minutes(client, lobeda):
    make_konferenz(lobeda, days=30, title="Sommerkonferenz")
    make_konferenz(lobeda, days=3, title="Frühjahrskonferenz")
    make_konferenz(lobeda, days=-60, title="Winterkonferenz", minutes="Alle waren da.")
    make_konferenz(lobeda, days=-10, title="Herbstkonferenz", minutes="Wir planen ein Fest.")

    response = client.get(list_url(lobeda))

    assert response.status_code == 200
    page = response.content.decode()
    upcoming, past = page.split('id="vergangene-titel"')
    assert upcoming.index("Frühjahrskonferenz") < upcoming.index("Sommerkonferenz")
    assert past.index("Herbstkonferenz") < past.index("Winterkonferenz")
    assert "Winterkonferenz" not in upcoming and "Sommerkonferenz" not in past
    assert "Wir planen ein Fest." in past and "Alle waren da." in past


def test_list_shows_only_the_conferences_of_its_space(client, lobeda, winzerla):
    make_konferenz(lobeda, days=5, title="Treffen in Lobeda")
    make_konferenz(winzerla, days=5, title="Treffen in Winzerla")

    page = client.get(list_url(lobeda)).content.decode()

    assert "Treffen in Lobeda" in page
    assert "Treffen in Winzerla" not in page


def test_list_of_an_unknown_space_is_not_found(client, db):
    assert client.get("/sozialraeume/atlantis/konferenzen/").status_code == 404


def test_detail_shows_time_in_words_room_agenda_and_actors(client, lobeda, saal):
    verein = AkteurFactory(name="Nachbarschaftsverein Lobeda")
    start = local_moment(datetime(2031, 4, 15).date(), datetime(2031, 4, 15, 18).time())
    konferenz = konferenz_save(
        konferenz=Konferenz(
            sozialraum=lobeda,
            title="Frühjahrskonferenz",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            raum=saal,
            agenda="1. Begrüßung\n2. Spielplatz am Teich",
        ),
        user=None,
        akteure=[verein],
    )

    response = client.get(konferenz.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dienstag, 15. April 2031, 18:00 bis 20:00 Uhr" in page
    assert f'href="{saal.get_absolute_url()}"' in page
    assert "Karl-Marx-Allee 1, 07747 Jena" in page
    assert "2. Spielplatz am Teich" in page
    assert "Nachbarschaftsverein Lobeda" in page
    assert "Das Protokoll erscheint hier nach der Konferenz." in page


def test_detail_of_a_conference_at_an_address_shows_the_address(client, lobeda):
    konferenz = make_konferenz(lobeda, days=5, address="Gemeindesaal, Am Teich 2, 07747 Jena")

    page = client.get(konferenz.get_absolute_url()).content.decode()

    assert "Gemeindesaal, Am Teich 2, 07747 Jena" in page


def test_minutes_are_public_only_after_the_meeting(client, lobeda):
    coming = make_konferenz(lobeda, days=2, minutes="Entwurf: noch nicht besprochen.")
    past = make_konferenz(lobeda, days=-2, minutes="Beschluss: Wir gründen eine AG.")

    assert "Entwurf" not in client.get(coming.get_absolute_url()).content.decode()
    assert "Beschluss: Wir gründen eine AG." in client.get(past.get_absolute_url()).content.decode()


def test_conference_of_another_space_is_not_found_under_this_slug(client, lobeda, winzerla):
    konferenz = make_konferenz(winzerla, days=5)

    response = client.get(
        reverse("konferenzen:detail", kwargs={"slug": lobeda.slug, "pk": konferenz.pk})
    )

    assert response.status_code == 404


def test_detail_shows_only_published_ideas(client, lobeda):
    shown = make_idee(lobeda, "Bänke am Teich")
    hidden = [
        make_idee(lobeda, "Wartet noch auf Freigabe", Idee.Moderation.WAITING),
        make_idee(lobeda, "Wurde abgelehnt", Idee.Moderation.REJECTED),
        make_idee(lobeda, "Nach Meldung versteckt", Idee.Moderation.HIDDEN),
    ]
    konferenz = make_konferenz(lobeda, days=-1)
    konferenz.ideen.set([shown, *hidden])

    page = client.get(konferenz.get_absolute_url()).content.decode()

    assert "Bänke am Teich" in page
    for idee in hidden:
        assert idee.title not in page


def test_english_pages_work(client, lobeda):
    konferenz = make_konferenz(lobeda, days=5, title="Frühjahrskonferenz")
    detail = konferenz.get_absolute_url()

    assert client.get("/en" + list_url(lobeda)).status_code == 200
    response = client.get("/en" + detail)
    assert response.status_code == 200
    assert "Frühjahrskonferenz" in response.content.decode()


def test_dates_are_day_first_with_the_24_hour_clock_in_both_languages(client, lobeda):
    start = timezone.make_aware(datetime(NOW.year + 1, 12, 8, 17, 0))
    konferenz_save(
        konferenz=Konferenz(
            sozialraum=lobeda,
            title="Winterkonferenz",
            starts_at=start,
            ends_at=start + timedelta(hours=2, minutes=30),
            address="Stadtteilbüro",
        ),
        user=None,
    )

    german = client.get(list_url(lobeda)).content.decode()
    english = client.get("/en" + list_url(lobeda)).content.decode()

    assert f"8. Dezember {NOW.year + 1}, 17:00 bis 19:30 Uhr" in german
    assert f"8 December {NOW.year + 1}, 17:00 to 19:30" in english
    # The named formats every other English page uses follow the same rule.
    with translation.override("en"):
        assert date_format(start, "DATE_FORMAT") == f"8 December {NOW.year + 1}"
        assert date_format(start, "SHORT_DATETIME_FORMAT") == f"8 Dec {NOW.year + 1}, 17:00"


def test_list_and_detail_refuse_posts(client, fachdienst, lobeda):
    konferenz = make_konferenz(lobeda, days=5)
    client.force_login(fachdienst)

    assert client.post(list_url(lobeda)).status_code == 405
    assert client.post(konferenz.get_absolute_url()).status_code == 405
    assert client.post(ics_url(lobeda)).status_code == 405


# --- iCal feed -------------------------------------------------------------------------------


def parse(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_ical_feed_parses_back_with_utc_times_place_agenda_and_link(client, lobeda, saal):
    in_room = make_konferenz(lobeda, days=10, raum=saal, agenda="1. Begrüßung\n2. Spielplatz")
    at_address = make_konferenz(lobeda, days=40, address="Gemeindesaal, Am Teich 2, 07747 Jena")
    make_konferenz(Sozialraum.objects.get(slug="ost"), days=10, title="Nicht hier")

    events = {str(event["uid"]): event for event in parse(client.get(ics_url(lobeda)))}

    assert len(events) == 2
    event = next(e for uid, e in events.items() if uid.startswith(f"konferenz-{in_room.pk}@"))
    assert event.decoded("dtstart") == in_room.starts_at.replace(microsecond=0)
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == in_room.ends_at.replace(microsecond=0)
    assert event.to_ical().decode().count("Z\r\n") >= 3  # DTSTART, DTEND, DTSTAMP in UTC
    assert str(event["location"]) == "Saal im Stadtteilzentrum, Karl-Marx-Allee 1, 07747 Jena"
    assert str(event["description"]) == "1. Begrüßung\n2. Spielplatz"
    assert str(event["summary"]) == in_room.title
    assert str(event["url"]).endswith(in_room.get_absolute_url())
    other = next(e for uid, e in events.items() if uid.startswith(f"konferenz-{at_address.pk}@"))
    assert str(other["location"]) == "Gemeindesaal, Am Teich 2, 07747 Jena"
    assert "description" not in other


def test_ical_feed_keeps_a_year_of_past_conferences(client, lobeda):
    make_konferenz(lobeda, days=-300, title="Im Frühjahr")
    make_konferenz(lobeda, days=-400, title="Vorletztes Jahr")

    titles = [str(event["summary"]) for event in parse(client.get(ics_url(lobeda)))]

    assert titles == ["Im Frühjahr"]


def test_conference_across_the_end_of_summer_time_lasts_four_hours(client, fachdienst, lobeda):
    """25 October 2026: the clocks go back at 3:00, so 1:00 to 4:00 local time is four hours."""
    client.force_login(fachdienst)

    response = client.post(
        new_url(lobeda),
        form_data(title="Lange Nacht", date="2026-10-25", start="01:00", end="04:00"),
    )

    assert response.status_code == 302
    konferenz = Konferenz.objects.get(title="Lange Nacht")
    assert konferenz.starts_at == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    assert konferenz.ends_at == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    [event] = parse(client.get(ics_url(lobeda)))
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=4)
    assert event.decoded("dtstart") == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    # The edit form shows the local wall-clock times again.
    form = client.get(edit_url(konferenz)).content.decode()
    assert 'value="01:00"' in form and 'value="04:00"' in form and 'value="2026-10-25"' in form


def test_a_time_skipped_when_summer_time_starts_is_refused(client, fachdienst, lobeda):
    client.force_login(fachdienst)

    response = client.post(new_url(lobeda), form_data(date="2026-03-29", start="02:30"))

    assert response.status_code == 200
    assert "wegen der Zeitumstellung nicht" in response.content.decode()
    assert not Konferenz.objects.exists()


def test_the_twice_occurring_hour_means_summer_time():
    """When the clocks go back, 2:30 happens twice; invitations mean the first."""
    day, clock = datetime(2026, 10, 25).date(), datetime(2026, 10, 25, 2, 30).time()

    assert local_moment(day, clock) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_conference_can_end_on_the_next_day(client, fachdienst, lobeda):
    client.force_login(fachdienst)

    client.post(
        new_url(lobeda),
        form_data(date="2031-06-20", start="20:00", end="01:00", end_date="2031-06-21"),
    )

    konferenz = Konferenz.objects.get()
    assert konferenz.ends_at - konferenz.starts_at == timedelta(hours=5)


# --- Who may enter and edit ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["fachdienst", "member_lobeda"])
def test_fachdienst_and_members_of_actors_in_the_space_may_enter_a_conference(
    client, request, who, lobeda, saal
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    akteur = AkteurFactory(name="Nachbarschaftsverein")
    akteur.sozialraeume.add(lobeda)
    idee = make_idee(lobeda, "Bänke am Teich")

    assert client.get(new_url(lobeda)).status_code == 200
    response = client.post(
        new_url(lobeda),
        form_data(raum=saal.pk, address="", akteure=[akteur.pk], ideen=[idee.pk]),
    )

    konferenz = Konferenz.objects.get()
    assert response.status_code == 302
    assert response["Location"] == konferenz.get_absolute_url()
    assert konferenz.sozialraum == lobeda
    assert konferenz.raum == saal
    assert konferenz.agenda == "1. Begrüßung\n2. Treffpunkte für Jugendliche"
    assert list(konferenz.akteure.all()) == [akteur]
    assert list(konferenz.ideen.all()) == [idee]
    # One version for the conference, one each for its actors and ideas.
    assert {version.history_user for version in konferenz.history.all()} == {user}


@pytest.mark.parametrize("who", ["fachdienst", "member_lobeda"])
def test_fachdienst_and_members_of_actors_in_the_space_may_edit_a_conference(
    client, request, who, lobeda
):
    konferenz = make_konferenz(lobeda, days=-3, title="Herbstkonferenz")
    client.force_login(request.getfixturevalue(who))

    assert client.get(edit_url(konferenz)).status_code == 200
    response = client.post(
        edit_url(konferenz),
        form_data(title="Herbstkonferenz", minutes="Protokoll: Wir gründen eine AG."),
    )

    assert response.status_code == 302
    konferenz.refresh_from_db()
    assert konferenz.minutes == "Protokoll: Wir gründen eine AG."


def test_member_of_an_actor_of_another_space_finds_no_form(client, member_winzerla, lobeda):
    konferenz = make_konferenz(lobeda, days=5, title="Frühjahrskonferenz")
    client.force_login(member_winzerla)

    assert client.get(new_url(lobeda)).status_code == 404
    assert client.post(new_url(lobeda), form_data()).status_code == 404
    assert client.get(edit_url(konferenz)).status_code == 404
    assert client.post(edit_url(konferenz), form_data(title="Gekapert")).status_code == 404
    assert list(Konferenz.objects.values_list("title", flat=True)) == ["Frühjahrskonferenz"]


def test_account_without_actor_finds_no_form(client, lobeda):
    user = User.objects.create_user(email="jemand@example.org", password=PASSWORD)
    client.force_login(user)

    assert client.get(new_url(lobeda)).status_code == 404


def test_conference_is_edited_only_under_its_own_space(client, member_lobeda, lobeda, winzerla):
    """Even the Fachdienst cannot reach a Winzerla conference through Lobeda's address."""
    konferenz = make_konferenz(winzerla, days=5)
    client.force_login(member_lobeda)

    url = reverse("konferenzen:bearbeiten", kwargs={"slug": lobeda.slug, "pk": konferenz.pk})
    assert client.post(url, form_data(title="Gekapert")).status_code == 404
    assert Konferenz.objects.get().title != "Gekapert"


def test_anonymous_visitors_are_sent_to_the_login(client, lobeda):
    konferenz = make_konferenz(lobeda, days=5)

    for url in (new_url(lobeda), edit_url(konferenz)):
        response = client.post(url, form_data(title="Anonym"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("konto:anmelden"))
    assert not Konferenz.objects.filter(title="Anonym").exists()


def test_form_pages_are_never_cached(client, fachdienst, lobeda):
    client.force_login(fachdienst)

    response = client.get(new_url(lobeda))

    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_enter_link_only_for_those_allowed(client, member_lobeda, member_winzerla, lobeda):
    link = f'href="{new_url(lobeda)}"'

    assert link not in client.get(list_url(lobeda)).content.decode()
    client.force_login(member_winzerla)
    assert link not in client.get(list_url(lobeda)).content.decode()
    client.force_login(member_lobeda)
    assert link in client.get(list_url(lobeda)).content.decode()


def test_service_refuses_people_without_the_right(member_winzerla, lobeda):
    konferenz = Konferenz(
        sozialraum=lobeda,
        title="Von außen",
        starts_at=NOW,
        ends_at=NOW + timedelta(hours=1),
        address="Irgendwo 1",
    )

    with pytest.raises(PermissionDenied):
        konferenz_save(konferenz=konferenz, user=member_winzerla)
    assert not Konferenz.objects.exists()


def test_service_refuses_to_move_a_conference_out_of_a_space_the_editor_may_not_edit(
    member_lobeda, akteur_a, lobeda, winzerla
):
    konferenz = make_konferenz(winzerla, days=5, title="In Winzerla")
    konferenz.sozialraum = lobeda

    with pytest.raises(PermissionDenied):
        konferenz_save(konferenz=konferenz, user=member_lobeda)
    assert Konferenz.objects.get().sozialraum == winzerla


def test_fachdienst_sees_the_history_of_a_conference(client, fachdienst, lobeda):
    konferenz = make_konferenz(lobeda, days=-3, title="Herbstkonferenz")
    client.force_login(fachdienst)
    client.post(edit_url(konferenz), form_data(title="Herbstkonferenz 2025"))

    response = client.get(reverse("verlauf", kwargs={"name": "konferenz", "pk": konferenz.pk}))

    assert response.status_code == 200
    assert "Herbstkonferenz 2025" in response.content.decode()


# --- Bad input -------------------------------------------------------------------------------


@pytest.fixture
def logged_in(client, member_lobeda):
    client.force_login(member_lobeda)
    return client


def refused(response, message: str) -> None:
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert message in page
    assert not Konferenz.objects.exists()


def test_end_before_start_is_refused(logged_in, lobeda):
    response = logged_in.post(new_url(lobeda), form_data(start="19:00", end="17:00"))

    refused(response, "Das Ende muss nach dem Beginn liegen.")
    assert 'id="id_end_fehler1"' in response.content.decode()


def test_neither_room_nor_address_is_refused(logged_in, lobeda):
    response = logged_in.post(new_url(lobeda), form_data(raum="", address=""))

    refused(response, "Bitte einen Raum wählen oder eine Adresse angeben.")


def test_empty_title_and_missing_date_are_refused(logged_in, lobeda):
    response = logged_in.post(new_url(lobeda), form_data(title="   ", date=""))

    refused(response, "Dieses Feld ist zwingend erforderlich.")


def test_room_of_another_space_cannot_be_chosen(logged_in, lobeda):
    elsewhere = RaumFactory(name="Saal in Winzerla", bezirk_number=90)

    page = logged_in.get(new_url(lobeda)).content.decode()
    response = logged_in.post(new_url(lobeda), form_data(raum=elsewhere.pk, address=""))

    assert "Saal in Winzerla" not in page
    refused(response, "Bitte eine gültige Auswahl treffen. Dies ist keine gültige Auswahl.")


def test_idea_of_another_space_or_unpublished_cannot_be_chosen(logged_in, lobeda, winzerla):
    for idee in (
        make_idee(winzerla, "Idee aus Winzerla"),
        make_idee(lobeda, "Noch nicht freigegeben", Idee.Moderation.WAITING),
    ):
        assert idee.title not in logged_in.get(new_url(lobeda)).content.decode()
        response = logged_in.post(new_url(lobeda), form_data(ideen=[idee.pk]))
        refused(response, "ist keine gültige Auswahl")


def test_huge_texts_are_refused(logged_in, lobeda):
    response = logged_in.post(new_url(lobeda), form_data(agenda="x" * 5001, title="t" * 201))

    refused(response, "dass der Wert aus höchstens 5000 Zeichen besteht")
    assert "dass der Wert aus höchstens 200 Zeichen besteht" in response.content.decode()


def test_script_in_texts_is_shown_as_text(client, lobeda):
    konferenz = make_konferenz(
        lobeda, days=-1, title="<script>alert(1)</script>", minutes="<b>fett</b>"
    )

    for url in (list_url(lobeda), konferenz.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<b>fett</b>" not in page


def test_service_refuses_a_room_or_idea_of_another_space(lobeda, winzerla):
    elsewhere = RaumFactory(bezirk_number=90)
    konferenz = Konferenz(
        sozialraum=lobeda, title="Falsch", starts_at=NOW, ends_at=NOW + timedelta(hours=1)
    )
    konferenz.raum = elsewhere

    with pytest.raises(ValidationError) as error:
        konferenz_save(konferenz=konferenz, user=None, ideen=[make_idee(winzerla, "Anderswo")])

    assert set(error.value.message_dict) == {"raum", "ideen"}
    assert not Konferenz.objects.exists()


def test_database_refuses_a_conference_without_place_or_ending_before_it_starts(lobeda):
    konferenz = Konferenz(sozialraum=lobeda, title="Ohne Ort", starts_at=NOW, ends_at=NOW)

    with pytest.raises(ValidationError) as error:
        konferenz_save(konferenz=konferenz, user=None)

    messages = " ".join(error.value.messages)
    assert "Das Ende muss nach dem Beginn liegen." in messages
    assert "Bitte einen Raum wählen oder eine Adresse angeben." in messages


def test_editing_keeps_links_to_ideas_that_are_not_public(logged_in, lobeda):
    hidden = make_idee(lobeda, "Nach Meldung versteckt", Idee.Moderation.HIDDEN)
    konferenz = make_konferenz(lobeda, days=-3, title="Herbstkonferenz")
    konferenz.ideen.set([hidden])

    page = logged_in.get(edit_url(konferenz)).content.decode()
    logged_in.post(edit_url(konferenz), form_data(title="Herbstkonferenz"))

    assert "Nach Meldung versteckt" not in page
    assert list(konferenz.ideen.all()) == [hidden]


# --- Page cache and demo data ----------------------------------------------------------------


@pytest.fixture
def page_cache(settings, tmp_path):
    settings.CACHE_MIDDLEWARE_SECONDS = 300
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "jena_sozialraum.page_cache.PageFileCache",
            "LOCATION": str(tmp_path / "pages"),
        },
    }
    yield caches["pages"]
    caches["pages"].clear()


def test_saving_a_conference_clears_the_cached_pages(
    client, lobeda, page_cache, django_capture_on_commit_callbacks
):
    konferenz = make_konferenz(lobeda, days=5, title="Frühjahrskonferenz")
    client.get(list_url(lobeda))

    with django_capture_on_commit_callbacks(execute=True):
        konferenz.title = "Sommerkonferenz"
        konferenz_save(konferenz=konferenz, user=None)

    assert "Sommerkonferenz" in client.get(list_url(lobeda)).content.decode()


def test_demo_data_has_past_and_upcoming_conferences_in_rooms_and_at_addresses(lobeda):
    for space in Sozialraum.objects.all():
        number = Bezirk.objects.filter(sozialraum=space).order_by("number").first().number
        RaumFactory(bezirk_number=number, is_sample=True)
        akteur = AkteurFactory(is_sample=True)
        akteur.sozialraeume.add(space)
    make_idee(lobeda, "Bänke am Teich")

    count = demo_konferenzen_seed()

    spaces = Sozialraum.objects.count()
    assert count == spaces * len(OFFSETS)
    now = timezone.now()
    for space in Sozialraum.objects.all():
        konferenzen = Konferenz.objects.filter(sozialraum=space)
        past = konferenzen.filter(ends_at__lt=now)
        assert past.count() == 2 and not past.filter(minutes="").exists()
        assert konferenzen.filter(starts_at__gt=now).count() == 2
        assert konferenzen.filter(raum__is_sample=True, raum__sozialraum=space).exists()
        assert konferenzen.exclude(address="").exists()
        assert all(k.akteure.exists() for k in konferenzen)
    assert Konferenz.objects.filter(ideen__title="Bänke am Teich").exists()


def test_demo_data_works_without_rooms_actors_or_ideas(db):
    assert demo_konferenzen_seed() == Sozialraum.objects.count() * len(OFFSETS)
    assert not Konferenz.objects.filter(address="").exists()


def test_member_of_two_actors_may_edit_where_one_of_them_works(client, member_winzerla, lobeda):
    other = AkteurFactory(name="Verein in Lobeda")
    other.sozialraeume.add(lobeda)
    Membership.objects.create(user=member_winzerla, akteur=other, role=Membership.Role.EDITOR)
    client.force_login(member_winzerla)

    assert client.get(new_url(lobeda)).status_code == 200
