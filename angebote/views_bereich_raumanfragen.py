"""Room requests in the provider area /mein-bereich/raumanfragen/: the members of an actor
accept or decline the requests for its rooms (the Fachdienst for every room); everybody sees
and cancels the requests they made.

Requests for other actors' rooms, and requests other people made, are not found (404), never
forbidden (403). Every page is personal, so none is cached (see bereich_urls.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from angebote.forms_raeume import AblehnenForm, AnnehmenForm
from angebote.models import Raumanfrage
from angebote.services_raeume import raumanfrage_accept, raumanfrage_cancel, raumanfrage_decline
from sozialraeume.models import User
from sozialraeume.permissions import akteure_of, is_fachdienst


def incoming_anfragen(user: User) -> QuerySet[Raumanfrage]:
    """Requests for the user's rooms. Unconfirmed ones (a resident has not yet clicked the link
    in the e-mail) are nobody's business yet."""
    anfragen = Raumanfrage.objects.exclude(status=Raumanfrage.Status.UNCONFIRMED)
    if is_fachdienst(user):
        return anfragen
    return anfragen.filter(raum__akteur__in=akteure_of(user))


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
