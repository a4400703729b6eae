"""Reads for the Fachdienst's budget office: the budgets of a year per social space, a budget's
ledger with its running balance, the review queue, the applications of a year and the
plan-vs-actual figures per application and per budget (one social space in one year).

Sums are correlated subqueries on the row they belong to, so a list costs one query however
many bookings, cost lines, reports or drawdowns there are.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DecimalField,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce

from budgets.models import (
    MONEY,
    Angebotsbudget,
    Budgetbuchung,
    Foerderantrag,
    Kostenposition,
    Mittelabruf,
    NachweisPosition,
    Outputs,
    Quartalsbericht,
    Verwendungsnachweis,
)
from budgets.selectors import COMMITTED, budgets_with_figures
from sozialraeume.models import Sozialraum

S = Foerderantrag.Status
ZERO = Decimal("0")
OPEN_DRAWDOWN = [Mittelabruf.Status.REQUESTED, Mittelabruf.Status.RELEASED]


def _sum(queryset: QuerySet, name: str, output, default) -> Coalesce:
    """SUM(`name`) over `queryset` (filtered by an OuterRef) as a scalar subquery; a plain
    function, not an aggregate, so the subquery has no GROUP BY and yields one row."""
    total = queryset.order_by().annotate(total=Func(F(name), function="SUM")).values("total")
    return Coalesce(Subquery(total), Value(default), output_field=output)


def money_sum(queryset: QuerySet, name: str) -> Coalesce:
    return _sum(queryset, name, DecimalField(**MONEY), ZERO)


def count_sum(queryset: QuerySet, name: str) -> Coalesce:
    return _sum(queryset, name, IntegerField(), 0)


# --- Budgets and ledger -----------------------------------------------------------------------


@dataclass
class SpaceRow:
    """One social space in the year's overview; `budget` is None while it has none."""

    sozialraum: Sozialraum
    budget: Angebotsbudget | None


def budget_overview(year: int) -> tuple[list[SpaceRow], dict[str, Decimal]]:
    """Every social space with its budget of `year` (amount, approved, paid, remaining) and
    the year's totals."""
    budgets = {budget.sozialraum_id: budget for budget in budgets_with_figures(year)}
    totals = dict.fromkeys(["amount", "approved", "paid", "remaining"], ZERO)
    for budget in budgets.values():
        budget.remaining = budget.amount - budget.approved
        for name in totals:
            totals[name] += getattr(budget, name)
    spaces = Sozialraum.objects.only("name", "slug", "position")
    return [SpaceRow(raum, budgets.get(raum.pk)) for raum in spaces], totals


def budget_years(selected: int, today_year: int) -> list[int]:
    """The years to choose from: every year with a budget, this year and the next."""
    years = set(Angebotsbudget.objects.values_list("year", flat=True))
    return sorted(years | {selected, today_year, today_year + 1}, reverse=True)


def ledger(budget: Angebotsbudget) -> QuerySet[Budgetbuchung]:
    """All bookings, oldest first, with the running `balance` and, for reallocations, the
    `other_space` the money came from or went to."""
    went_to = Budgetbuchung.objects.filter(counterpart=OuterRef("pk")).values(
        "budget__sozialraum__name"
    )[:1]
    return (
        budget.buchungen.select_related("author")
        .annotate(
            balance=Window(Sum("amount"), order_by=[F("created_at").asc(), F("pk").asc()]),
            other_space=Coalesce(F("counterpart__budget__sozialraum__name"), Subquery(went_to)),
        )
        .order_by("created_at", "pk")
    )


def reallocation_targets(budget: Angebotsbudget) -> QuerySet[Angebotsbudget]:
    """The other spaces' budgets of the same year."""
    return (
        Angebotsbudget.objects.filter(year=budget.year)
        .exclude(pk=budget.pk)
        .select_related("sozialraum")
        .defer("sozialraum__boundary")
        .order_by("sozialraum__position", "sozialraum__name")
    )


# --- Applications -----------------------------------------------------------------------------


