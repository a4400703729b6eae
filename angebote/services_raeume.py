"""Rooms and their requests: saving a room, requesting a period, accepting, declining,
cancelling. Accepting relies on the exclusion constraint `raumanfrage_no_double_booking`:
two overlapping accepted bookings of one room cannot exist, whatever runs concurrently."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.postgres.fields.ranges import DateTimeTZRange
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from angebote.models import (
    Ausstattung,
    Merkmal,
    Raum,
    Raumanfrage,
    Raumfoto,
    Raumzeit,
    Sperrzeit,
)
from jena_sozialraum.page_cache import clear_page_cache
from jena_sozialraum.ratelimit import Scope, ip_hash, refuse_over_limit
from jena_sozialraum.slugs import unique_slug
from sozialraeume.models import Akteur, User
from sozialraeume.permissions import can_edit_akteur_content
from sozialraeume.selectors import locate

CONFIRM_SALT = "raumanfrage-bestaetigen"
CONFIRM_DAYS = 3


# --- Rooms ----------------------------------------------------------------------------------


@transaction.atomic
def raum_save(
    *,
    raum: Raum,
    user: User | None,
    merkmale: Iterable[Merkmal] | None = None,
    ausstattung: Iterable[Ausstattung] | None = None,
    zeiten: Iterable[tuple[int, time, time]] | None = None,
) -> Raum:
    """Create or update a room; district and social space come from its point.

    `user` None is for demo data and imports (no permission check, no history user).
    """
    if user is not None:
        if not can_edit_akteur_content(user, raum.akteur):
            raise PermissionDenied("Not a member of this actor.")
        raum._history_user = user
    location = locate(raum.point) if raum.point is not None else None
    if location is None:
        raise ValidationError({"point": _("Dieser Ort liegt nicht in Jena.")})
    raum.bezirk, raum.sozialraum = location.bezirk, location.sozialraum
    if not raum.slug:
        raum.slug = unique_slug(Raum, raum.name, exclude_pk=raum.pk)
    raum.full_clean()
    raum.save()
    if merkmale is not None:
        raum.merkmale.set(merkmale)
    if ausstattung is not None:
        raum.ausstattung.set(ausstattung)
    if zeiten is not None:
        raum.zeiten.all().delete()
        for weekday, opens, closes in zeiten:
            window = Raumzeit(raum=raum, weekday=weekday, opens=opens, closes=closes)
            window.full_clean()
            window.save()
    return raum


# --- When a room can be requested -----------------------------------------------------------


def local_period(start: datetime, end: datetime) -> DateTimeTZRange:
    """A half-open period [start, end) of aware datetimes (stored as UTC by PostgreSQL)."""
    return DateTimeTZRange(start, end, "[)")


def period_problems(raum: Raum, start: datetime, end: datetime, now: datetime | None = None):
    """Why the room cannot be requested for [start, end), as messages; empty if it can.

    Checks order, past, notice, how far ahead, bookable hours (local wall-clock times, one day),
    blocked periods and accepted bookings. Durations are real time, so a period across a DST
    change is as long as the clock on the wall says it is plus or minus the hour.
    """
    now = now or timezone.now()
    if end <= start:
        return [_("Das Ende muss nach dem Beginn liegen.")]
    problems = []
    if start < now:
        problems.append(_("Der Beginn liegt in der Vergangenheit."))
    elif start < now + timedelta(hours=raum.min_notice_hours):
        problems.append(
            _("Dieser Raum muss mindestens %(hours)s Stunden vorher angefragt werden.")
            % {"hours": raum.min_notice_hours}
        )
    if start > now + timedelta(days=raum.max_days_ahead):
        problems.append(
            _("Dieser Raum kann höchstens %(days)s Tage im Voraus angefragt werden.")
            % {"days": raum.max_days_ahead}
        )
    if not within_bookable_hours(raum, start, end):
        problems.append(
            _("Der Raum ist zu dieser Zeit nicht buchbar. Bitte sehen Sie in die Zeiten.")
        )
    period = local_period(start, end)
    if raum.sperrzeiten.filter(period__overlap=period).exists():
        problems.append(_("Der Raum ist in diesem Zeitraum gesperrt."))
    if raum.anfragen.filter(status=Raumanfrage.Status.ACCEPTED, period__overlap=period).exists():
        problems.append(_("Der Raum ist in diesem Zeitraum schon vergeben."))
    return problems


def within_bookable_hours(raum: Raum, start: datetime, end: datetime) -> bool:
    """Start and end lie on one local day inside one bookable window of that weekday."""
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if local_start.date() != local_end.date():
        return False
    return raum.zeiten.filter(
        weekday=local_start.isoweekday(),
        opens__lte=local_start.time(),
        closes__gte=local_end.time(),
    ).exists()


# --- Requests -------------------------------------------------------------------------------


@dataclass
class Requester:
    """Who asks: a logged-in member (for one of their actors) or a resident with an address."""

    name: str
    email: str
    user: User | None = None
    akteur: Akteur | None = None


@transaction.atomic
def raumanfrage_create(
    *,
    raum: Raum,
    start: datetime,
    end: datetime,
    purpose: str,
    people: int,
    support_needs: str = "",
    requester: Requester,
    ip: str = "",
) -> Raumanfrage:
    """Store a request. Members' requests go to the owner at once; residents first confirm
    their address by a link (valid CONFIRM_DAYS), so nobody can flood owners in others' names,
    and may send at most ROOM_REQUEST_RATE_LIMIT requests per IP address `ip` and hour (more
    raise ValidationError, code "rate_limit"), so nobody floods others' inboxes with links.
    """
    errors = period_problems(raum, start, end)
    if people > raum.capacity:
        errors.append(_("In diesen Raum passen höchstens %(n)s Personen.") % {"n": raum.capacity})
    if requester.akteur is not None and not can_edit_akteur_content(
        requester.user, requester.akteur
    ):
        raise PermissionDenied("Requests for an actor need a member of it.")
    if errors:
        raise ValidationError(errors)
    anfrage = Raumanfrage(
        raum=raum,
        period=local_period(start, end),
        purpose=purpose.strip(),
        people=people,
        support_needs=support_needs.strip(),
        user=requester.user,
        akteur=requester.akteur,
        name=requester.name.strip(),
        email=requester.email.strip(),
        status=Raumanfrage.Status.PENDING if requester.user else Raumanfrage.Status.UNCONFIRMED,
    )
    if requester.user is not None:
        anfrage._history_user = requester.user
    else:
        anfrage.ip_hash = ip_hash(ip)
        refuse_over_limit(
            Scope.ROOM_REQUEST,
            anfrage.ip_hash,
            Raumanfrage.objects.all(),
            settings.ROOM_REQUEST_RATE_LIMIT,
            _(
                "Von Ihrem Anschluss kamen in der letzten Stunde schon mehrere Raumanfragen. "
                "Bitte versuchen Sie es später noch einmal."
            ),
        )
    anfrage.full_clean()
    anfrage.save()
    if anfrage.status == Raumanfrage.Status.UNCONFIRMED:
        _mail(
            anfrage,
            [anfrage.email],
            _("Bitte bestätigen Sie Ihre Raumanfrage"),
            "angebote/mail/raumanfrage_bestaetigen.txt",
            link=_absolute("raeume:anfrage-bestaetigen", token=confirm_token(anfrage)),
        )
    else:
        _tell_owner(anfrage)
    return anfrage


def confirm_token(anfrage: Raumanfrage) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(anfrage.pk))


@transaction.atomic
def raumanfrage_confirm_email(*, token: str) -> Raumanfrage:
    """The resident clicked the link: the request now reaches the owner. Idempotent."""
    try:
        pk = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=timedelta(days=CONFIRM_DAYS)
        )
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("Dieser Link ist abgelaufen. Bitte stellen Sie die Anfrage noch einmal."),
            code="expired",
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(_("Dieser Link ist ungültig."), code="invalid") from error
    anfrage = Raumanfrage.objects.select_for_update().get(pk=int(pk))
    if anfrage.status == Raumanfrage.Status.UNCONFIRMED:
        anfrage.status = Raumanfrage.Status.PENDING
        anfrage.save(update_fields=["status"])
        _tell_owner(anfrage)
    return anfrage


@transaction.atomic
def raumanfrage_accept(*, anfrage: Raumanfrage, user: User, message: str = "") -> Raumanfrage:
    """The owner accepts: the request becomes a booking, overlapping open requests are
    declined with a message, both sides are told.

    A booking that would overlap an accepted one is refused by PostgreSQL (exclusion
    constraint), also when two owners' members accept at the same moment.
    """
    # Decisions about one room take turns (room row locked first, then requests): without
    # this, two accepts that each lock their request and then the overlapping ones deadlock.
    # The exclusion constraint stays the guarantee; the lock only orders the work.
    Raum.objects.select_for_update().filter(pk=anfrage.raum_id).first()
    anfrage = Raumanfrage.objects.select_for_update().select_related("raum").get(pk=anfrage.pk)
    _require_owner(user, anfrage)
    if anfrage.status != Raumanfrage.Status.PENDING:
        raise ValidationError(_("Nur offene Anfragen können angenommen werden."), code="status")
    if anfrage.raum.sperrzeiten.filter(period__overlap=anfrage.period).exists():
        raise ValidationError(_("Der Raum ist in diesem Zeitraum gesperrt."), code="blocked")
    anfrage.status = Raumanfrage.Status.ACCEPTED
    anfrage.owner_message = message.strip()
    anfrage.decided_at = timezone.now()
    anfrage.decided_by = user
    anfrage._history_user = user
    try:
        with transaction.atomic():
            anfrage.save(update_fields=["status", "owner_message", "decided_at", "decided_by"])
    except IntegrityError as error:
        raise ValidationError(
            _("Der Raum ist in diesem Zeitraum schon vergeben. Die Anfrage bleibt offen."),
            code="overlap",
        ) from error
    overlapping = Raumanfrage.objects.select_for_update().filter(
        raum=anfrage.raum,
        status__in=[Raumanfrage.Status.PENDING, Raumanfrage.Status.UNCONFIRMED],
        period__overlap=anfrage.period,
    )
    for other in overlapping:
        _decide(
            other,
            user,
            Raumanfrage.Status.DECLINED,
            _("Der Raum wurde für diese Zeit schon an eine andere Anfrage vergeben."),
        )
    _tell_requester(anfrage)
    clear_page_cache()  # the room's week view and iCal feed show the new booking
    return anfrage


@transaction.atomic
def raumanfrage_decline(*, anfrage: Raumanfrage, user: User, message: str) -> Raumanfrage:
    Raum.objects.select_for_update().filter(pk=anfrage.raum_id).first()
    anfrage = Raumanfrage.objects.select_for_update().select_related("raum").get(pk=anfrage.pk)
    _require_owner(user, anfrage)
    if anfrage.status != Raumanfrage.Status.PENDING:
        raise ValidationError(_("Nur offene Anfragen können abgelehnt werden."), code="status")
    return _decide(anfrage, user, Raumanfrage.Status.DECLINED, message.strip())


@transaction.atomic
def raumanfrage_cancel(*, anfrage: Raumanfrage, user: User | None) -> Raumanfrage:
    """The requester withdraws (open or accepted, before it starts); the owner is told.

    `user` None: a resident's signed link from their e-mail (checked by the view).
    """
    Raum.objects.select_for_update().filter(pk=anfrage.raum_id).first()
    anfrage = Raumanfrage.objects.select_for_update().select_related("raum").get(pk=anfrage.pk)
    if user is not None and anfrage.user_id != user.pk:
        raise PermissionDenied("Only the requester cancels.")
    cancellable = [
        Raumanfrage.Status.UNCONFIRMED,
        Raumanfrage.Status.PENDING,
        Raumanfrage.Status.ACCEPTED,
    ]
    if anfrage.status not in cancellable or anfrage.period.lower <= timezone.now():
        raise ValidationError(_("Diese Anfrage kann nicht mehr storniert werden."), code="status")
    was_seen = anfrage.status != Raumanfrage.Status.UNCONFIRMED
    anfrage.status = Raumanfrage.Status.CANCELLED
    if user is not None:
        anfrage._history_user = user
    anfrage.save(update_fields=["status"])
    if was_seen:
        _tell_owner(anfrage)
    clear_page_cache()
    return anfrage


def _decide(anfrage: Raumanfrage, user: User, status: str, message: str) -> Raumanfrage:
    anfrage.status = status
    anfrage.owner_message = message
    anfrage.decided_at = timezone.now()
    anfrage.decided_by = user
    anfrage._history_user = user
    anfrage.save(update_fields=["status", "owner_message", "decided_at", "decided_by"])
    if status == Raumanfrage.Status.DECLINED and anfrage.email:
        _tell_requester(anfrage)
    return anfrage


def _require_owner(user: User, anfrage: Raumanfrage) -> None:
    if not can_edit_akteur_content(user, anfrage.raum.akteur):
        raise PermissionDenied("Only the room owner's members decide.")


# --- Mail -----------------------------------------------------------------------------------


def _absolute(name: str, **kwargs) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _owner_addresses(raum: Raum) -> list[str]:
    members = User.objects.filter(memberships__akteur=raum.akteur_id, is_active=True)
    addresses = set(members.values_list("email", flat=True))
    if raum.akteur.email:
        addresses.add(raum.akteur.email)
    return sorted(addresses)


def _tell_owner(anfrage: Raumanfrage) -> None:
    _mail(
        anfrage,
        _owner_addresses(anfrage.raum),
        _("Raumanfrage für %(raum)s") % {"raum": anfrage.raum.name},
        "angebote/mail/raumanfrage_an_eigentuemer.txt",
        link=_absolute("bereich:raumanfragen"),
    )


def _tell_requester(anfrage: Raumanfrage) -> None:
    _mail(
        anfrage,
        [anfrage.email],
        _("Ihre Raumanfrage: %(status)s") % {"status": anfrage.get_status_display()},
        "angebote/mail/raumanfrage_entschieden.txt",
        link=_absolute("raeume:detail", slug=anfrage.raum.slug),
    )


def _mail(anfrage: Raumanfrage, to: list[str], subject: str, template: str, link: str) -> None:
    if not to:
        return
    body = render_to_string(template, {"anfrage": anfrage, "raum": anfrage.raum, "link": link})
    # One message per address, so nobody sees the others; sent once the data is committed.
    transaction.on_commit(
        lambda: [send_mail(str(subject), body, None, [address]) for address in to],
        robust=True,
    )


# --- Provider area: photos and blocked periods ----------------------------------------------


def _require_room_editor(user: User, raum: Raum) -> None:
    if not can_edit_akteur_content(user, raum.akteur):
        raise PermissionDenied("Only the room owner's members edit the room.")


@transaction.atomic
def raumfoto_add(*, raum: Raum, user: User, image, alt_text: str) -> Raumfoto:
    """Add a photo at the end of the room's photos. The model's validators check type and size;
    the form has already had Pillow open the file."""
    _require_room_editor(user, raum)
    last = raum.fotos.order_by("-position").values_list("position", flat=True).first()
    foto = Raumfoto(raum=raum, image=image, alt_text=alt_text.strip(), position=(last or 0) + 1)
    foto.full_clean()
    foto.save()
    clear_page_cache()
    return foto


@transaction.atomic
def raumfoto_delete(*, foto: Raumfoto, user: User) -> None:
    """Delete the photo and, once that is committed, its file."""
    _require_room_editor(user, foto.raum)
    image = foto.image
    foto.delete()
    transaction.on_commit(lambda: image.storage.delete(image.name), robust=True)
    clear_page_cache()


@transaction.atomic
def sperrzeit_add(
    *, raum: Raum, user: User, start: datetime, end: datetime, reason: str = ""
) -> tuple[Sperrzeit, list[Raumanfrage]]:
    """Block the room for [start, end). Returns the period and the accepted bookings inside it:
    they stay (only the requester cancels a booking), the owner has to talk to those groups.
    Open requests in the period can no longer be accepted (raumanfrage_accept checks)."""
    _require_room_editor(user, raum)
    if end <= start:
        raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})
    if end <= timezone.now():
        raise ValidationError({"end": _("Das Ende liegt in der Vergangenheit.")})
    sperrzeit = Sperrzeit(raum=raum, period=local_period(start, end), reason=reason.strip())
    sperrzeit._history_user = user
    sperrzeit.full_clean()
    sperrzeit.save()
    clear_page_cache()
    affected = list(
        raum.anfragen.filter(
            status=Raumanfrage.Status.ACCEPTED, period__overlap=sperrzeit.period
        ).order_by("period")
    )
    return sperrzeit, affected


@transaction.atomic
def sperrzeit_delete(*, sperrzeit: Sperrzeit, user: User) -> None:
    _require_room_editor(user, sperrzeit.raum)
    sperrzeit._history_user = user
    sperrzeit.delete()
    clear_page_cache()
