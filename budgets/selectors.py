"""Reads for the public budget pages and the API: the figures per social space and year, the
funded projects of one space and its goals with their progress.

Every figure is a subquery on the budget row, so a list costs one query whatever the number of
bookings, applications or drawdowns. Only applications the Fachdienst committed money to
(approved, running, closed) are ever read here, and only their public fields.
"""

from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from angebote.selectors import angebote_public
from budgets.models import (
    MONEY,
    Angebotsbudget,
    Budgetbuchung,
    Foerderantrag,
    Massnahme,
    Mittelabruf,
    Ziel,
)
from sozialraeume.models import Akteur

S = Foerderantrag.Status
# The applications a budget is committed to; the same set as services.budget_approved.
COMMITTED = [S.APPROVED, S.RUNNING, S.CLOSED]
# What the public sees of an application: never notes, comments, reasons or conditions.
PUBLIC_ANTRAG_FIELDS = [
    "pk",
    "budget",
    "title",
    "status",
    "approved_amount",
    "period_start",
    "period_end",
    "akteur__name",
    "akteur__slug",
]


# SUM and COUNT as plain functions, not Django aggregates: the subquery then has no GROUP BY
# and yields one row for the budget it is correlated with (the pattern of Django's docs).
def _money_sum(queryset: QuerySet, field: str) -> Coalesce:
    """The sum of `field` over `queryset` (filtered by an OuterRef), 0 when empty."""
    total = queryset.order_by().annotate(total=Func(F(field), function="SUM")).values("total")
    return Coalesce(Subquery(total), Value(Decimal("0")), output_field=DecimalField(**MONEY))


def _count(queryset: QuerySet) -> Coalesce:
    """The number of distinct rows of `queryset` (filtered by an OuterRef)."""
    distinct = Func(F("pk"), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    total = queryset.order_by().annotate(total=distinct).values("total")
    return Coalesce(Subquery(total), Value(0), output_field=IntegerField())


def budgets_with_figures(year: int | None = None) -> QuerySet[Angebotsbudget]:
    """Budgets (of `year`, or all) with `ledger_amount` (the sum of the ledger; the model's
    `amount` property would cost a query per budget), `approved` (approved, running and
    closed applications), `paid` (paid drawdowns), `funded_projects` and `funded_offers`
    (distinct public offers linked to those applications), in one query."""
    budget = OuterRef("pk")
    committed = Foerderantrag.objects.filter(budget=budget, status__in=COMMITTED)
    budgets = Angebotsbudget.objects.select_related("sozialraum").defer("sozialraum__boundary")
    if year is not None:
        budgets = budgets.filter(year=year)
    return budgets.annotate(
        ledger_amount=_money_sum(Budgetbuchung.objects.filter(budget=budget), "amount"),
        approved=_money_sum(committed, "approved_amount"),
        paid=_money_sum(
            Mittelabruf.objects.filter(antrag__budget=budget, status=Mittelabruf.Status.PAID),
            "amount",
        ),
        funded_projects=_count(committed),
        funded_offers=_count(
            angebote_public().filter(
                foerderantraege__budget=budget, foerderantraege__status__in=COMMITTED
            )
        ),
    ).order_by("-year", "sozialraum__position", "sozialraum__name")


def budget_years() -> list[int]:
    """The years that have budgets, newest first."""
    years = Angebotsbudget.objects.order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def budget_totals(budgets: list[Angebotsbudget]) -> dict[str, Decimal | int]:
    """The sums of budgets_with_figures rows, for a totals row (no query)."""
    fields = ["ledger_amount", "approved", "paid", "funded_projects", "funded_offers"]
    return {name: sum((getattr(row, name) for row in budgets), start=0) for name in fields}


def funded_projects(*, sozialraum_id: int, year: int) -> QuerySet[Foerderantrag]:
    """The approved, running and closed applications of a space's budget in `year`, with the
    lead actor, the partners and the linked public offers (four queries)."""
    return (
        Foerderantrag.objects.filter(
            budget__sozialraum_id=sozialraum_id, budget__year=year, status__in=COMMITTED
        )
        .select_related("akteur")
        .only(*PUBLIC_ANTRAG_FIELDS)
        .prefetch_related(
            Prefetch("partners", queryset=Akteur.objects.only("name", "slug").order_by("name")),
            Prefetch(
                "angebote", queryset=angebote_public().only("title", "slug").order_by("title")
            ),
        )
        .order_by("period_start", "title", "pk")
    )


def goals_with_progress(*, sozialraum_id: int, year: int) -> QuerySet[Ziel]:
    """A space's goals of `year` with their actions, `actions_total`, `actions_done` and
    `progress` (whole per cent of the actions done; 0 for a goal without actions), and the
    funded applications they are linked to (three queries)."""
    done = Count("massnahmen", filter=Q(massnahmen__status=Massnahme.Status.DONE))
    return (
        Ziel.objects.filter(sozialraum_id=sozialraum_id, year=year)
        .annotate(actions_total=Count("massnahmen"), actions_done=done)
        .annotate(
            progress=Case(
                When(actions_total=0, then=Value(0)),
                default=F("actions_done") * 100 / F("actions_total"),
                output_field=IntegerField(),
            )
        )
        .prefetch_related(
            Prefetch(
                "massnahmen",
                queryset=Massnahme.objects.select_related("responsible").only(
                    "ziel", "title", "status", "due_on", "responsible__name", "responsible__slug"
                ),
            ),
            Prefetch(
                "antraege",
                # Only this page's projects, so each link finds its entry.
                queryset=Foerderantrag.objects.filter(
                    status__in=COMMITTED, budget__sozialraum_id=sozialraum_id, budget__year=year
                )
                .only("title")
                .order_by("title"),
            ),
        )
        .annotate(
            # The order of the balanced scorecard, not the alphabet of the codes.
            perspective_order=Case(
                *(
                    When(perspective=value, then=Value(index))
                    for index, value in enumerate(Ziel.Perspective.values)
                ),
                output_field=IntegerField(),
            )
        )
        .order_by("perspective_order", "title", "pk")
    )
