"""Demo rooms: every social space has rooms, one of them accessible, with bookings ahead."""

from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.utils import timezone

from angebote.models import Raum, Raumanfrage
from angebote.selectors_raeume import raeume_free
from sozialraeume.models import Sozialraum
from tests.factories import AkteurFactory, load_vocabulary


def test_demo_rooms_cover_every_space_once(db):
    load_vocabulary()
    AkteurFactory(is_sample=True)

    call_command("load_jena", "--demo", verbosity=0)
    call_command("load_jena", "--demo", verbosity=0)

    spaces = Sozialraum.objects.all()
    assert Raum.objects.count() == 3 * spaces.count()
    for space in spaces:
        rooms = Raum.objects.filter(sozialraum=space, is_sample=True)
        assert rooms.exists(), space
        assert rooms.filter(merkmale__code="stufenlos", capacity__gte=12).exists(), space
    today = timezone.now()
    accepted = Raumanfrage.objects.filter(status=Raumanfrage.Status.ACCEPTED)
    assert accepted.count() == 2 * Raum.objects.count()
    assert not accepted.filter(period__startswith__lt=today).exists()
    assert Raumanfrage.objects.filter(status=Raumanfrage.Status.PENDING).exists()


def test_an_accessible_demo_room_for_twelve_is_free_next_tuesday_evening_in_winzerla(db):
    load_vocabulary()
    AkteurFactory(is_sample=True)
    call_command("load_jena", "--demo", verbosity=0)
    today = timezone.localdate()
    tuesday = today + timedelta(days=(2 - today.isoweekday()) % 7 or 7)
    start = timezone.make_aware(datetime.combine(tuesday, time(18)))

    rooms = raeume_free(
        Raum.objects.filter(
            sozialraum__slug="winzerla", capacity__gte=12, merkmale__code="stufenlos"
        ),
        start,
        start + timedelta(hours=2),
    )

    assert rooms.exists()
