"""Room availability, requests and accepting: the exclusion constraint makes double bookings
impossible, also under concurrency; periods are correct across DST changes."""

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from angebote.models import Raum, Raumanfrage, Sperrzeit
from angebote.selectors_raeume import raeume_free
from angebote.services_raeume import (
    Requester,
    local_period,
    period_problems,
    raumanfrage_accept,
    raumanfrage_cancel,
    raumanfrage_create,
    raumanfrage_decline,
)
from tests.factories import RaumFactory

BERLIN = ZoneInfo("Europe/Berlin")


def next_weekday(weekday: int, hour: int, minute: int = 0, weeks: int = 1) -> datetime:
    """A local time on the given ISO weekday, at least `weeks` weeks from today."""
    today = timezone.localdate()
    day = today + timedelta(days=(weekday - today.isoweekday()) % 7 + 7 * weeks)
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def booking(raum: Raum, start: datetime, end: datetime, status=Raumanfrage.Status.ACCEPTED):
    return Raumanfrage.objects.create(
        raum=raum,
        period=local_period(start, end),
        purpose="Gruppentreffen",
        people=5,
        name="Gruppe",
        email="gruppe@example.org",
        status=status,
    )


def free(start: datetime, end: datetime) -> set[str]:
    return set(raeume_free(Raum.objects.all(), start, end).values_list("name", flat=True))


@pytest.fixture
def raum(db):
    return RaumFactory(name="Saal")


def test_room_free_for_the_whole_period_is_found(raum):
    start = next_weekday(2, 18)
    booking(raum, start - timedelta(hours=2), start)  # ends exactly when ours begins
    booking(raum, start + timedelta(hours=3), start + timedelta(hours=4))
    assert free(start, start + timedelta(hours=3)) == {"Saal"}
    assert period_problems(raum, start, start + timedelta(hours=3)) == []


def test_room_with_a_booking_overlapping_by_a_minute_is_not_found(raum):
    start = next_weekday(2, 18)
    booking(raum, start + timedelta(hours=2, minutes=59), start + timedelta(hours=4))
    assert free(start, start + timedelta(hours=3)) == set()
    assert "schon vergeben" in " ".join(period_problems(raum, start, start + timedelta(hours=3)))


def test_declined_and_open_requests_do_not_block(raum):
    start = next_weekday(2, 18)
    booking(raum, start, start + timedelta(hours=2), status=Raumanfrage.Status.DECLINED)
    booking(raum, start, start + timedelta(hours=2), status=Raumanfrage.Status.PENDING)
    assert free(start, start + timedelta(hours=2)) == {"Saal"}


def test_blocked_period_is_respected(raum):
    start = next_weekday(3, 10)
    Sperrzeit.objects.create(
        raum=raum, period=local_period(start - timedelta(days=1), start + timedelta(minutes=1))
    )
    assert free(start, start + timedelta(hours=1)) == set()
    assert free(start + timedelta(minutes=1), start + timedelta(hours=1)) == {"Saal"}


def test_bookable_hours_are_respected(db):
    RaumFactory(name="Abends", zeiten=[(2, time(17), time(22))])
    tuesday = next_weekday(2, 17)
    assert free(tuesday, tuesday + timedelta(hours=5)) == {"Abends"}
    assert free(tuesday - timedelta(minutes=30), tuesday + timedelta(hours=1)) == set()
    assert free(tuesday + timedelta(hours=4), tuesday + timedelta(hours=5, minutes=1)) == set()
    wednesday = tuesday + timedelta(days=1)
    assert free(wednesday, wednesday + timedelta(hours=1)) == set()


def test_notice_and_days_ahead_are_respected(db):
    RaumFactory(name="Kurzfristig", min_notice_hours=0, max_days_ahead=10)
    soon = timezone.localtime() + timedelta(hours=1)
    start = soon.replace(hour=12, minute=0, second=0, microsecond=0) + timedelta(days=1)
    assert free(start, start + timedelta(hours=1)) == {"Kurzfristig"}
    far = start + timedelta(days=11)
    assert free(far, far + timedelta(hours=1)) == set()
    past = start - timedelta(days=3)
    assert free(past, past + timedelta(hours=1)) == set()


def test_search_and_request_rules_agree(raum):
    """The SQL search and the request check are two forms of one rule."""
    base = next_weekday(5, 9)
    booking(raum, base + timedelta(hours=2), base + timedelta(hours=3))
    Sperrzeit.objects.create(
        raum=raum, period=local_period(base + timedelta(hours=6), base + timedelta(hours=7))
    )
    for offset in range(0, 14):
        start = base + timedelta(hours=offset)
        end = start + timedelta(minutes=90)
        assert (free(start, end) == {"Saal"}) == (period_problems(raum, start, end) == []), start


def test_request_with_bad_input_is_refused_with_messages_and_stores_nothing(raum):
    start = next_weekday(2, 18)
    requester = Requester(name="Ada", email="ada@example.org")
    cases = [
        (start, start - timedelta(hours=1), 5, "Ende muss nach dem Beginn"),
        (start - timedelta(days=30), start - timedelta(days=30, hours=-1), 5, "Vergangenheit"),
        (
            timezone.now() + timedelta(hours=2),
            timezone.now() + timedelta(hours=3),
            5,
            "mindestens 24 Stunden",
        ),
        (start.replace(hour=6), start.replace(hour=7), 5, "nicht buchbar"),
        (start, start + timedelta(hours=1), 21, "höchstens 20 Personen"),
    ]
    for begin, end, people, message in cases:
        with pytest.raises(ValidationError) as error:
            raumanfrage_create(
                raum=raum,
                start=begin,
                end=end,
                purpose="Treffen",
                people=people,
                requester=requester,
            )
        assert message in " ".join(error.value.messages), message
    assert not Raumanfrage.objects.exists()


