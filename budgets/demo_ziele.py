"""Sample goals and actions for the demo: three goals per social space and year, taken in turn
from GOALS, each with its actions assigned to the space's sample actors. The first goal of a
space links the year's funded applications, so they are created after the applications.
"""

from datetime import date

from budgets.demo_antraege import local_actors
from budgets.models import Foerderantrag, Massnahme, Ziel
from sozialraeume.models import Akteur, Sozialraum

S = Foerderantrag.Status

# (perspective, goal, [(action, status)]); each space gets three, rotating through the list.
GOALS = [
    ("menschen", "Menschen erreichen, die bisher nicht kommen",
     [("Aushänge in Leichter Sprache", "erledigt"),
      ("Sprechstunde direkt im Wohngebiet", "laufend"),
      ("Flyer in Arabisch und Ukrainisch", "geplant")]),
    ("sozialraum", "Träger arbeiten im Stadtteil zusammen",
     [("Gemeinsamer Angebotskalender", "erledigt"),
      ("Treffen aller Träger jedes Quartal", "erledigt"),
      ("Räume gegenseitig öffnen", "laufend")]),
    ("prozesse", "Weniger Aufwand für Anträge und Berichte", []),
    ("finanzen", "Das Budget gezielt und vollständig einsetzen",
     [("Halbjahresbilanz im Steuerungsgespräch", "laufend"),
      ("Nicht genutzte Mittel frühzeitig umschichten", "geplant")]),
]  # fmt: skip


def demo_ziele_create(
    *, space: Sozialraum, year: int, index: int, actors: list[Akteur], done: bool
) -> None:
    """Three goals per space and year; last year's actions are all done."""
    actors = local_actors(actors, space)
    funded = list(
        Foerderantrag.objects.filter(
            budget__sozialraum=space,
            budget__year=year,
            status__in=[S.APPROVED, S.RUNNING, S.CLOSED],
        )
    )
    for offset in range(3):
        perspective, title, actions = GOALS[(index + offset) % len(GOALS)]
        ziel = Ziel(sozialraum=space, year=year, perspective=perspective, title=title)
        ziel.full_clean()
        ziel.save()
        if funded and offset == 0:
            ziel.antraege.set(funded)
        for number, (action, status) in enumerate(actions):
            massnahme = Massnahme(
                ziel=ziel,
                title=action,
                responsible=actors[(index + number) % len(actors)],
                due_on=date(year, 3 + 3 * number, 30),
                status="erledigt" if done else status,
            )
            massnahme.full_clean()
            massnahme.save()
