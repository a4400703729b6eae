"""Sample rooms with bookings in every social space, so the room search and week views have
something to show in development. Marked as sample data; the same seed gives the same rooms,
with bookings placed relative to today."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from angebote.models import Ausstattung, Merkmal, Raum, Raumanfrage
from angebote.services_raeume import local_period, raum_save
from sozialraeume.models import Akteur, Bezirk, Sozialraum

ROOMS_PER_SPACE = 3

# (name, capacity, area m², equipment codes, weekly hours)
KINDS = [
    ("Gemeinschaftsraum", 30, 60, ["kueche", "tische-stuehle", "wlan"], (9, 21)),
    ("Seminarraum", 16, 35, ["beamer", "flipchart", "tische-stuehle", "wlan"], (8, 20)),
    ("Stadtteilcafé", 24, 50, ["kueche", "tische-stuehle", "musikanlage"], (10, 22)),
    ("Bewegungsraum", 20, 70, ["sportgeraete", "musikanlage"], (8, 21)),
    ("Werkstatt", 10, 40, ["werkstatt", "tische-stuehle"], (9, 18)),
    ("Garten mit Pavillon", 40, 300, ["garten", "tische-stuehle"], (10, 20)),
]
ACCESSIBLE = ["stufenlos", "rollstuhl-wc", "aufzug", "hoeranlage"]
PURPOSES = [
    "Treffen der Selbsthilfegruppe",
    "Sozialraumkonferenz",
    "Kochkurs für Nachbarinnen und Nachbarn",
    "Spieleabend",
    "Beratungssprechstunde",
]


@transaction.atomic
def demo_raeume_seed(*, seed: int = 7, today: date | None = None) -> int:
    """Create ROOMS_PER_SPACE sample rooms per social space with a few bookings and open
    requests in the coming weeks; returns the number of rooms."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    owners = list(Akteur.objects.filter(is_sample=True).order_by("pk"))
    if not owners:
        return 0
    equipment = {item.code: item for item in Ausstattung.objects.all()}
    features = {item.code: item for item in Merkmal.objects.all()}
    count = 0
    for space in Sozialraum.objects.order_by("slug"):
        districts = list(Bezirk.objects.filter(sozialraum=space).order_by("number"))
        for index in range(ROOMS_PER_SPACE):
            name, capacity, area, kit, (opens, closes) = KINDS[(count + index) % len(KINDS)]
            district = districts[rng.randrange(len(districts))]
            # The first room of every space is fully accessible, so every space has one.
            accessible = ACCESSIBLE if index == 0 else rng.sample(ACCESSIBLE, rng.randint(0, 2))
            raum = raum_save(
                raum=Raum(
                    name=f"Beispiel: {name} {district.name}",
                    akteur=owners[(count + index) % len(owners)],
                    description=(
                        f"Ein {name} in {district.name}, den Gruppen aus dem Sozialraum "
                        f"{space.name} nutzen können. Beispieldaten: Diesen Raum gibt es nicht."
                    ),
                    street_address=f"Beispielweg {rng.randint(1, 60)}",
                    postal_code="07743",
                    point=district.geometry.point_on_surface,
                    capacity=capacity,
                    area_m2=Decimal(area),
                    cost=Raum.Cost.FREE if index != 2 else Raum.Cost.HOURLY,
                    price_per_hour=None if index != 2 else Decimal("8.00"),
                    min_notice_hours=24,
                    max_days_ahead=120,
                    is_sample=True,
                ),
                user=None,
                merkmale=[features[code] for code in accessible if code in features],
                ausstattung=[equipment[code] for code in kit if code in equipment],
                zeiten=[(day, time(opens), time(closes)) for day in range(1, 7)],
            )
            _bookings(raum, rng, today, opens, closes)
            count += 1
    return count


def _bookings(raum: Raum, rng: random.Random, today: date, opens: int, closes: int) -> None:
    """Two accepted bookings and one open request on different days of the next three weeks,
    all ending by 17:00, so evenings stay free to try the search."""
    days = rng.sample(range(2, 21), 3)
    for n, offset in enumerate(days):
        day = today + timedelta(days=offset)
        if day.isoweekday() == 7:  # closed on Sundays
            day += timedelta(days=1)
        start_hour = rng.randint(opens, max(opens, min(closes - 3, 15)))
        start = timezone.make_aware(datetime.combine(day, time(start_hour)))
        Raumanfrage.objects.create(
            raum=raum,
            period=local_period(start, start + timedelta(hours=2)),
            purpose=PURPOSES[rng.randrange(len(PURPOSES))],
            people=max(1, raum.capacity // 2),
            name="Beispiel-Gruppe",
            email="gruppe@beispiel.jena.example",
            status=Raumanfrage.Status.ACCEPTED if n < 2 else Raumanfrage.Status.PENDING,
        )
