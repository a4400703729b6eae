"""Sample applications for the demo budgets, one per entry of PLANS, in every status: drafts
(one sent back with a comment), submitted ones, ones in review, rejected ones, approved and
running ones with drawdowns and quarterly reports (two with a steering talk, one with an overdue
report), and closed ones whose reviewed proof of use settles the payments (one with a refund).

Drafts are written directly (with full_clean), not through services_antrag.antrag_save: that
is the provider area's service, for members of the lead actor and for budgets of the current
and next year, while the demo back-dates last year's applications. They follow its rules: the
lead actor's own published offers or a described new offer, the lead never its own partner.
Everything after the draft goes through the services. Status e-mails go to the lead actor's
members; sample actors have none when the demo is loaded.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from angebote.selectors import angebote_public
from budgets import services
from budgets.models import Angebotsbudget, Foerderantrag, Kostenposition
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


def demo_antrag_create(
    *, plan: Plan, number: int, space: Sozialraum, actors: list[Akteur], user: User, today: date
) -> None:
    """One application as `plan` describes it, by a sample actor of `space`, moved on to the
    plan's status."""
    year = today.year - plan.years_ago
    local = local_actors(actors, space)
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


def local_actors(actors: list[Akteur], space: Sozialraum) -> list[Akteur]:
    """The sample actors working in `space`, or all of them if none does."""
    return [a for a in actors if space in a.sozialraeume.all()] or actors
