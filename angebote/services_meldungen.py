"""Problem reports (Problemmeldungen): residents report, the actor's members and the
Fachdienst are told by e-mail and close the report."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from angebote.models import Angebot, Problemmeldung
from jena_sozialraum.ratelimit import Scope, ip_hash, refuse_over_limit
from sozialraeume.models import User
from sozialraeume.permissions import can_edit_akteur_content


def problemmeldung_create(
    *, angebot: Angebot, reason: str, message: str, email: str, ip: str
) -> Problemmeldung:
    """Store a resident's report and tell the actor's members and the Fachdienst after commit.

    At most REPORT_RATE_LIMIT reports per IP address and hour (jena_sozialraum.ratelimit);
    more raise ValidationError (code "rate_limit").
    """
    meldung = Problemmeldung(
        angebot=angebot,
        reason=reason,
        message=message.strip(),
        email=email.strip(),
        ip_hash=ip_hash(ip),
    )
    with transaction.atomic():
        refuse_over_limit(
            Scope.PROBLEM_REPORT,
            meldung.ip_hash,
            Problemmeldung.objects.all(),
            settings.REPORT_RATE_LIMIT,
            _(
                "Sie haben in der letzten Stunde schon viele Meldungen geschickt. "
                "Bitte versuchen Sie es später noch einmal."
            ),
        )
        meldung.full_clean()
        meldung.save()
        # robust: a failing mail server is logged; the report is stored and listed anyway.
        transaction.on_commit(lambda: _notify(meldung), robust=True)
    return meldung


def _recipients(meldung: Problemmeldung) -> list[str]:
    """Active members of the offer's actor and active Fachdienst staff, each address once."""
    members = User.objects.filter(
        memberships__akteur=meldung.angebot.akteur_id, is_active=True
    ).values_list("email", flat=True)
    fachdienst = User.objects.filter(is_fachdienst=True, is_active=True).values_list(
        "email", flat=True
    )
    return sorted({address for address in [*members, *fachdienst] if address})


def _notify(meldung: Problemmeldung) -> None:
    recipients = _recipients(meldung)
    if not recipients:
        return
    # Written in the portal's language, whatever language the resident used; links without
    # a language prefix.
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL + reverse("meldungen:list") + f"#meldung-{meldung.pk}"
        context = {"meldung": meldung, "angebot": meldung.angebot, "link": link}
        body = render_to_string("angebote/mail/meldung.txt", context)
        # Only the offer's title: the reporter's address stays out of subjects and inbox lists.
        title = " ".join(meldung.angebot.title.split())
        subject = _("Problem gemeldet: %(title)s") % {"title": title}
    # One message per recipient, so nobody sees the other recipients' addresses.
    send_mass_mail(
        [(subject, body, None, [address]) for address in recipients], fail_silently=False
    )


def problemmeldung_close(*, meldung: Problemmeldung, user: User, note: str) -> Problemmeldung:
    """Mark a report as done, with an optional note; the history records who and when.

    Allowed for the actor's members and the Fachdienst; a closed report cannot be closed again.
    """
    if not can_edit_akteur_content(user, meldung.angebot.akteur):
        raise PermissionDenied("Only the actor's members and the Fachdienst may close reports.")
    with transaction.atomic():
        # Locked, so two people closing at once cannot both succeed.
        meldung = Problemmeldung.objects.select_for_update().get(pk=meldung.pk)
        if meldung.is_closed:
            raise ValidationError(_("Diese Meldung ist schon erledigt."), code="closed")
        meldung.closed_at = timezone.now()
        meldung.closed_by = user
        meldung.closing_note = note.strip()
        meldung._history_user = user  # read by django-simple-history for the audit trail
        meldung.full_clean()
        meldung.save(update_fields=["closed_at", "closed_by", "closing_note"])
    return meldung
