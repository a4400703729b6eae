from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from jena_sozialraum.views import FilterQueryMixin
from sozialraeume import selectors, selectors_profil
from sozialraeume.filters import AkteurFilter
from sozialraeume.forms import AccessibilityFeedbackForm
from sozialraeume.models import Akteur, Sozialraum
from sozialraeume.services import accessibility_feedback_create


class SozialraumOverviewMixin:
    """Context shared by the start page and the list: spaces, districts, residents, map layers."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = selectors.latest_population_year()
        context["population_year"] = year
        context["sozialraeume"] = selectors.sozialraeume_with_residents(year)
        context["map_layers"] = selectors.map_layers(Sozialraum.objects.all())
        return context


class HomeView(SozialraumOverviewMixin, TemplateView):
    template_name = "sozialraeume/home.html"


class SozialraumListView(SozialraumOverviewMixin, TemplateView):
    template_name = "sozialraeume/sozialraum_list.html"


class SozialraumDetailView(DetailView):
    template_name = "sozialraeume/sozialraum_detail.html"
    context_object_name = "sozialraum"

    def get_queryset(self):
        return Sozialraum.objects.defer("boundary")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        space = self.object
        year = selectors.latest_population_year()
        series = selectors.sozialraum_population_series(space)
        context.update(
            population_year=year,
            population_series=series,
            population_max=max((row["residents"] for row in series), default=0),
            bezirke=selectors.bezirke_with_residents(year)
            .filter(sozialraum=space)
            .defer("geometry")
            .order_by("number"),
            map_layers=selectors.map_layers(Sozialraum.objects.filter(pk=space.pk)),
        )
        context.update(profile_context(space))
        return context


# --- Profile and comparison -----------------------------------------------------------------


def _url_or_path(name: str, path: str, **kwargs) -> str:
    """reverse(name), or `path` under the current language's prefix while the page that
    name belongs to does not exist yet (ideas and conferences are built in parallel)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse("home").rstrip("/") + path


def profile_links(profile: selectors_profil.SpaceProfile, year: int) -> dict[str, str]:
    slug = profile.sozialraum.slug
    links = {
        "angebote": f"{reverse('angebote:list')}?sozialraum={slug}",
        "raeume": f"{reverse('raeume:list')}?sozialraum={slug}",
        "akteure": f"{reverse('akteure:list')}?sozialraum={slug}",
        "ideen": _url_or_path("ideen:list", "/ideen/") + f"?sozialraum={slug}",
        "konferenzen": _url_or_path(
            "konferenzen:list", f"/sozialraeume/{slug}/konferenzen/", slug=slug
        ),
        "vergleich": reverse("sozialraeume:vergleich"),
    }
    if profile.budget:
        links["budget"] = reverse("budgets:sozialraum", kwargs={"year": year, "slug": slug})
    if profile.next_konferenz:
        try:
            links["konferenz"] = reverse(
                "konferenzen:detail", kwargs={"slug": slug, "pk": profile.next_konferenz.pk}
            )
        except NoReverseMatch:
            links["konferenz"] = links["konferenzen"]
    return links


def profile_context(space: Sozialraum) -> dict:
    profile = selectors_profil.profile(space)
    city = profile.city
    name = space.name
    return {
        "profile": profile,
        "city": city,
        "remind_days": settings.FRESHNESS_REMIND_DAYS,
        "links": profile_links(profile, profile.budget_year),
        "chart_rate": bar_chart(
            "diagramm-je-1000",
            [
                ChartBar(name, profile.per_1000.value, profile.below["per_1000"]),
                ChartBar(_("Stadtdurchschnitt"), city.per_1000.value),
            ],
            decimals=2,
        ),
        "chart_categories": bar_chart(
            "diagramm-kategorien",
            [ChartBar(item.label, item.count) for item in profile.categories],
            decimals=0,
        ),
        "share_rows": [
            {
                "key": key,
                "label": label,
                "count": getattr(profile, key.removesuffix("_share")),
                "share": getattr(profile, key),
                "city": getattr(city, key),
                "below": profile.below[key],
            }
            for key, label in share_labels()
        ],
        "chart_shares": bar_chart(
            "diagramm-anteile",
            [
                ChartBar(label, getattr(profile, key).value, profile.below[key])
                for key, label in share_labels()
            ],
            decimals=0,
            unit=" %",
            maximum=Decimal(100),
        ),
    }


def share_labels() -> list[tuple[str, str]]:
    """The shares of offers, short enough for a chart's labels (the pages define them)."""
    return [
        ("free_share", _("Kostenlos")),
        ("accessible_share", _("Barrierearm")),
        ("easy_share", _("Mit Leichter Sprache")),
        ("checked_share", _("Kürzlich geprüft")),
    ]


