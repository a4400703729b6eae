"""Rooms in the provider area /mein-bereich/: an actor's members keep their rooms, photos and
blocked periods, answer requests and subscribe to their bookings; everybody sees and cancels
the requests they made.

Rooms and requests of other actors are not found (404), never forbidden (403). Every page is
personal, so none is cached (see bereich_urls.py); that includes the private calendar feed,
which carries its permission in a signed token because calendar apps cannot log in.
"""

from datetime import timedelta

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from django.views.generic.edit import FormMixin, ProcessFormView

from angebote.forms_raeume import (
    AblehnenForm,
    AnnehmenForm,
    RaumForm,
    RaumfotoForm,
    SperrzeitForm,
    raumzeiten_formset,
)
from angebote.models import Raum, Raumanfrage, Raumfoto, Sperrzeit
from angebote.services_raeume import (
    raum_save,
    raumanfrage_accept,
    raumanfrage_cancel,
    raumanfrage_decline,
    raumfoto_add,
    raumfoto_delete,
    sperrzeit_add,
    sperrzeit_delete,
)
from angebote.views_bereich import _add_service_errors
from sozialraeume.models import Akteur, User
from sozialraeume.permissions import akteure_of, is_fachdienst

KALENDER_SALT = "raumbuchungen-kalender"
# Past bookings stay in the feed this long, so calendar apps do not drop last week's entries.
KALENDER_PAST_DAYS = 90


# --- Who sees what ---------------------------------------------------------------------------


def editable_raeume(user: User) -> QuerySet[Raum]:
    """The rooms the user may work on: their actors' rooms, every room for the Fachdienst."""
    if is_fachdienst(user):
        return Raum.objects.all()
    return Raum.objects.filter(akteur__in=akteure_of(user))


def akteure_for_new_rooms(user: User) -> QuerySet[Akteur]:
    return Akteur.objects.all() if is_fachdienst(user) else akteure_of(user)


def incoming_anfragen(user: User) -> QuerySet[Raumanfrage]:
    """Requests for the user's rooms. Unconfirmed ones (a resident has not yet clicked the link
    in the e-mail) are nobody's business yet."""
    anfragen = Raumanfrage.objects.exclude(status=Raumanfrage.Status.UNCONFIRMED)
    if is_fachdienst(user):
        return anfragen
    return anfragen.filter(raum__akteur__in=akteure_of(user))


def kalender_token(akteur: Akteur) -> str:
    return signing.Signer(salt=KALENDER_SALT).sign(str(akteur.pk))


def _akteur_from_token(token: str) -> Akteur:
    try:
        pk = signing.Signer(salt=KALENDER_SALT).unsign(token)
    except signing.BadSignature as error:
        raise Http404 from error
    return get_object_or_404(Akteur, pk=int(pk))


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


# --- Requests --------------------------------------------------------------------------------


class RaumanfragenView(LoginRequiredMixin, TemplateView):
    """Open requests for the user's rooms first (each with its answer form), then decided
    ones that have not yet ended, then the requests the user made."""

    template_name = "angebote/bereich/raumanfragen.html"
    invalid: tuple[int, AnnehmenForm] | None = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        now = timezone.now()
        incoming = incoming_anfragen(user).select_related("raum__akteur", "akteur")
        offen = list(incoming.filter(status=Raumanfrage.Status.PENDING).order_by("period"))
        for anfrage in offen:
            if self.invalid and self.invalid[0] == anfrage.pk:
                anfrage.form = self.invalid[1]
                context["invalid_form"] = self.invalid[1]
            else:
                anfrage.form = AnnehmenForm(prefix=f"anfrage-{anfrage.pk}")
        context["offen"] = offen
        context["entschieden"] = (
            incoming.exclude(status=Raumanfrage.Status.PENDING)
            .filter(period__endswith__gt=now)
            .order_by("period")
        )
        eigene = (
            Raumanfrage.objects.filter(user=user, period__endswith__gt=now)
            .select_related("raum", "akteur")
            .order_by("period")
        )
        cancellable = {
            Raumanfrage.Status.UNCONFIRMED,
            Raumanfrage.Status.PENDING,
            Raumanfrage.Status.ACCEPTED,
        }
        for anfrage in eigene:
            anfrage.cancellable = anfrage.status in cancellable and anfrage.period.lower > now
        context["eigene"] = eigene
        context["is_fachdienst"] = is_fachdienst(user)
        return context


