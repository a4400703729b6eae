"""Sample offer budgets for development and demonstrations: budgets for the current and the
last year in every social space, applications by sample actors in every status, drawdowns,
quarterly reports with a steering talk, a reviewed proof of use with a refund, and goals with
actions. Bookings, transitions, drawdowns, reports and proofs go through the services, so the
ledger, the state machine and "approved ≤ budget" hold as they do for real data.

Drafts are written directly (with full_clean), not through services_antrag.antrag_save: that
is the provider area's service, for members of the lead actor and for budgets of the current
and next year, while the demo back-dates last year's applications. They follow its rules: the
lead actor's own published offers or a described new offer, the lead never its own partner.

The Fachdienst's part (bookings, decisions, payments) needs a Fachdienst account, and none need
exist when `load_jena --demo` runs. The data is booked by a dedicated "System" account
instead: inactive, without a usable password, so nobody can log in with it; it only names the
author in the ledger and the audit trail. The services check that the acting account is active
Fachdienst staff, so the seed hands them the system account with `is_active` set in memory
only; the stored row stays inactive. Status e-mails go to the lead actor's members; sample
actors have none when the demo is loaded.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from angebote.selectors import angebote_public
from budgets import services
from budgets.models import Angebotsbudget, Foerderantrag, Kostenposition, Massnahme, Ziel
from budgets.services_berichte import (
    bericht_submit,
    gespraech_record,
    nachweis_review,
    nachweis_submit,
    quarter_bounds,
    quarters_of,
)
from sozialraeume.models import Akteur, Sozialraum, User

S = Foerderantrag.Status
SYSTEM_EMAIL = "system@demo.jena.example"

# Initial amount of the current year per space; the last year had 90 % of it.
AMOUNTS = {
    "lobeda": Decimal("60000"),
    "winzerla": Decimal("48000"),
    "west-zentrum": Decimal("42000"),
    "nord": Decimal("38000"),
    "ost": Decimal("30000"),
}


@dataclass
class Plan:
    """One sample application and how far it gets."""

    space: str
    years_ago: int
    title: str
    status: str
    costs: list[tuple[str, str, int]]  # (category, description, euros)
    approve: int = 0  # euros approved, for approved, running and closed ones
    months: tuple[int, int] = (1, 12)  # period from the first of … to the end of …
    partners: int = 0
    offers: int = 0
    drawdowns: list[tuple[int, str]] = field(default_factory=list)  # (euros, final status)
    accepted: int | None = None  # closed ones: the amount the proof of use is accepted at
    talk: bool = False  # a steering talk about the first quarterly report
    report_missing: bool = False  # the latest ended quarter is not reported (overdue)


PLANS = [
    # Current year: something in every status.
    Plan("lobeda", 0, "Offener Stadtteiltreff am Nachmittag", S.RUNNING,
         [("personal", "Fachkraft, 10 Stunden pro Woche", 8000), ("miete", "Raummiete", 2400),
          ("material", "Spiele und Bastelmaterial", 600)],
         approve=10000, partners=1, offers=2,
         drawdowns=[(4000, "ausgezahlt"), (2000, "freigegeben"), (1500, "angefordert")],
         talk=True),
    Plan("lobeda", 0, "Familienfrühstück im Stadtteilzentrum", S.RUNNING,
         [("personal", "Anleitung", 3000), ("material", "Lebensmittel", 1800)],
         approve=4800, months=(2, 12), offers=1, drawdowns=[(2400, "ausgezahlt")]),
    Plan("nord", 0, "Computerhilfe für Ältere", S.RUNNING,
         [("honorare", "Technikpaten", 2600), ("material", "Leihgeräte", 900)],
         approve=3200, months=(3, 12), partners=1, offers=1, drawdowns=[(1600, "ausgezahlt")]),
    Plan("lobeda", 0, "Hausaufgabenhilfe mit Ehrenamtlichen", S.SUBMITTED,
         [("honorare", "Koordination der Ehrenamtlichen", 3000),
          ("material", "Lernmaterial", 400)], months=(3, 12)),
    Plan("lobeda", 0, "Nachbarschaftsgarten Neulobeda", "zurueckgegeben",
         [("material", "Hochbeete und Werkzeug", 1800), ("sonstiges", "Wasseranschluss", 700)],
         months=(4, 10)),
    Plan("winzerla", 0, "Seniorencafé mit Mittagstisch", S.APPROVED,
         [("personal", "Küchenkraft", 6000), ("miete", "Café-Raum", 1800),
          ("material", "Lebensmittel", 2200)],
         approve=9000, months=(2, 12), partners=1, offers=1, drawdowns=[(1000, "angefordert")]),
    Plan("winzerla", 0, "Sport für Jugendliche am Abend", S.IN_REVIEW,
         [("honorare", "Übungsleitung", 4200), ("miete", "Turnhalle", 1500)], months=(3, 12)),
    Plan("winzerla", 0, "Kreativwerkstatt für Familien", S.REJECTED,
         [("honorare", "Künstlerin", 5000), ("material", "Material", 900)], months=(3, 11)),
    Plan("west-zentrum", 0, "Selbsthilfe-Netzwerk West", S.RUNNING,
         [("personal", "Begleitung der Gruppen", 5000), ("miete", "Gruppenräume", 1200)],
         approve=6200, offers=1, drawdowns=[(3000, "ausgezahlt")]),
    Plan("west-zentrum", 0, "Sprachcafé in der Stadtmitte", S.DRAFT,
         [("honorare", "Moderation", 1600)], months=(5, 12)),
    Plan("nord", 0, "Repair-Café Jena-Nord", S.APPROVED,
         [("material", "Werkzeug und Ersatzteile", 1500), ("miete", "Werkstattraum", 1200)],
         approve=2500, months=(3, 12), partners=2, offers=1),
    Plan("nord", 0, "Lesepatenschaften in Kitas", S.SUBMITTED,
         [("honorare", "Schulung der Lesepaten", 900), ("material", "Bücher", 600)]),
    Plan("ost", 0, "Spieleabende im Stadtteil Ost", S.RUNNING,
         [("honorare", "Spieleleitung", 2400), ("material", "Spiele", 500)],
         approve=2900, partners=1, drawdowns=[(1200, "ausgezahlt"), (800, "angefordert")],
         report_missing=True),
    Plan("ost", 0, "Bewegung im Park", S.IN_REVIEW,
         [("honorare", "Übungsleitung", 3100)], months=(4, 10)),
    # Last year: closed projects (one with a refund), a rejection, and one still running.
    Plan("lobeda", 1, "Ferienprogramm Lobeda", S.CLOSED,
         [("honorare", "Betreuung", 4500), ("material", "Ausflüge und Material", 1500)],
         approve=6000, months=(6, 9), partners=1, offers=1,
         drawdowns=[(3000, "ausgezahlt"), (3000, "ausgezahlt")], accepted=5400),
    Plan("winzerla", 1, "Mittagstisch für Alleinstehende", S.CLOSED,
         [("personal", "Küchenkraft", 5000), ("material", "Lebensmittel", 2000)],
         approve=7000, drawdowns=[(7000, "ausgezahlt")], accepted=7000),
    Plan("west-zentrum", 1, "Stadtteilspaziergänge mit Geschichte", S.REJECTED,
         [("honorare", "Stadtführung", 2000)], months=(4, 10)),
    Plan("nord", 1, "Jugendtreff am Wochenende", S.RUNNING,
         [("personal", "Jugendarbeit", 9000), ("miete", "Treffpunkt", 2000)],
         approve=11000, months=(9, 20), partners=1, offers=1,
         drawdowns=[(5000, "ausgezahlt"), (3000, "ausgezahlt")], talk=True),
    Plan("ost", 1, "Nachbarschaftshilfe Ost", S.CLOSED,
         [("honorare", "Koordination", 3600), ("sonstiges", "Fahrtkosten", 400)],
         approve=4000, months=(2, 11), drawdowns=[(4000, "ausgezahlt")], accepted=4000),
]  # fmt: skip

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


def system_user() -> User:
    """The inactive account the demo bookings are made in the name of (see the module text)."""
    user = User.objects.filter(email__iexact=SYSTEM_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=SYSTEM_EMAIL,
            password=None,  # unusable: nobody logs in as the system
            name="System (Beispieldaten)",
            is_fachdienst=True,
            is_active=False,
        )
    user.is_active = True  # in memory only, for the services' checks; never saved
    return user


@transaction.atomic
def demo_budgets_seed(*, today: date | None = None) -> int:
    """Create the sample budgets, applications and goals; returns the number of applications
    (0 when there are no sample actors to apply)."""
    today = today or timezone.localdate()
    actors = list(Akteur.objects.filter(is_sample=True).prefetch_related("sozialraeume"))
    if not actors:
        return 0
    user = system_user()
    spaces = {space.slug: space for space in Sozialraum.objects.filter(slug__in=AMOUNTS)}
    for years_ago, share in ((1, Decimal("0.9")), (0, Decimal("1"))):
        _budgets(spaces, today.year - years_ago, share, user)
    for number, plan in enumerate(PLANS):
        _application(plan, number, spaces[plan.space], actors, user, today)
    for years_ago in (1, 0):
        for index, space in enumerate(spaces.values()):
            _goals(space, today.year - years_ago, index, actors, done=bool(years_ago))
    return len(PLANS)


def _budgets(spaces: dict[str, Sozialraum], year: int, share: Decimal, user: User) -> None:
    """Initial amounts (`share` of AMOUNTS), one increase and one reallocation."""
    budgets = {}
    for slug, space in spaces.items():
        budget = Angebotsbudget(sozialraum=space, year=year)
        budget.full_clean()
        budget.save()
        services.budget_book(
            budget=budget,
            kind="ansatz",
            amount=AMOUNTS[slug] * share,
            reason=f"Ansatz im Haushalt {year}",
            user=user,
        )
        budgets[slug] = budget
    services.budget_book(
        budget=budgets["lobeda"],
        kind="erhoehung",
        amount=Decimal("5000"),
        reason="Nachtragshaushalt: mehr Angebote in den Schulferien",
        user=user,
    )
    services.budget_reallocate(
        source=budgets["nord"],
        target=budgets["ost"],
        amount=Decimal("4000"),
        reason="Umschichtung: im Sozialraum Ost mehr Anträge als Mittel",
        user=user,
    )


def _application(
    plan: Plan, number: int, space: Sozialraum, actors: list[Akteur], user: User, today: date
) -> Foerderantrag:
    year = today.year - plan.years_ago
    local = _local(actors, space)
    lead = local[number % len(local)]
    start_month, end_month = plan.months
    end_year, end_month = year + (end_month - 1) // 12, (end_month - 1) % 12 + 1
    # As the application form allows: the lead actor's own published offers (ones the public
    # can open, so the links lead somewhere; this space's first), else a new offer described.
    offers = sorted(
        angebote_public().filter(akteur=lead).order_by("pk"),
        key=lambda offer: offer.sozialraum_id != space.pk,
    )[: plan.offers]
    new_offer = "" if offers else f"{plan.title}: ein neues, offenes Angebot im Stadtteil."
    antrag = Foerderantrag(
        budget=Angebotsbudget.objects.get(sozialraum=space, year=year),
        akteur=lead,
        title=plan.title,
        description=f"{plan.title}: ein offenes Angebot für alle im Sozialraum {space.name}. "
        "Beispieldaten: Diesen Antrag gibt es nicht.",
        new_offer=new_offer,
        goals="Begegnung im Stadtteil, neue Teilnehmende erreichen, Ehrenamt stärken.",
        period_start=date(year, start_month, 1),
        period_end=month_end(end_year, end_month),
        planned_participants=40 + 5 * number,
        planned_new_participants=10 + number,
        planned_sessions=24,
        planned_hours=96,
        planned_volunteers=3,
        planned_partners=plan.partners,
    )
    antrag._history_user = user
    antrag.full_clean()
    antrag.save()
    for category, description, euros in plan.costs:
        line = Kostenposition(
            antrag=antrag, category=category, description=description, amount=Decimal(euros)
        )
        line.full_clean()
        line.save()
    others = [a for a in actors if a != lead]
    antrag.partners.set(others[number % len(others) :][: plan.partners] if others else [])
    antrag.angebote.set(offers)
    _advance(antrag, plan, user, today)
    return antrag


def month_end(year: int, month: int) -> date:
    """The last day of `month`."""
    next_first = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(next_first.toordinal() - 1)


def _advance(antrag: Foerderantrag, plan: Plan, user: User, today: date) -> None:
    """Move the application through the state machine up to the plan's status."""
    if plan.status == S.DRAFT:
        return
    antrag = services.antrag_submit(antrag=antrag, user=user)
    if plan.status == "zurueckgegeben":  # a draft that came back with a comment
        services.antrag_send_back(
            antrag=antrag,
            user=user,
            comment="Bitte den Wasseranschluss mit dem Wohnungsunternehmen klären.",
        )
        return
    if plan.status == S.SUBMITTED:
        return
    antrag = services.antrag_start_review(antrag=antrag, user=user)
    if plan.status == S.IN_REVIEW:
        return
    if plan.status == S.REJECTED:
        services.antrag_reject(
            antrag=antrag,
            user=user,
            reason="Das Budget des Sozialraums reicht in diesem Jahr nicht für alle Anträge.",
        )
        return
    antrag = services.antrag_approve(
        antrag=antrag,
        user=user,
        amount=Decimal(plan.approve),
        conditions="Teilnehmendenzahlen bitte in jedem Quartalsbericht angeben.",
    )
    if plan.status != S.APPROVED:
        antrag = services.antrag_start(antrag=antrag, user=user)
    for euros, status in plan.drawdowns:
        abruf = services.mittelabruf_request(antrag=antrag, user=user, amount=Decimal(euros))
        if status in ("freigegeben", "ausgezahlt"):
            abruf = services.mittelabruf_decide(abruf=abruf, user=user, status="freigegeben")
        if status == "ausgezahlt":
            services.mittelabruf_decide(abruf=abruf, user=user, status="ausgezahlt")
    if plan.status in (S.RUNNING, S.CLOSED):
        _reports(antrag, plan, user, today)
    if plan.status == S.CLOSED:
        _proof_of_use(antrag, plan, user)


