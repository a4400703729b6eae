"""Rooms in the provider area /mein-bereich/raeume/: an actor's members keep their rooms with
their bookable hours, photos and blocked periods; the Fachdienst keeps every room.

Rooms of other actors are not found (404), never forbidden (403). Every page is personal, so
none is cached (see bereich_urls.py). The requests for the rooms are in
views_bereich_raumanfragen.py, the private calendar feed of the bookings in
views_bereich_raumkalender.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from django.views.generic.edit import FormMixin, ProcessFormView

from angebote.forms_raeume import RaumForm, RaumfotoForm, SperrzeitForm, raumzeiten_formset
from angebote.models import Raum, Raumanfrage, Raumfoto, Sperrzeit
from angebote.services_raeume import (
    raum_save,
    raumfoto_add,
    raumfoto_delete,
    sperrzeit_add,
    sperrzeit_delete,
)
from angebote.views_bereich import _add_service_errors
from angebote.views_bereich_raumkalender import kalender_token
from sozialraeume.models import Akteur, User
from sozialraeume.permissions import akteure_of, is_fachdienst

# --- Who sees what ---------------------------------------------------------------------------


def editable_raeume(user: User) -> QuerySet[Raum]:
    """The rooms the user may work on: their actors' rooms, every room for the Fachdienst."""
    if is_fachdienst(user):
        return Raum.objects.all()
    return Raum.objects.filter(akteur__in=akteure_of(user))


def akteure_for_new_rooms(user: User) -> QuerySet[Akteur]:
    return Akteur.objects.all() if is_fachdienst(user) else akteure_of(user)


# --- Rooms ---------------------------------------------------------------------------------


class RaumBereichListView(LoginRequiredMixin, TemplateView):
    """The user's actors with their rooms, open requests per room and the calendar feed."""

    template_name = "angebote/bereich/raum_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rooms = (
            Raum.objects.select_related("sozialraum")
            .annotate(
                open_requests=Count(
                    "anfragen",
                    filter=Q(anfragen__status=Raumanfrage.Status.PENDING),
                    distinct=True,
                ),
                photo_count=Count("fotos", distinct=True),
            )
            .order_by("name")
        )
        akteure = akteure_of(user)
        if is_fachdienst(user):
            akteure = Akteur.objects.filter(
                Q(raeume__isnull=False) | Q(memberships__user=user)
            ).distinct()
        akteure = list(
            akteure.order_by("name").prefetch_related(
                Prefetch("raeume", queryset=rooms, to_attr="own_rooms")
            )
        )
        for akteur in akteure:
            path = reverse("bereich:raum-kalender", kwargs={"token": kalender_token(akteur)})
            akteur.feed_url = self.request.build_absolute_uri(path)
        context["akteure"] = akteure
        context["is_fachdienst"] = is_fachdienst(user)
        return context


class RaumFormView(LoginRequiredMixin, FormMixin, ProcessFormView, TemplateView):
    """Create (no pk) or edit a room with its bookable hours. Saved at once: rooms are not
    moderated, they only become visible when the room is marked public."""

    template_name = "angebote/bereich/raum_form.html"
    form_class = RaumForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if "pk" in kwargs:
            self.object = get_object_or_404(editable_raeume(request.user), pk=kwargs["pk"])
        else:
            self.object = Raum(locality="Jena")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        kwargs["akteure"] = akteure_for_new_rooms(self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("zeiten", raumzeiten_formset(raum=self.object))
        context["raum"] = self.object
        return context

    def post(self, request, *args, **kwargs):
        is_new = self.object.pk is None
        form = self.get_form()
        zeiten = raumzeiten_formset(request.POST, raum=self.object)
        if form.is_valid() and zeiten.is_valid():
            try:
                raum = raum_save(
                    raum=form.instance,
                    user=request.user,
                    merkmale=form.cleaned_data["merkmale"],
                    ausstattung=form.cleaned_data["ausstattung"],
                    zeiten=[f.window for f in zeiten.forms if f.window],
                )
            except ValidationError as error:
                if is_new:
                    form.instance.pk = None  # the transaction was rolled back
                _add_service_errors(form, error)
            else:
                if is_new:
                    messages.success(
                        request,
                        _("Der Raum ist angelegt. Fügen Sie jetzt Fotos hinzu, wenn Sie mögen."),
                    )
                    return redirect("bereich:raum-fotos", pk=raum.pk)
                messages.success(request, _("Die Änderungen am Raum sind gespeichert."))
                return redirect("bereich:raeume")
        return self.render_to_response(self.get_context_data(form=form, zeiten=zeiten))


# --- Photos ----------------------------------------------------------------------------------


class RaumfotoView(LoginRequiredMixin, FormView):
    """The room's photos, each with its alternative text, and the upload form."""

    template_name = "angebote/bereich/raum_fotos.html"
    form_class = RaumfotoForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.raum = get_object_or_404(editable_raeume(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(raum=self.raum, fotos=self.raum.fotos.all(), **kwargs)

    def form_valid(self, form):
        try:
            raumfoto_add(
                raum=self.raum,
                user=self.request.user,
                image=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Das Foto ist hinzugefügt."))
        return redirect("bereich:raum-fotos", pk=self.raum.pk)


@login_required
@require_POST
def raumfoto_loeschen(request: HttpRequest, pk: int) -> HttpResponse:
    foto = get_object_or_404(
        Raumfoto.objects.select_related("raum__akteur").filter(
            raum__in=editable_raeume(request.user)
        ),
        pk=pk,
    )
    raumfoto_delete(foto=foto, user=request.user)
    messages.success(request, _("Das Foto ist gelöscht."))
    return redirect("bereich:raum-fotos", pk=foto.raum_id)


# --- Blocked periods -------------------------------------------------------------------------


class SperrzeitView(LoginRequiredMixin, FormView):
    """Current and future blocked periods of a room and the form to add one."""

    template_name = "angebote/bereich/raum_sperrzeiten.html"
    form_class = SperrzeitForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.raum = get_object_or_404(editable_raeume(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        sperrzeiten = self.raum.sperrzeiten.filter(period__endswith__gt=timezone.now())
        return super().get_context_data(raum=self.raum, sperrzeiten=sperrzeiten, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            _sperrzeit, affected = sperrzeit_add(
                raum=self.raum,
                user=self.request.user,
                start=data["start"],
                end=data["end"],
                reason=data["reason"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Der Raum ist in diesem Zeitraum gesperrt."))
        if affected:
            when = ", ".join(
                f"{timezone.localtime(a.period.lower):%d.%m.%Y %H:%M} ({a.name})" for a in affected
            )
            messages.warning(
                self.request,
                _(
                    "In diesem Zeitraum gibt es schon angenommene Buchungen: %(when)s. "
                    "Bitte sprechen Sie mit diesen Gruppen."
                )
                % {"when": when},
            )
        return redirect("bereich:raum-sperrzeiten", pk=self.raum.pk)


@login_required
@require_POST
def sperrzeit_loeschen(request: HttpRequest, pk: int) -> HttpResponse:
    sperrzeit = get_object_or_404(
        Sperrzeit.objects.select_related("raum__akteur").filter(
            raum__in=editable_raeume(request.user)
        ),
        pk=pk,
    )
    sperrzeit_delete(sperrzeit=sperrzeit, user=request.user)
    messages.success(request, _("Die Sperrzeit ist gelöscht."))
    return redirect("bereich:raum-sperrzeiten", pk=sperrzeit.raum_id)