def test_accepting_declines_overlapping_open_requests_and_tells_everyone(
    raum, member_a, akteur_a, django_capture_on_commit_callbacks
):
    raum.akteur = akteur_a
    raum.save()
    start = next_weekday(2, 18)
    requester = Requester(name="Gruppe A", email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        first = raumanfrage_create(
            raum=raum,
            start=start,
            end=start + timedelta(hours=2),
            purpose="Treffen",
            people=12,
            requester=requester,
        )
        other = raumanfrage_create(
            raum=raum,
            start=start + timedelta(hours=1),
            end=start + timedelta(hours=3),
            purpose="Kurs",
            people=8,
            requester=Requester(name="B", email="b@example.org"),
        )
    for anfrage in (first, other):
        anfrage.status = Raumanfrage.Status.PENDING  # as if both confirmed their address
        anfrage.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        raumanfrage_accept(anfrage=first, user=member_a, message="Schlüssel im Büro.")

    first.refresh_from_db()
    other.refresh_from_db()
    assert first.status == Raumanfrage.Status.ACCEPTED and first.decided_by == member_a
    assert other.status == Raumanfrage.Status.DECLINED
    assert "schon an eine andere Anfrage vergeben" in other.owner_message
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "Schlüssel im Büro." in next(m.body for m in mail.outbox if m.to == ["a@example.org"])


def test_conflicting_accept_fails_with_a_clear_message(raum, fachdienst):
    start = next_weekday(2, 18)
    booking(raum, start, start + timedelta(hours=2))
    # Created directly: an old request that overlaps (e.g. made before the booking existed).
    late = booking(
        raum,
        start + timedelta(hours=1),
        start + timedelta(hours=3),
        status=Raumanfrage.Status.PENDING,
    )

    with pytest.raises(ValidationError, match="schon vergeben"):
        raumanfrage_accept(anfrage=late, user=fachdienst)

    late.refresh_from_db()
    assert late.status == Raumanfrage.Status.PENDING


def test_only_the_owners_members_decide(raum, member_b):
    start = next_weekday(2, 18)
    anfrage = booking(raum, start, start + timedelta(hours=1), status=Raumanfrage.Status.PENDING)
    with pytest.raises(PermissionDenied):
        raumanfrage_accept(anfrage=anfrage, user=member_b)
    with pytest.raises(PermissionDenied):
        raumanfrage_decline(anfrage=anfrage, user=member_b, message="Nein")
    anfrage.refresh_from_db()
    assert anfrage.status == Raumanfrage.Status.PENDING


def test_requester_cancels_and_the_slot_is_free_again(raum, member_a, fachdienst):
    start = next_weekday(2, 18)
    anfrage = raumanfrage_create(
        raum=raum,
        start=start,
        end=start + timedelta(hours=2),
        purpose="Treffen",
        people=5,
        requester=Requester(name="A", email=member_a.email, user=member_a),
    )
    raumanfrage_accept(anfrage=anfrage, user=fachdienst)
    assert free(start, start + timedelta(hours=2)) == set()
    with pytest.raises(PermissionDenied):
        raumanfrage_cancel(anfrage=anfrage, user=fachdienst)

    raumanfrage_cancel(anfrage=anfrage, user=member_a)

    assert free(start, start + timedelta(hours=2)) == {"Saal"}


def test_booking_across_the_october_dst_change_has_the_right_length(db):
    """On 25 Oct 2026 the clocks go back at 03:00 CEST to 02:00 CET: 01:00 to 04:00 on the
    wall clock is four real hours, and that is what is stored and compared."""
    raum = RaumFactory(name="Nachtcafé", zeiten=[(7, time(0), time(23, 59))], max_days_ahead=730)
    start = datetime(2026, 10, 25, 1, 0, tzinfo=BERLIN)
    end = datetime(2026, 10, 25, 4, 0, tzinfo=BERLIN)
    anfrage = booking(raum, start, end)

    anfrage.refresh_from_db()
    assert anfrage.period.upper - anfrage.period.lower == timedelta(hours=4)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT upper(period) - lower(period) FROM angebote_raumanfrage WHERE id = %s",
            [anfrage.pk],
        )
        assert cursor.fetchone()[0] == timedelta(hours=4)
    # 02:30 happens twice that night; both the CEST and the CET one lie inside the booking.
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1)
    assert (first.utcoffset(), second.utcoffset()) == (timedelta(hours=2), timedelta(hours=1))
    assert anfrage.period.lower < first.astimezone(ZoneInfo("UTC")) < anfrage.period.upper
    assert anfrage.period.lower < second.astimezone(ZoneInfo("UTC")) < anfrage.period.upper


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_accepts_of_overlapping_requests_accept_exactly_one(jena, fachdienst):
    raum = RaumFactory(name="Begehrt")
    start = next_weekday(4, 10)
    requests = [
        booking(
            raum,
            start + timedelta(minutes=5 * n),
            start + timedelta(hours=2, minutes=5 * n),
            status=Raumanfrage.Status.PENDING,
        )
        for n in range(20)
    ]
    barrier = threading.Barrier(len(requests))
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(anfrage):
        try:
            barrier.wait()
            raumanfrage_accept(anfrage=anfrage, user=fachdienst)
            result = "accepted"
        except ValidationError:
            result = "refused"
        except Exception as error:  # anything else would reach the user as a 500
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(a,)) for a in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted"] + ["refused"] * 19
    assert Raumanfrage.objects.filter(status=Raumanfrage.Status.ACCEPTED).count() == 1