def gap_list(data: selectors_profil.Comparison) -> list[dict]:
    """Per space below the city average somewhere: the indicators, its value and the city's."""
    labels = dict([("per_1000", _("Angebote je 1.000 Einwohner:innen")), *share_labels()])
    return [
        {
            "sozialraum": p.sozialraum,
            "items": [
                {
                    "key": key,
                    "label": labels[key],
                    "value": getattr(p, key).value,
                    "city": getattr(data.city, key).value,
                    "missing": p.shortfall[key],
                    "decimals": 2 if key == "per_1000" else 0,
                    "unit": "" if key == "per_1000" else " %",
                }
                for key in p.gaps
            ],
        }
        for p in data.spaces
        if p.gaps
    ]


class SozialraumVergleichView(TemplateView):
    """/sozialraeume/vergleich/: the five spaces side by side, gaps named in words."""

    template_name = "sozialraeume/vergleich.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = selectors_profil.comparison()
        context.update(
            comparison=data,
            gaps=gap_list(data),
            remind_days=settings.FRESHNESS_REMIND_DAYS,
            share_rows=[
                {
                    "key": key,
                    "label": label,
                    "cells": [
                        (p, getattr(p, key.removesuffix("_share")), getattr(p, key), p.below[key])
                        for p in data.spaces
                    ],
                    "city": getattr(data.city, key),
                    "city_count": getattr(data.city, key.removesuffix("_share")),
                }
                for key, label in share_labels()
            ],
            chart_rate=bar_chart(
                "diagramm-je-1000",
                [
                    ChartBar(p.sozialraum.name, p.per_1000.value, p.below["per_1000"])
                    for p in data.spaces
                ],
                decimals=2,
                reference=data.city.per_1000.value,
            ),
        )
        return context


# --- Charts: horizontal bars drawn on the server, as templates/budgets/_chart.html ---------

CHART_WIDTH = 820
CHART_LABEL_WIDTH = 250
CHART_BAR_SPACE = 300  # the longest bar; its value and a gap note fit to the right
CHART_BAR_HEIGHT = 18
CHART_BAR_GAP = 10
CHART_TOP = 28  # room for the reference line's label


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: Decimal | int | None
    below: bool = False  # below the city average: said in words next to the value


def bar_chart(
    chart_id: str,
    bars: list[ChartBar],
    *,
    decimals: int,
    unit: str = "",
    reference: Decimal | None = None,
    maximum: Decimal | None = None,
) -> dict:
    """Geometry of a horizontal bar chart scaled to `maximum` (or the largest value), with an
    optional dashed reference line (the city average). Values stay exact; only the drawing
    is rounded."""
    values = [bar.value or 0 for bar in bars] + ([reference] if reference is not None else [])
    largest = maximum or max(values, default=0)

    def x(value) -> float:
        return round(float(max(value or 0, 0) / largest * CHART_BAR_SPACE), 1) if largest else 0.0

    step = CHART_BAR_HEIGHT + CHART_BAR_GAP
    drawn = []
    for index, bar in enumerate(bars):
        y = CHART_TOP + index * step
        width = x(bar.value)
        drawn.append(
            {
                "bar": bar,
                "y": y,
                "width": width,
                "text_x": round(CHART_LABEL_WIDTH + width + 6, 1),
                "text_y": y + CHART_BAR_HEIGHT - 4,
            }
        )
    height = CHART_TOP + len(bars) * step
    return {
        "id": chart_id,
        "width": CHART_WIDTH,
        "height": height,
        "label_width": CHART_LABEL_WIDTH,
        "label_x": CHART_LABEL_WIDTH - 8,
        "bar_height": CHART_BAR_HEIGHT,
        "bars": drawn,
        "decimals": decimals,
        "unit": unit,
        "reference": None
        if reference is None
        else {"value": reference, "x": round(CHART_LABEL_WIDTH + x(reference), 1), "y2": height},
    }


class AccessibilityStatementView(FormView):
    template_name = "pages/barrierefreiheit.html"
    form_class = AccessibilityFeedbackForm

    def form_valid(self, form):
        # A bot that filled the honeypot sees the same thanks; nothing is stored.
        if not form.is_spam():
            accessibility_feedback_create(
                message=form.cleaned_data["message"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                page_url=form.cleaned_data["page_url"],
            )
        messages.success(
            self.request,
            _("Vielen Dank! Ihre Nachricht ist angekommen. Wir antworten in zwei Wochen."),
        )
        return redirect(self.request.path + "#rueckmeldung")


class AkteurListView(FilterQueryMixin, FilterView):
    filterset_class = AkteurFilter
    template_name = "sozialraeume/akteur_list.html"
    context_object_name = "akteure"
    paginate_by = 30
    strict = True

    def get_queryset(self):
        return Akteur.objects.prefetch_related("sozialraeume").order_by("name")


class AkteurDetailView(DetailView):
    template_name = "sozialraeume/akteur_detail.html"
    context_object_name = "akteur"
    queryset = Akteur.objects.prefetch_related("sozialraeume")

    def get_context_data(self, **kwargs):
        # Imported here: offers build on social spaces, not the other way round.
        from angebote.selectors import angebote_public, angebote_with_details

        context = super().get_context_data(**kwargs)
        context["angebote"] = angebote_with_details(
            angebote_public().filter(akteur=self.object)
        ).order_by("title")
        return context
