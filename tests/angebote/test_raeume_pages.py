"""The public room pages: search and API share one FilterSet, the detail's week view shows
occupied times without who booked, the request form stores nothing on bad input, residents
confirm by e-mail (GET asks, POST confirms), and the iCal feed parses back in UTC."""

import re
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

import pytest
from django.core import mail, signing
from django.utils import timezone
from icalendar import Calendar

from angebote.models import Raum, Raumanfrage, Sperrzeit
from angebote.services_raeume import CONFIRM_SALT, confirm_token, local_period
from tests.angebote.test_raum_buchung import BERLIN, booking, next_weekday
from tests.factories import RaumFactory

# --- Search: each filter on page and API ------------------------------------------------------


def page_slugs(client, query: str) -> set[str]:
    response = client.get(f"/raeume/?{query}")
    assert response.status_code == 200
    # Card links carry the searched period (?date=…) when there is one.
    return set(re.findall(r'href="/raeume/([\w-]+)/(?:\?[^"]*)?"', response.content.decode()))


def api_slugs(client, query: str) -> set[str]:
    response = client.get(f"/api/v1/raeume/?{query}")
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["results"]}


SOURCES = [page_slugs, api_slugs]


def period_query(day: datetime, start: int, end: int) -> str:
    return f"von={day:%Y-%m-%d}T{start:02d}:00&bis={day:%Y-%m-%d}T{end:02d}:00"


TUESDAY = next_weekday(2, 0)
EVENINGS = [(2, clock(17), clock(22))]
MORNINGS = [(2, clock(8), clock(12))]

CASES = {
    "sozialraum": (
        {"bezirk_number": 90},
        {"bezirk_number": 63},
        "sozialraum=winzerla",
        "sozialraum=nord",
    ),
    "kapazitaet": ({"capacity": 30}, {"capacity": 10}, "kapazitaet=12", "kapazitaet=31"),
    "barrierefrei": (
        {"merkmale": ["stufenlos", "rollstuhl-wc"]},
        {"merkmale": ["stufenlos"]},
        "barrierefrei=stufenlos&barrierefrei=rollstuhl-wc",
        "barrierefrei=hoeranlage",
    ),
    "ausstattung": (
        {"ausstattung": ["kueche", "beamer"]},
        {"ausstattung": ["kueche"]},
        "ausstattung=kueche&ausstattung=beamer",
        "ausstattung=garten",
    ),
    "kostenlos": (
        {"cost": Raum.Cost.FREE},
        {"cost": Raum.Cost.HOURLY, "price_per_hour": "5.00"},
        "kostenlos=1",
        None,
    ),
    "von-bis": (
        {"zeiten": EVENINGS},
        {"zeiten": MORNINGS},
        period_query(TUESDAY, 18, 20),
        period_query(TUESDAY + timedelta(days=1), 18, 20),
    ),
}


@pytest.fixture
def pair(db):
    def build(matching: dict, other: dict) -> tuple[str, str]:
        hit = RaumFactory(name="Treffer", slug="treffer", **matching)
        miss = RaumFactory(name="Daneben", slug="daneben", **other)
        return hit.slug, miss.slug

    return build


