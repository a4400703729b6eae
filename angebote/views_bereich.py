"""The provider area /mein-bereich/: an actor's members keep their offers current.

Offers of other actors are not found (404), never forbidden (403), so their existence does not
leak. Every page is personal, so none is cached (see bereich_urls.py).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, TemplateView
from django.views.generic.edit import FormMixin, ProcessFormView

from angebote import selectors, services
from angebote.forms import AngebotForm, zeiten_formset
from angebote.models import Angebot
from sozialraeume.models import Akteur, User
from sozialraeume.permissions import akteure_of, is_fachdienst


def editable_angebote(user: User) -> QuerySet[Angebot]:
    """The offers (including drafts and pending changes) the user may work on."""
    if is_fachdienst(user):
        return Angebot.objects.all()
    return Angebot.objects.filter(akteur__in=akteure_of(user))


def akteure_for_new_offers(user: User) -> QuerySet[Akteur]:
    return Akteur.objects.all() if is_fachdienst(user) else akteure_of(user)


def language_names(angebot: Angebot) -> list[str]:
    names = dict(settings.OFFER_LANGUAGES)
    return [str(names.get(code, code)) for code in angebot.languages]


class BereichView(LoginRequiredMixin, TemplateView):
    """The actors of the user with their offers, status and last check."""

    template_name = "angebote/bereich/uebersicht.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offers = (
            Angebot.objects.filter(draft_of__isnull=True)
            .select_related("sozialraum", "bezirk", "pending_change")
            .order_by("title")
        )
        context["akteure"] = akteure_of(self.request.user).prefetch_related(
            Prefetch("angebote", queryset=offers, to_attr="own_offers")
        )
        context["is_fachdienst"] = is_fachdienst(self.request.user)
        context["stale_after"] = settings.FRESHNESS_REMIND_DAYS
        return context


class AngebotFormView(LoginRequiredMixin, FormMixin, ProcessFormView, TemplateView):
    """Create (no pk) or edit an offer; a published offer of an untrusted actor is edited
    as a pending change."""

    template_name = "angebote/bereich/angebot_form.html"
    form_class = AngebotForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.original = None
        if "pk" in kwargs:
            self.original = get_object_or_404(
                editable_angebote(request.user).filter(draft_of__isnull=True), pk=kwargs["pk"]
            )
            self.object = services.angebot_version_to_edit(angebot=self.original, user=request.user)
        else:
            self.object = Angebot(locality="Jena")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        kwargs["akteure"] = akteure_for_new_offers(self.request.user)
        if self.object.pk is None and self.original is not None:
            # A new pending change starts with the published offer's vocabularies.
            kwargs["initial"] = {
                name: list(getattr(self.original, name).all())
                for name in ("kategorien", "zielgruppen", "merkmale")
            }
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("zeiten", self.zeiten())
        context["angebot"] = self.original or self.object
        context["is_change"] = self.object.draft_of_id is not None
        return context

    def zeiten(self, data=None):
        source = self.original if self.object.pk is None else None
        return zeiten_formset(data, angebot=self.object, source=source)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        zeiten = self.zeiten(request.POST)
        if form.is_valid() and zeiten.is_valid():
            try:
                angebot = services.angebot_edit(
                    angebot=form.instance,
                    user=request.user,
                    kategorien=form.cleaned_data["kategorien"],
                    zielgruppen=form.cleaned_data["zielgruppen"],
                    merkmale=form.cleaned_data["merkmale"],
                    zeiten=[f.window for f in zeiten.forms if f.window],
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                return redirect(self.success_url(angebot))
        return self.render_to_response(self.get_context_data(form=form, zeiten=zeiten))

    def success_url(self, angebot: Angebot) -> str:
        if angebot.status == Angebot.Status.PUBLISHED:
            messages.success(self.request, _("Die Änderungen sind veröffentlicht."))
        else:
            messages.success(
                self.request,
                _("Gespeichert. Prüfen Sie die Vorschau und reichen Sie das Angebot dann ein."),
            )
        return reverse("bereich:angebot", kwargs={"pk": angebot.draft_of_id or angebot.pk})


def _add_service_errors(form, error: ValidationError) -> None:
    """Errors the service found (place outside Jena, database checks) shown on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        target = "latitude" if field == "point" else field
        form.add_error(target if target in form.fields else None, errors)


class AngebotBereichDetailView(LoginRequiredMixin, DetailView):
    """Status, district, pending change (as a diff) and preview of one offer."""

    template_name = "angebote/bereich/angebot_detail.html"
    context_object_name = "angebot"

    def get_queryset(self):
        return selectors.angebote_with_details(
            editable_angebote(self.request.user).filter(draft_of__isnull=True)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        angebot = self.object
        change = getattr(angebot, "pending_change", None) if angebot.pk else None
        shown = change or angebot
        context["change"] = change
        context["changes"] = selectors.angebot_changes(change) if change else []
        context["shown"] = shown
        context["languages"] = language_names(shown)
        context["publishes_directly"] = services.publishes_directly(
            self.request.user, angebot.akteur
        )
        context["is_public"] = selectors.angebote_public().filter(pk=angebot.pk).exists()
        context["is_fachdienst"] = is_fachdienst(self.request.user)
        return context


def _own_offer(request: HttpRequest, pk: int) -> Angebot:
    return get_object_or_404(editable_angebote(request.user).filter(draft_of__isnull=True), pk=pk)


def _run(request: HttpRequest, action, **kwargs) -> Angebot | None:
    """Run a service; its refusal becomes a message on the offer page."""
    try:
        return action(user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None


@login_required
@require_POST
def angebot_submit(request: HttpRequest, pk: int) -> HttpResponse:
    original = _own_offer(request, pk)
    draft = getattr(original, "pending_change", None) or original
    result = _run(request, services.angebot_submit, angebot=draft)
    if result is not None and result.status == Angebot.Status.PUBLISHED:
        messages.success(request, _("Veröffentlicht."))
    elif result is not None:
        messages.success(
            request, _("Eingereicht. Sie bekommen eine E-Mail, wenn der Fachdienst es geprüft hat.")
        )
    return redirect("bereich:angebot", pk=original.pk)


@login_required
@require_POST
def angebot_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    angebot = _own_offer(request, pk)
    services.angebot_confirm_current(angebot=angebot, user=request.user)
    messages.success(
        request, _("Danke! „%(title)s“ ist als aktuell bestätigt.") % {"title": angebot.title}
    )
    if request.POST.get("zurueck") == "liste":
        return redirect("bereich:uebersicht")
    return redirect("bereich:angebot", pk=pk)


@login_required
@require_POST
def angebot_archive(request: HttpRequest, pk: int) -> HttpResponse:
    angebot = _own_offer(request, pk)
    if _run(request, services.angebot_archive, angebot=angebot):
        messages.success(request, _("Das Angebot ist archiviert und nicht mehr öffentlich."))
    return redirect("bereich:angebot", pk=pk)