def _with_sums(queryset: QuerySet[Foerderantrag]) -> QuerySet[Foerderantrag]:
    antrag = OuterRef("pk")
    return (
        queryset.select_related("akteur", "budget__sozialraum")
        .defer("budget__sozialraum__boundary")
        .annotate(
            requested=money_sum(Kostenposition.objects.filter(antrag=antrag), "amount"),
            paid=money_sum(
                Mittelabruf.objects.filter(antrag=antrag, status=Mittelabruf.Status.PAID),
                "amount",
            ),
        )
    )


def review_queue() -> QuerySet[Foerderantrag]:
    """Submitted and in-review applications, the longest waiting first."""
    waiting = Foerderantrag.objects.filter(status__in=[S.SUBMITTED, S.IN_REVIEW])
    return _with_sums(waiting).order_by(F("submitted_at").asc(nulls_last=True), "pk")


def antraege_of_year(year: int) -> QuerySet[Foerderantrag]:
    """The year's applications that reached the Fachdienst at least once (drafts never
    submitted are the applicants' own business), by space and title."""
    antraege = Foerderantrag.objects.filter(budget__year=year).exclude(
        status=S.DRAFT, submitted_at__isnull=True
    )
    return (
        _with_sums(antraege)
        .prefetch_related("partners")
        .order_by("budget__sozialraum__position", "budget__sozialraum__name", "title", "pk")
    )


def antrag_for_review(pk: int) -> Foerderantrag:
    """One application with everything its page shows (raises DoesNotExist)."""
    return (
        _with_sums(Foerderantrag.objects.all())
        .prefetch_related("partners", "angebote", "ziele", "kosten", "mittelabrufe", "berichte")
        .get(pk=pk)
    )


# --- Drawdowns, reports, proofs of use -------------------------------------------------------


def _antrag_related(queryset: QuerySet, prefix: str = "antrag__") -> QuerySet:
    return queryset.select_related(f"{prefix}akteur", f"{prefix}budget__sozialraum").defer(
        f"{prefix}budget__sozialraum__boundary"
    )


def open_drawdowns() -> QuerySet[Mittelabruf]:
    """Requested and released drawdowns, oldest first, with what their application has been
    approved and paid so far."""
    paid = Mittelabruf.objects.filter(antrag=OuterRef("antrag"), status=Mittelabruf.Status.PAID)
    return (
        _antrag_related(Mittelabruf.objects.filter(status__in=OPEN_DRAWDOWN))
        .select_related("requested_by")
        .annotate(antrag_paid=money_sum(paid, "amount"))
        .order_by("requested_at", "pk")
    )


def received_reports() -> QuerySet[Quartalsbericht]:
    """Quarterly reports, newest quarter first."""
    return _antrag_related(Quartalsbericht.objects.all()).order_by(
        "-year", "-quarter", "antrag__title", "pk"
    )


def proofs_of_use() -> QuerySet[Verwendungsnachweis]:
    """Proofs of use, the ones waiting for review first, then the newest."""
    return _antrag_related(Verwendungsnachweis.objects.all()).order_by(
        F("reviewed_at").desc(nulls_first=True), "-submitted_at", "pk"
    )


# --- Plan vs actual ---------------------------------------------------------------------------


def output_labels() -> list[str]:
    return [Outputs._meta.get_field(name).verbose_name for name in Outputs.FIELDS]


@dataclass
class OutputFigure:
    """One output (participants, sessions, …): planned, summed over the quarterly reports, and
    from the proof of use. The actual figure is the proof of use's once it exists (it covers
    the whole period), before that the reports' sum."""

    label: str
    planned: int
    reported: int
    proof: int | None

    @property
    def actual(self) -> int:
        return self.reported if self.proof is None else self.proof

    @property
    def difference(self) -> int:
        return self.actual - self.planned


@dataclass
class CostFigure:
    """One line of the cost plan: planned and actual cost (None before the proof of use)."""

    category: str
    description: str
    planned: Decimal
    actual: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        return None if self.actual is None else self.actual - self.planned


@dataclass
class AntragPlanIst:
    antrag: Foerderantrag
    outputs: list[OutputFigure]
    costs: list[CostFigure]
    report_count: int
    nachweis: Verwendungsnachweis | None

    @property
    def planned_cost(self) -> Decimal:
        return sum((line.planned for line in self.costs), start=ZERO)

    @property
    def actual_cost(self) -> Decimal | None:
        if self.nachweis is None:
            return None
        return sum((line.actual or ZERO for line in self.costs), start=ZERO)

    @property
    def cost_difference(self) -> Decimal | None:
        actual = self.actual_cost
        return None if actual is None else actual - self.planned_cost