def _reports(antrag: Foerderantrag, plan: Plan, user: User, today: date) -> None:
    """A report for every quarter that has ended, unless the plan leaves the latest one out
    (the Fachdienst then sees it overdue); a steering talk about the first if planned."""
    ended = [q for q in quarters_of(antrag) if quarter_bounds(*q)[1] < today]
    if plan.report_missing and ended:
        ended = ended[:-1]
    for index, (year, quarter) in enumerate(ended):
        bericht = bericht_submit(
            antrag=antrag,
            user=user,
            year=year,
            quarter=quarter,
            participants=12 + 3 * index,
            new_participants=4,
            sessions=10,
            hours=30,
            volunteers=2,
            partners=1,
            wishes="Mehr Termine am frühen Abend; ein Angebot für Väter mit Kindern.",
            resources="Gemeinschaftsraum der Wohnungsgenossenschaft, Garten der Schule.",
            cooperations="Gemeinsamer Aushang mit dem Stadtteilbüro.",
        )
        if index == 0 and plan.talk:
            gespraech_record(
                bericht=bericht,
                user=user,
                talk_date=quarter_bounds(year, quarter)[1],
                participants="Fachdienst Soziales, Projektleitung, Partner",
                notes="Gut besucht; Jugendliche wünschen sich längere Öffnungszeiten.",
                agreements="Probeweise freitags bis 22 Uhr; Bericht im nächsten Quartal.",
            )


