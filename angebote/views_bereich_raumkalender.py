"""The private calendar feed of an actor's room bookings (iCal), linked from the room list in
the provider area.

Calendar apps cannot log in, so the feed carries its permission in a signed token in its
address: whoever has the address sees the bookings. Personal, so never cached (see
bereich_urls.py).
"""

from datetime import timedelta

import icalendar
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from angebote.models import Raumanfrage
from sozialraeume.models import Akteur

KALENDER_SALT = "raumbuchungen-kalender"
# Past bookings stay in the feed this long, so calendar apps do not drop last week's entries.
KALENDER_PAST_DAYS = 90


def kalender_token(akteur: Akteur) -> str:
    return signing.Signer(salt=KALENDER_SALT).sign(str(akteur.pk))


def _akteur_from_token(token: str) -> Akteur:
    try:
        pk = signing.Signer(salt=KALENDER_SALT).unsign(token)
    except signing.BadSignature as error:
        raise Http404 from error
    return get_object_or_404(Akteur, pk=int(pk))


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