@pytest.mark.parametrize("source", SOURCES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("case", CASES.keys())
def test_room_filter_matches_one_value_and_not_another(client, pair, source, case):
    matching, other, query, query_without_hit = CASES[case]
    hit, miss = pair(matching, other)

    found = source(client, query)

    assert hit in found
    assert miss not in found
    if query_without_hit:
        assert hit not in source(client, query_without_hit)


@pytest.mark.parametrize("source", SOURCES, ids=lambda f: f.__name__)
def test_room_booked_for_part_of_the_period_is_not_found(client, db, source):
    raum = RaumFactory(name="Saal", slug="saal", zeiten=EVENINGS)
    start = next_weekday(2, 18)
    booking(raum, start + timedelta(minutes=119), start + timedelta(hours=3))

    assert "saal" not in source(client, period_query(start, 18, 20))
    assert "saal" in source(client, period_query(start, 17, 18))


def test_room_list_shows_the_facts_and_links_the_free_period_to_the_request_form(client, db):
    RaumFactory(
        name="Stadtteilzentrum",
        slug="stz",
        capacity=25,
        merkmale=["stufenlos"],
        ausstattung=["kueche"],
        cost=Raum.Cost.HOURLY,
        price_per_hour="12.50",
        zeiten=EVENINGS,
    )
    start = next_weekday(2, 18)

    html = client.get(f"/raeume/?{period_query(start, 18, 20)}").content.decode()

    assert "1 Raum gefunden" in html
    assert "für bis zu 25 Personen" in html
    assert "Sozialraum Winzerla" in html
    assert "12,50 Euro pro Stunde" in html
    assert "Stufenloser Zugang" in html or "stufenlos.svg" in html
    assert "Küche" in html
    assert 'data-raum-lat="' in html
    period = f"date={start:%Y-%m-%d}&amp;start=18%3A00&amp;end=20%3A00"
    assert f"/raeume/stz/anfragen/?{period}" in html
    # Opening the room first keeps the searched period for its request links.
    assert f'href="/raeume/stz/?{period}"' in html
    detail = client.get(f"/raeume/stz/?{period.replace('&amp;', '&')}").content.decode()
    assert detail.count(f"/raeume/stz/anfragen/?{period}") == 2
    tampered = client.get("/raeume/stz/?date=x&start=18:00&end=20:00").content.decode()
    assert "/raeume/stz/anfragen/?" not in tampered


# --- Search: bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("von={day}T18:00", "bis", "Bitte Beginn und Ende angeben"),
        ("bis={day}T18:00", "von", "Bitte Beginn und Ende angeben"),
        ("von={day}T20:00&bis={day}T18:00", "bis", "Das Ende muss nach dem Beginn liegen."),
        ("von={day}T20:00&bis={next_day}T01:00", "bis", "am selben Tag"),
        ("von=2020-01-07T18:00&bis=2020-01-07T20:00", "von", "in der Vergangenheit"),
        ("von=morgen&bis={day}T20:00", "von", "Bitte Datum und Uhrzeit so angeben"),
    ],
)
def test_bad_period_shows_a_clear_message_and_no_results(client, db, query, field, message):
    RaumFactory()
    day = next_weekday(2, 0)
    query = query.format(day=f"{day:%Y-%m-%d}", next_day=f"{day + timedelta(days=1):%Y-%m-%d}")

    response = client.get(f"/raeume/?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert message in html
    assert "0 Räume gefunden" in html

    api = client.get(f"/api/v1/raeume/?{query}")
    assert api.status_code == 400
    assert message in " ".join(api.json()[field])


@pytest.mark.parametrize(
    "query",
    [
        "sozialraum=mitte",
        "kapazitaet=0",
        "kapazitaet=viele",
        "barrierefrei=fliegen",
        "ausstattung=sauna",
        "kostenlos=vielleicht",
    ],
)
def test_invalid_filter_values_are_400_with_field_map_in_api(client, db, query):
    response = client.get(f"/api/v1/raeume/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_inactive_rooms_are_neither_listed_nor_shown(client, db):
    RaumFactory(slug="zu", is_active=False)

    assert "zu" not in page_slugs(client, "")
    assert "zu" not in api_slugs(client, "")
    assert client.get("/raeume/zu/").status_code == 404
    assert client.get("/api/v1/raeume/zu/").status_code == 404
    assert client.get("/raeume/zu/anfragen/").status_code == 404
    assert client.get("/raeume/zu/belegung.ics").status_code == 404


def test_api_detail_has_the_vocabulary_codes_and_the_calendar_link(client, db):
    RaumFactory(slug="saal", merkmale=["stufenlos"], ausstattung=["beamer"])

    data = client.get("/api/v1/raeume/saal/").json()

    assert data["barrierefrei"] == ["stufenlos"]
    assert data["ausstattung"] == ["beamer"]
    assert data["belegung"] == "http://testserver/raeume/saal/belegung.ics"
    assert data["zeiten"][0] == {"weekday": 1, "opens": "08:00:00", "closes": "22:00:00"}
    assert "beamer" in {item["code"] for item in client.get("/api/v1/ausstattung/").json()}


# --- Detail and week view -----------------------------------------------------------------------


@pytest.fixture
def raum(akteur_b):
    """A room of actor B (member_b is told about requests), bookable on Tuesday evenings."""
    return RaumFactory(name="Saal", slug="saal", akteur=akteur_b, zeiten=EVENINGS)


def test_week_view_shows_free_and_occupied_times_but_not_who_booked(client, raum):
    tuesday = next_weekday(2, 18)
    Raumanfrage.objects.create(
        raum=raum,
        period=local_period(tuesday, tuesday + timedelta(hours=2)),
        purpose="Vertrauliche Beratung",
        people=5,
        name="Erika Geheim",
        email="erika@example.org",
        status=Raumanfrage.Status.ACCEPTED,
    )
    booking(
        raum,
        tuesday + timedelta(hours=2),
        tuesday + timedelta(hours=3),
        status=Raumanfrage.Status.PENDING,
    )
    Sperrzeit.objects.create(
        raum=raum,
        period=local_period(tuesday + timedelta(days=2, hours=-8), tuesday + timedelta(days=2)),
        reason="Wasserschaden",
    )
    monday = tuesday.date() - timedelta(days=1)

    response = client.get(f"/raeume/saal/?woche={monday:%Y-%m-%d}")

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Woche vom {monday.day}." in html
    assert "18:00 bis 20:00 Uhr: belegt" in html
    assert "10:00 bis 18:00 Uhr: gesperrt" in html
    # Free: the bookable evening minus the booking; the open request does not block.
    assert "17:00 bis 18:00 Uhr</li>" in html
    assert "20:00 bis 22:00 Uhr</li>" in html
    for private in ("Erika", "erika@example.org", "Vertrauliche", "Gruppentreffen"):
        assert private not in html
    assert "Diesen Raum anfragen" in html
    assert "/raeume/saal/belegung.ics" in html


def test_week_parameter_picks_the_week_and_stays_in_the_bookable_range(client, raum):
    today = timezone.localdate()
    this_monday = today - timedelta(days=today.isoweekday() - 1)
    in_two_weeks = this_monday + timedelta(days=16)  # a Wednesday

    html = client.get(f"/raeume/saal/?woche={in_two_weeks:%Y-%m-%d}").content.decode()
    assert f"?woche={this_monday + timedelta(days=7):%Y-%m-%d}#woche" in html  # previous
    assert f"?woche={this_monday + timedelta(days=21):%Y-%m-%d}#woche" in html  # next

    for woche in ("kaputt", "1999-01-01"):
        html = client.get(f"/raeume/saal/?woche={woche}").content.decode()
        assert "Vorherige Woche" not in html  # the current week is the first one
    html = client.get("/raeume/saal/?woche=2999-01-01").content.decode()
    assert "Nächste Woche" not in html


def test_detail_shows_facts_hours_and_photos_with_alt_text(client, raum):
    raum.fotos.create(image="raeume/2026/saal.jpg", alt_text="Heller Saal mit Stuhlkreis")

    html = client.get("/raeume/saal/").content.decode()

    assert 'alt="Heller Saal mit Stuhlkreis"' in html
    assert "Dienstag" in html and "17:00 bis 22:00 Uhr" in html
    assert "Teststraße 1" in html
    assert "mindestens 24 Stunden vorher" in html


# --- Request form -------------------------------------------------------------------------------


def request_data(**changes) -> dict:
    day = next_weekday(2, 18).date()
    data = {
        "name": "Ada Beispiel",
        "email": "ada@example.org",
        "date": f"{day:%Y-%m-%d}",
        "start": "18:00",
        "end": "20:00",
        "people": "12",
        "purpose": "Treffen der Selbsthilfegruppe",
        "support_needs": "Eine Rampe",
    }
    return {**data, **changes}


URL = "/raeume/saal/anfragen/"


def test_request_form_is_never_cached_and_takes_the_period_from_the_link(client, raum):
    response = client.get(f"{URL}?date=2026-12-01&start=18:00&end=20:00")

    html = response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert 'value="2026-12-01"' in html and 'value="18:00"' in html and 'value="20:00"' in html
    assert 'name="email"' in html and 'name="akteur"' not in html


def test_member_request_goes_to_the_owner_at_once(
    client, raum, member_a, akteur_a, member_b, django_capture_on_commit_callbacks
):
    client.force_login(member_a)
    html = client.get(URL).content.decode()
    assert 'name="akteur"' in html and 'name="email"' not in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, request_data(akteur=akteur_a.pk, name="", email=""))

    assert response.status_code == 302
    assert response["Location"] == "/raeume/saal/anfragen/gesendet/"
    anfrage = Raumanfrage.objects.get()
    assert anfrage.status == Raumanfrage.Status.PENDING
    assert (anfrage.user, anfrage.akteur, anfrage.email) == (member_a, akteur_a, member_a.email)
    assert anfrage.people == 12 and anfrage.support_needs == "Eine Rampe"
    assert anfrage.period.upper - anfrage.period.lower == timedelta(hours=2)
    assert timezone.localtime(anfrage.period.lower).hour == 18
    assert [m.to for m in mail.outbox] == [[member_b.email]]
    assert "Treffen der Selbsthilfegruppe" in mail.outbox[0].body
    assert "ist jetzt bei Verein B" in client.get(response["Location"]).content.decode()


def test_resident_confirms_by_email_and_only_the_post_confirms(
    client, raum, member_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, request_data())

    assert response.status_code == 302
    assert "E-Mail-Postfach" in client.get(response["Location"]).content.decode()
    anfrage = Raumanfrage.objects.get()
    assert anfrage.status == Raumanfrage.Status.UNCONFIRMED
    assert (anfrage.name, anfrage.email, anfrage.user) == ("Ada Beispiel", "ada@example.org", None)
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]  # the owner does not know yet
    link = re.search(r"https?://[^/\s]+(/raeume/anfrage/bestaetigen/\S+/)", mail.outbox[0].body)
    mail.outbox.clear()

    page = client.get(link[1])  # what a mail scanner does
    assert page.status_code == 200
    assert "Ja, Anfrage bestätigen" in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    anfrage.refresh_from_db()
    assert anfrage.status == Raumanfrage.Status.UNCONFIRMED

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link[1])

    assert confirmed.status_code == 200
    assert "ist bestätigt" in confirmed.content.decode()
    anfrage.refresh_from_db()
    assert anfrage.status == Raumanfrage.Status.PENDING
    assert [m.to for m in mail.outbox] == [[member_b.email]]
    # A second click changes nothing and says so.
    assert "schon bestätigt" in client.get(link[1]).content.decode()