def _proof_of_use(antrag: Foerderantrag, plan: Plan, user: User) -> None:
    """The proof of use with receipts; the review closes the application. Paid minus
    accepted is the refund (one sample spent less than it was paid)."""
    lines = list(antrag.kosten.all())
    spent = Decimal(plan.accepted)
    planned = sum(line.amount for line in lines)
    actual = {line.pk: (line.amount * spent / planned).quantize(Decimal("0.01")) for line in lines}
    actual[lines[-1].pk] += spent - sum(actual.values())  # rounding rest on the last line
    nachweis = nachweis_submit(
        antrag=antrag,
        user=user,
        report="Das Angebot fand wie geplant statt; die Teilnehmendenzahlen stiegen.",
        actual_costs=actual,
        belege=[
            {
                "number": f"B-{antrag.pk}-{index}",
                "date": antrag.period_start,
                "amount": amount,
                "purpose": line.description,
            }
            for index, line in enumerate(lines, start=1)
            if (amount := actual[line.pk]) > 0
        ],
        outputs={
            "participants": 60,
            "new_participants": 18,
            "sessions": 20,
            "hours": 80,
            "volunteers": 4,
            "partners": plan.partners,
        },
    )
    nachweis_review(nachweis=nachweis, user=user, accepted_amount=spent, notes="Geprüft.")


def _local(actors: list[Akteur], space: Sozialraum) -> list[Akteur]:
    """The sample actors working in `space`, or all of them if none does."""
    return [a for a in actors if space in a.sozialraeume.all()] or actors


def _goals(space: Sozialraum, year: int, index: int, actors: list[Akteur], done: bool) -> None:
    """Three goals per space and year; last year's actions are all done."""
    actors = _local(actors, space)
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