def _render_anfragen(request: HttpRequest, pk: int, form: AnnehmenForm) -> HttpResponse:
    """The list again, with the answer form of one request and its errors (status 400)."""
    view = RaumanfragenView(invalid=(pk, form))
    view.setup(request)
    return render(request, view.template_name, view.get_context_data(), status=400)


def _own_incoming(request: HttpRequest, pk: int) -> Raumanfrage:
    return get_object_or_404(incoming_anfragen(request.user), pk=pk)


@login_required
@require_POST
def raumanfrage_annehmen(request: HttpRequest, pk: int) -> HttpResponse:
    anfrage = _own_incoming(request, pk)
    form = AnnehmenForm(request.POST, prefix=f"anfrage-{pk}")
    if not form.is_valid():
        return _render_anfragen(request, pk, form)
    try:
        raumanfrage_accept(anfrage=anfrage, user=request.user, message=form.cleaned_data["message"])
    except ValidationError as error:
        # Most often: the room is already booked then (the database refused the overlap).
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Die Anfrage für „%(raum)s“ ist angenommen. "
                "Die anfragende Person bekommt eine E-Mail."
            )
            % {"raum": anfrage.raum.name},
        )
    return redirect("bereich:raumanfragen")


@login_required
@require_POST
def raumanfrage_ablehnen(request: HttpRequest, pk: int) -> HttpResponse:
    anfrage = _own_incoming(request, pk)
    form = AblehnenForm(request.POST, prefix=f"anfrage-{pk}")
    if not form.is_valid():
        return _render_anfragen(request, pk, form)
    try:
        raumanfrage_decline(
            anfrage=anfrage, user=request.user, message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Die Anfrage für „%(raum)s“ ist abgelehnt. "
                "Die anfragende Person bekommt eine E-Mail."
            )
            % {"raum": anfrage.raum.name},
        )
    return redirect("bereich:raumanfragen")


@login_required
@require_POST
def raumanfrage_stornieren(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the person who asked cancels; for everybody else the request does not exist."""
    anfrage = get_object_or_404(Raumanfrage.objects.filter(user=request.user), pk=pk)
    try:
        raumanfrage_cancel(anfrage=anfrage, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Ihre Anfrage ist storniert. Der Raumanbieter wird informiert.")
        )
    return redirect(reverse("bereich:raumanfragen") + "#meine-anfragen")


# --- Private calendar feed -------------------------------------------------------------------


def raum_kalender(request: HttpRequest, token: str) -> HttpResponse:
    """The actor's bookings as iCal: accepted requests for its rooms, with purpose and who
    asked (name and actor, no e-mail address: a feed URL is easily shared further)."""
    akteur = _akteur_from_token(token)
    since = timezone.now() - timedelta(days=KALENDER_PAST_DAYS)
    bookings = (
        Raumanfrage.objects.filter(
            raum__akteur=akteur,
            status=Raumanfrage.Status.ACCEPTED,
            period__endswith__gt=since,
        )
        .select_related("raum", "akteur")
        .order_by("period")
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Sozialraum-Portal Jena//Raumbuchungen//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Raumbuchungen: %(akteur)s") % {"akteur": akteur.name})
    for booking in bookings:
        calendar.add_component(_booking_event(request, booking))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    return response


def _booking_event(request: HttpRequest, booking: Raumanfrage) -> icalendar.Event:
    raum = booking.raum
    who = booking.name + (f" ({booking.akteur.name})" if booking.akteur else "")
    lines = [
        _("Angefragt von: %(who)s") % {"who": who},
        _("Personen: %(n)s") % {"n": booking.people},
    ]
    if booking.support_needs:
        lines.append(_("Unterstützung: %(text)s") % {"text": booking.support_needs})
    if booking.owner_message:
        lines.append(_("Ihre Nachricht: %(text)s") % {"text": booking.owner_message})
    event = icalendar.Event()
    event.add("uid", f"raumbuchung-{booking.pk}@{request.get_host()}")
    event.add("dtstamp", booking.decided_at or booking.created_at)
    event.add("dtstart", booking.period.lower)
    event.add("dtend", booking.period.upper)
    event.add("summary", f"{raum.name}: {booking.purpose}")
    place = " ".join(part for part in (raum.postal_code, raum.locality) if part)
    event.add("location", f"{raum.street_address}, {place}")
    event.add("description", "\n".join(lines))
    return event