def test_requests_without_account_from_one_address_are_limited_per_hour(
    client, raum, member_a, akteur_a, settings, django_capture_on_commit_callbacks
):
    settings.ROOM_REQUEST_RATE_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=True):
        for hour in ("18:00", "19:00"):
            client.post(URL, request_data(start=hour, end=hour.replace(":00", ":30")))

        refused = client.post(URL, request_data(start="20:00", end="21:00"))
        other = client.post(URL, request_data(start="20:00", end="21:00"), REMOTE_ADDR="10.1.1.1")

    assert refused.status_code == 429
    assert "schon mehrere Raumanfragen" in refused.content.decode()
    assert other.status_code == 302
    assert Raumanfrage.objects.count() == 3
    assert len(mail.outbox) == 3  # one confirmation link each, none for the refused request
    # Members are known by their account and not limited this way.
    client.force_login(member_a)
    member = client.post(
        URL, request_data(akteur=akteur_a.pk, name="", email="", start="21:00", end="22:00")
    )
    assert member.status_code == 302
    assert Raumanfrage.objects.filter(user=member_a).get().ip_hash == ""


def test_expired_and_invalid_confirmation_links_are_refused(client, raum):
    anfrage = booking(
        raum,
        next_weekday(2, 18),
        next_weekday(2, 19),
        status=Raumanfrage.Status.UNCONFIRMED,
    )

    class LongAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 4 * 24 * 3600)

    expired = LongAgo(salt=CONFIRM_SALT).sign(str(anfrage.pk))
    forged = confirm_token(anfrage)[:-2] + "xx"
    for method in ("get", "post"):
        response = getattr(client, method)(f"/raeume/anfrage/bestaetigen/{expired}/")
        assert response.status_code == 410
        assert "abgelaufen" in response.content.decode()
        assert getattr(client, method)(f"/raeume/anfrage/bestaetigen/{forged}/").status_code == 400
    anfrage.refresh_from_db()
    assert anfrage.status == Raumanfrage.Status.UNCONFIRMED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": "20:00", "end": "18:00"}, "Das Ende muss nach dem Beginn liegen."),
        ({"people": "21"}, "In diesen Raum passen höchstens 20 Personen."),
        ({"start": "12:00", "end": "14:00"}, "Der Raum ist zu dieser Zeit nicht buchbar."),
        ({"date": "2020-01-07"}, "Der Beginn liegt in der Vergangenheit."),
        ({"date": "", "purpose": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"email": "ada@"}, "Ihre E-Mail-Adresse: "),
    ],
)
def test_bad_request_shows_the_message_in_the_summary_and_stores_nothing(
    client, raum, changes, message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, request_data(**changes))

    html = response.content.decode()
    assert response.status_code == 200
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert message in summary
    assert "<title>Fehler:" in html
    assert not Raumanfrage.objects.exists()
    assert not mail.outbox


