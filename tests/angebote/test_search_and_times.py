from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from angebote.models import Angebot
from angebote.selectors import angebote_public, open_at
from angebote.services import angebot_save
from tests.factories import AngebotFactory, point_in

BERLIN = ZoneInfo("Europe/Berlin")


def search(client, q: str) -> list[str]:
    return [r["slug"] for r in client.get("/api/v1/angebote/", {"q": q}).json()["results"]]


def test_german_stemming_finds_singular_from_plural(client, db):
    beratung = AngebotFactory(title="Offene Beratung für Familien")

    assert beratung.slug in search(client, "Beratungen")


def test_one_typo_in_the_search_word_is_tolerated(client, db):
    beratung = AngebotFactory(title="Offene Beratung für Familien")
    sport = AngebotFactory(title="Sport im Park")

    found = search(client, "Beratnug")

    assert beratung.slug in found
    assert sport.slug not in found


def test_title_match_ranks_before_description_match(client, db):
    in_description = AngebotFactory(title="Nachbarschaftscafé", description="Mit Frühstück.")
    in_title = AngebotFactory(title="Frühstück für alle", description="Jeden Morgen.")

    assert search(client, "Frühstück")[:2] == [in_title.slug, in_description.slug]


def _open_slugs(moment: datetime) -> set[str]:
    return set(angebote_public().filter(open_at(moment)).values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (datetime(2026, 11, 21, 21, 59, tzinfo=BERLIN), False),  # Saturday before opening
        (datetime(2026, 11, 21, 23, 30, tzinfo=BERLIN), True),  # Saturday night
        (datetime(2026, 11, 22, 1, 30, tzinfo=BERLIN), True),  # Sunday, after midnight
        (datetime(2026, 11, 22, 2, 0, tzinfo=BERLIN), False),  # Sunday, closed at 02:00
        (datetime(2026, 11, 22, 23, 0, tzinfo=BERLIN), False),  # Sunday night: no window
    ],
)
def test_open_now_across_midnight(db, moment, is_open):
    bar = AngebotFactory(zeiten=[(6, time(22), time(2))])

    assert (bar.slug in _open_slugs(moment)) is is_open


@pytest.mark.parametrize(
    ("utc", "is_open"),
    [
        # 29 March 2026: clocks jump from 02:00 CET to 03:00 CEST.
        ("2026-03-29T00:30:00+00:00", True),  # 01:30 CET, Sunday, window Sat 22:00-02:30
        ("2026-03-29T01:10:00+00:00", True),  # 03:10 CEST: window 03:00-05:00 on Sunday
        ("2026-03-29T00:59:00+00:00", True),  # 01:59 CET
        # 25 October 2026: clocks go back from 03:00 CEST to 02:00 CET.
        ("2026-10-25T00:15:00+00:00", True),  # 02:15 CEST, Sunday, inside Sat 22:00-02:30
        ("2026-10-25T01:15:00+00:00", True),  # 02:15 CET again: wall clock still inside
        ("2026-10-25T01:45:00+00:00", False),  # 02:45 CET: closed
    ],
)
def test_open_now_uses_berlin_wall_clock_across_dst_changes(db, utc, is_open):
    late = AngebotFactory(zeiten=[(6, time(22), time(2, 30)), (7, time(3), time(5))])

    moment = datetime.fromisoformat(utc)

    assert (late.slug in _open_slugs(moment)) is is_open


def test_open_now_filter_in_the_api_uses_the_current_time(client, db):
    whole_days = [(d, time(0), time(23, 59)) for d in range(1, 8)]
    last_minutes = [(d, time(23, 59), time(0)) for d in range(1, 8)]
    always = AngebotFactory(zeiten=whole_days + last_minutes)
    never = AngebotFactory(zeiten=[])

    found = [r["slug"] for r in client.get("/api/v1/angebote/?jetzt=1").json()["results"]]

    assert always.slug in found
    assert never.slug not in found


def test_district_and_space_are_assigned_on_save_from_the_point(db):
    angebot = AngebotFactory(bezirk_number=63)

    assert angebot.bezirk.number == 63
    assert angebot.sozialraum.slug == "lobeda"


def test_moving_the_point_moves_the_district_and_space(db):
    angebot = AngebotFactory(bezirk_number=63)

    angebot.point = point_in(43)
    angebot_save(angebot=angebot)

    angebot.refresh_from_db()
    assert angebot.bezirk.number == 43
    assert angebot.sozialraum.slug == "nord"


def test_a_place_outside_jena_is_refused_with_a_clear_message(db):
    angebot = AngebotFactory(bezirk_number=63)
    angebot.point = Point(12.3731, 51.3397, srid=4326)

    with pytest.raises(ValidationError) as error:
        angebot_save(angebot=angebot)

    assert "nicht in Jena" in str(error.value)
    assert Angebot.objects.get(pk=angebot.pk).bezirk.number == 63


def test_database_refuses_an_on_site_offer_without_point(db):
    from django.db import IntegrityError

    angebot = AngebotFactory()
    with pytest.raises(IntegrityError):
        Angebot.objects.filter(pk=angebot.pk).update(point=None)
