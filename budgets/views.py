"""Public budget pages: the figures of all social spaces in one year, as a chart with its data
table, and per space the funded projects and the goals with their progress.

Public reads only (GET), so they land in the shared page cache; budgets/apps.py clears it when
budgets, bookings, applications, drawdowns, goals or actions change. Nothing here reads the
Fachdienst's notes, review comments, rejection reasons or conditions (see selectors).
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from budgets import selectors
from budgets.models import Angebotsbudget
from jena_sozialraum.forms import AccessibleFormMixin
from sozialraeume.models import Sozialraum


class YearForm(AccessibleFormMixin, forms.Form):
    """The year selector of /budgets/: only years that have budgets."""

    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [(year, str(year)) for year in years]


def default_year(years: list[int]) -> int | None:
    """The current year if it has budgets, else the newest year that has."""
    today = timezone.localdate()
    return today.year if today.year in years else (years[0] if years else None)


# --- Chart ----------------------------------------------------------------------------------

# The SVG's coordinate system; the browser scales it to the page width.
CHART_WIDTH = 720
LABEL_WIDTH = 150
BAR_SPACE = 430  # the longest bar; room for its value label remains to the right
BAR_HEIGHT = 16
BAR_GAP = 4
GROUP_GAP = 18
LEGEND_HEIGHT = 36


@dataclass(frozen=True)
class Series:
    field: str
    label: str
    colour: str  # each at least 3:1 against white (WCAG 1.4.11), told apart by the legend


SERIES = [
    Series("ledger_amount", _("Budget"), "#00466e"),
    Series("approved", _("Bewilligt"), "#b35900"),
    Series("paid", _("Ausgezahlt"), "#0d6b2f"),
]


def bar_chart(budgets: list[Angebotsbudget]) -> dict:
    """Geometry of a grouped horizontal bar chart: per space one bar per series, scaled to
    the largest figure. Values stay Decimal; only the drawing is rounded."""
    largest = max((getattr(row, s.field) for row in budgets for s in SERIES), default=Decimal("0"))
    group_height = len(SERIES) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + GROUP_GAP
    groups = []
    for index, row in enumerate(budgets):
        top = LEGEND_HEIGHT + index * group_height
        bars = []
        for position, series in enumerate(SERIES):
            value = getattr(row, series.field)
            width = float(max(value, 0) / largest * BAR_SPACE) if largest > 0 else 0.0
            y = top + position * (BAR_HEIGHT + BAR_GAP)
            bars.append(
                {
                    "series": series,
                    "value": value,
                    "y": y,
                    "width": round(width, 1),
                    "text_x": round(LABEL_WIDTH + width + 6, 1),
                    "text_y": y + BAR_HEIGHT - 4,
                }
            )
        groups.append({"budget": row, "label_y": top + BAR_HEIGHT + BAR_GAP + 12, "bars": bars})
    legend = [
        {"series": series, "x": LABEL_WIDTH + index * 150, "text_x": LABEL_WIDTH + index * 150 + 20}
        for index, series in enumerate(SERIES)
    ]
    return {
        "width": CHART_WIDTH,
        "height": LEGEND_HEIGHT + len(budgets) * group_height,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "groups": groups,
        "legend": legend,
    }


# --- Pages ----------------------------------------------------------------------------------


class BudgetOverviewView(TemplateView):
    """/budgets/?jahr=2026: budget, approved, paid and funded projects and offers per space."""

    template_name = "budgets/uebersicht.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = selectors.budget_years()
        if "jahr" in self.request.GET:
            form = YearForm(self.request.GET, years=years)
            year = form.cleaned_data["jahr"] if form.is_valid() else None
        else:
            year = default_year(years)
            form = YearForm(initial={"jahr": year}, years=years)
        budgets = list(selectors.budgets_with_figures(year)) if year else []
        context.update(
            form=form,
            years=years,
            year=year,
            budgets=budgets,
            totals=selectors.budget_totals(budgets),
            chart=bar_chart(budgets),
        )
        return context


class BudgetSozialraumView(TemplateView):
    """/budgets/2026/lobeda/: the funded projects of a space's budget and its goals."""

    template_name = "budgets/sozialraum.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = kwargs["year"]
        space = get_object_or_404(Sozialraum.objects.defer("boundary"), slug=kwargs["slug"])
        figures = selectors.budgets_with_figures(year).filter(sozialraum=space).first()
        if figures is None:
            raise Http404("No budget for this space and year.")
        context.update(
            sozialraum=space,
            year=year,
            figures=figures,
            projects=selectors.funded_projects(sozialraum_id=space.pk, year=year),
            goals=selectors.goals_with_progress(sozialraum_id=space.pk, year=year),
        )
        return context