def test_request_for_a_taken_period_is_refused(client, raum):
    start = next_weekday(2, 18)
    booking(raum, start + timedelta(hours=1), start + timedelta(hours=2))

    response = client.post(URL, request_data())

    assert "schon vergeben" in response.content.decode()
    assert Raumanfrage.objects.count() == 1


def test_bot_filling_the_honeypot_sees_the_thanks_and_nothing_is_stored(client, raum):
    response = client.post(URL, request_data(website="http://spam.example"))

    assert response.status_code == 302
    assert not Raumanfrage.objects.exists()
    assert not mail.outbox


# --- iCal feed ----------------------------------------------------------------------------------


def october_dst_change() -> date:
    """The last Sunday of October inside the feed's window (30 days back, a year ahead)."""
    today = timezone.localdate()
    for year in (today.year - 1, today.year, today.year + 1):
        day = date(year, 10, 31)
        day -= timedelta(days=day.isoweekday() % 7)
        if today - timedelta(days=29) <= day <= today + timedelta(days=364):
            return day
    raise AssertionError("every year has one")


def test_ical_feed_has_exactly_the_occupied_periods_in_utc(client, raum, settings):
    settings.SITE_URL = "https://portal.example"
    start = next_weekday(2, 18)
    accepted = booking(raum, start, start + timedelta(hours=2))
    dst = october_dst_change()
    across_dst = booking(
        raum,
        datetime.combine(dst, clock(1), tzinfo=BERLIN),
        datetime.combine(dst, clock(4), tzinfo=BERLIN),
    )
    blocked = Sperrzeit.objects.create(
        raum=raum,
        period=local_period(start + timedelta(days=1), start + timedelta(days=2)),
        reason="Renovierung",
    )
    booking(raum, start, start + timedelta(hours=1), status=Raumanfrage.Status.PENDING)
    booking(raum, start, start + timedelta(hours=1), status=Raumanfrage.Status.DECLINED)
    long_ago = start - timedelta(days=60)
    booking(raum, long_ago, long_ago + timedelta(hours=1))

    response = client.get("/raeume/saal/belegung.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "Gruppe" not in body and "gruppe@example.org" not in body and "Renovierung" not in body
    events = Calendar.from_ical(response.content).walk("VEVENT")
    found = {
        (str(e["uid"]), str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend")) for e in events
    }
    utc = lambda moment: moment.astimezone(UTC)  # noqa: E731
    assert found == {
        (
            f"raumanfrage-{accepted.pk}@portal.example",
            "Belegt",
            utc(start),
            utc(start + timedelta(hours=2)),
        ),
        (
            f"raumanfrage-{across_dst.pk}@portal.example",
            "Belegt",
            datetime.combine(dst - timedelta(days=1), clock(23), tzinfo=UTC),
            datetime.combine(dst, clock(3), tzinfo=UTC),
        ),
        (
            f"sperrzeit-{blocked.pk}@portal.example",
            "Gesperrt",
            utc(blocked.period.lower),
            utc(blocked.period.upper),
        ),
    }
    # Four real hours across the change, written in UTC ("Z"), not in local time.
    assert f"DTSTART:{dst - timedelta(days=1):%Y%m%d}T230000Z" in body
    assert f"DTEND:{dst:%Y%m%d}T030000Z" in body
    assert client.get("/raeume/saal/belegung.ics").content.count(b"UID:") == 3


def test_ical_feed_refuses_writes(client, raum):
    assert client.post("/raeume/saal/belegung.ics").status_code == 405
