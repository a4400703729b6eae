from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from jena_sozialraum.views import FilterQueryMixin
from sozialraeume import selectors
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
        return context


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
