"""Sample social-space conferences: in every space two past ones with minutes and two upcoming
ones, placed relative to today, alternately in a sample room of the space and at an address.
Titles say "Beispiel:", as all sample data does; the same seed gives the same conferences."""

import random
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from angebote.models import Raum
from sozialraeume.models import Akteur, Idee, Konferenz, Sozialraum
from sozialraeume.services_konferenzen import konferenz_save, local_moment

# Days from today: two past (with minutes), two upcoming.
OFFSETS = [-84, -28, 17, 73]
TOPICS = [
    "Treffpunkte für Jugendliche am Abend",
    "Barrierefreie Wege zu den Angeboten",
    "Nachbarschaftshilfe im Winter",
    "Was fehlt für ältere Menschen?",
    "Ideen aus dem Ideen-Melder",
    "Räume für Vereine und Gruppen",
    "Sommerfest im Sozialraum",
    "Angebote für Familien mit kleinen Kindern",
]
ADDRESSES = [
    "Beispiel: Stadtteilzentrum, Beispielweg {n}, 07747 Jena",
    "Beispiel: Gemeindesaal, Am Beispielplatz {n}, 07743 Jena",
    "Beispiel: Schule im Stadtteil, Aula, Musterstraße {n}, 07745 Jena",
]


@transaction.atomic
def demo_konferenzen_seed(*, seed: int = 7, today: date | None = None) -> int:
    """Create len(OFFSETS) sample conferences per social space; returns how many."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    count = 0
    for space in Sozialraum.objects.defer("boundary").order_by("slug"):
        rooms = list(Raum.objects.filter(sozialraum=space, is_sample=True, is_active=True))
        akteure = list(Akteur.objects.filter(sozialraeume=space, is_sample=True).order_by("pk"))
        ideen = list(
            Idee.objects.filter(sozialraum=space, moderation=Idee.Moderation.PUBLISHED).order_by(
                "pk"
            )
        )
        for index, offset in enumerate(OFFSETS):
            day = _weekday(today + timedelta(days=offset))
            topics = rng.sample(TOPICS, 3)
            in_room = index % 2 == 0 and bool(rooms)
            konferenz = Konferenz(
                sozialraum=space,
                title=f"Beispiel: Sozialraumkonferenz {space.name} – {topics[0]}",
                starts_at=local_moment(day, time(17)),
                ends_at=local_moment(day, time(19, 30)),
                raum=rooms[rng.randrange(len(rooms))] if in_room else None,
                address=""
                if in_room
                else ADDRESSES[rng.randrange(len(ADDRESSES))].format(n=rng.randint(1, 60)),
                agenda=_agenda(topics),
                minutes=_minutes(space, topics, rng) if offset < 0 else "",
            )
            konferenz_save(
                konferenz=konferenz,
                user=None,
                akteure=rng.sample(akteure, min(len(akteure), rng.randint(2, 4))),
                ideen=rng.sample(ideen, min(len(ideen), 2)) if offset < 0 else [],
            )
            count += 1
    return count


def _weekday(day: date) -> date:
    """Conferences meet on working days: a weekend date moves to the Monday after."""
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    return day


def _agenda(topics: list[str]) -> str:
    lines = ["1. Begrüßung und Vorstellungsrunde"]
    lines += [f"{n}. {topic}" for n, topic in enumerate(topics, start=2)]
    lines += [f"{len(topics) + 2}. Termine und Verschiedenes", "", "Beispieldaten."]
    return "\n".join(lines)


def _minutes(space: Sozialraum, topics: list[str], rng: random.Random) -> str:
    people = rng.randint(12, 35)
    return "\n\n".join(
        [
            f"Anwesend: {people} Personen aus Vereinen, Trägern, dem Fachdienst Soziales und "
            f"dem Sozialraum {space.name}.",
            f"Zu „{topics[0]}“: Die Runde sammelt, was es schon gibt und was fehlt. Eine "
            "Arbeitsgruppe trifft sich vor der nächsten Konferenz und berichtet dann.",
            f"Zu „{topics[1]}“: Der Fachdienst nimmt die Hinweise auf und prüft, ob das "
            "Budget des Sozialraums helfen kann.",
            "Nächste Konferenz: siehe Terminliste. Beispieldaten: Diese Konferenz hat nicht "
            "stattgefunden.",
        ]
    )