def antrag_plan_ist(antrag: Foerderantrag) -> AntragPlanIst:
    """Planned outputs against the reports and the proof of use; planned cost per line
    against the actual cost in the proof of use."""
    reports = Quartalsbericht.objects.filter(antrag=antrag)
    reported = reports.aggregate(**{name: Sum(name) for name in Outputs.FIELDS})
    nachweis = Verwendungsnachweis.objects.filter(antrag=antrag).first()
    actual_costs = {}
    if nachweis is not None:
        actual_costs = dict(
            NachweisPosition.objects.filter(nachweis=nachweis).values_list(
                "kostenposition_id", "actual_amount"
            )
        )
    outputs = [
        OutputFigure(
            label=label,
            planned=getattr(antrag, f"planned_{name}"),
            reported=reported[name] or 0,
            proof=None if nachweis is None else getattr(nachweis, name),
        )
        for name, label in zip(Outputs.FIELDS, output_labels(), strict=True)
    ]
    costs = [
        CostFigure(
            category=line.get_category_display(),
            description=line.description,
            planned=line.amount,
            actual=None if nachweis is None else actual_costs.get(line.pk, ZERO),
        )
        for line in Kostenposition.objects.filter(antrag=antrag)
    ]
    return AntragPlanIst(antrag, outputs, costs, reports.count(), nachweis)


@dataclass
class PlanIstRow:
    """One application of a budget, or the budget's total: money and the outputs as
    (planned, actual) pairs in the order of Outputs.FIELDS."""

    antrag: Foerderantrag | None
    approved: Decimal = ZERO
    paid: Decimal = ZERO
    planned_cost: Decimal = ZERO
    actual_cost: Decimal | None = None
    outputs: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class BudgetPlanIst:
    budget: Angebotsbudget
    rows: list[PlanIstRow]
    total: PlanIstRow
    with_proof: int


def budget_plan_ist(budget: Angebotsbudget) -> BudgetPlanIst:
    """Plan vs actual of every application the budget is committed to (approved, running,
    closed), and their sums. Actual cost counts the applications with a proof of use."""
    antrag = OuterRef("pk")
    reports = Quartalsbericht.objects.filter(antrag=antrag)
    antraege = (
        Foerderantrag.objects.filter(budget=budget, status__in=COMMITTED)
        .select_related("akteur", "nachweis")
        .annotate(
            planned_cost=money_sum(Kostenposition.objects.filter(antrag=antrag), "amount"),
            actual_cost=money_sum(
                NachweisPosition.objects.filter(nachweis__antrag=antrag), "actual_amount"
            ),
            paid=money_sum(
                Mittelabruf.objects.filter(antrag=antrag, status=Mittelabruf.Status.PAID),
                "amount",
            ),
            **{f"reported_{name}": count_sum(reports, name) for name in Outputs.FIELDS},
        )
        .order_by("title", "pk")
    )
    total = PlanIstRow(None, outputs=[(0, 0)] * len(Outputs.FIELDS))
    rows, with_proof = [], 0
    for item in antraege:
        nachweis = getattr(item, "nachweis", None)
        row = PlanIstRow(
            antrag=item,
            approved=item.approved_amount or ZERO,
            paid=item.paid,
            planned_cost=item.planned_cost,
            actual_cost=None if nachweis is None else item.actual_cost,
            outputs=[
                (
                    getattr(item, f"planned_{name}"),
                    getattr(item, f"reported_{name}")
                    if nachweis is None
                    else getattr(nachweis, name),
                )
                for name in Outputs.FIELDS
            ],
        )
        rows.append(row)
        total.approved += row.approved
        total.paid += row.paid
        total.planned_cost += row.planned_cost
        if row.actual_cost is not None:
            with_proof += 1
            total.actual_cost = (total.actual_cost or ZERO) + row.actual_cost
        total.outputs = [
            (planned + p, actual + a)
            for (planned, actual), (p, a) in zip(total.outputs, row.outputs, strict=True)
        ]
    return BudgetPlanIst(budget, rows, total, with_proof)
