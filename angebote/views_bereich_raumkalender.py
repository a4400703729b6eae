"""The private calendar feed of an actor's room bookings (iCal), linked from the room list in
the provider area.

Calendar apps cannot log in, so the feed carries its permission in a signed token in its
address: whoever has the address sees the bookings. The token holds the actor and its
`calendar_version`; a member who fears the address went too far gets a new one, and the old
one stops working. Personal, so never cached (see bereich_urls.py).
"""

from datetime import timedelta

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from angebote.models import Raumanfrage
from sozialraeume.models import Akteur
from sozialraeume.permissions import can_edit_akteur_content

KALENDER_SALT = "raumbuchungen-kalender"
# Past bookings stay in the feed this long, so calendar apps do not drop last week's entries.
KALENDER_PAST_DAYS = 90


def kalender_token(akteur: Akteur) -> str:
    return signing.Signer(salt=KALENDER_SALT).sign(f"{akteur.pk}.{akteur.calendar_version}")


def _akteur_from_token(token: str) -> Akteur:
    try:
        payload = signing.Signer(salt=KALENDER_SALT).unsign(token)
    except signing.BadSignature as error:
        raise Http404 from error
    # Addresses made before versions existed hold only the pk: version 0.
    pk, _dot, version = payload.partition(".")
    return get_object_or_404(Akteur, pk=int(pk), calendar_version=int(version or 0))


@login_required
@require_POST
def kalender_erneuern(request: HttpRequest, pk: int) -> HttpResponse:
    """A new address for the actor's calendar; the old one answers 404 from now on."""
    akteur = get_object_or_404(Akteur, pk=pk)
    if not can_edit_akteur_content(request.user, akteur):
        raise Http404
    with transaction.atomic():
        akteur = Akteur.objects.select_for_update().get(pk=pk)
        akteur.calendar_version += 1
        akteur._history_user = request.user  # read by django-simple-history
        akteur._change_reason = _("Neue Adresse für den Buchungskalender")
        akteur.save(update_fields=["calendar_version", "updated_at"])
    messages.success(
        request,
        _(
            "Die Kalenderadresse von %(name)s ist neu. Die alte Adresse funktioniert nicht mehr; "
            "tragen Sie die neue in Ihrem Kalenderprogramm ein."
        )
        % {"name": akteur.name},
    )
    return redirect(reverse("bereich:raeume") + f"#kalender-{akteur.pk}")


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
