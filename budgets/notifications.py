"""E-mails to the lead actor's members when an application changes its status or a drawdown is
decided. The services call these at their end; the mails go out once the transaction commits
(nothing is sent for a change that is rolled back), one message per recipient so nobody sees
the other addresses.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from budgets.models import Foerderantrag, Mittelabruf, Verwendungsnachweis
from sozialraeume.models import User


def _recipients(antrag: Foerderantrag) -> list[str]:
    """Active members of the lead actor (partners are not written to), each address once."""
    addresses = User.objects.filter(
        memberships__akteur_id=antrag.akteur_id, is_active=True
    ).values_list("email", flat=True)
    return sorted({address for address in addresses if address})


def _provider_link(antrag: Foerderantrag) -> str:
    """The application in the provider area (without language prefix: German)."""
    return settings.SITE_URL + reverse("antraege:detail", kwargs={"pk": antrag.pk})


def _send(recipients: list[str], subject: str, body: str) -> None:
    if not recipients:
        return
    messages = [(subject, body, None, [address]) for address in recipients]
    # robust: a failing mail server is logged; the decision is stored either way.
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False), robust=True)


def antrag_status_changed(antrag: Foerderantrag) -> None:
    """Tell the lead actor's members the new status, with what it means for them (amount and
    conditions, reason, what to change, accepted amount and refund)."""
    recipients = _recipients(antrag)
    if not recipients:
        return
    # Written in the portal's language, whoever triggered the change; rendered now, so each
    # mail shows the status it announces even when two changes share one transaction.
    with translation.override(settings.LANGUAGE_CODE):
        nachweis = Verwendungsnachweis.objects.filter(antrag=antrag).first()
        refund = None
        if nachweis is not None and nachweis.accepted_amount is not None:
            from budgets.services_berichte import refund_due  # it imports the services

            refund = refund_due(nachweis)
        context = {
            "antrag": antrag,
            "budget": antrag.budget,
            "nachweis": nachweis,
            "refund": refund,
            "link": _provider_link(antrag),
        }
        body = render_to_string("budgets/mail/antrag_status.txt", context)
        subject = _("Förderantrag „%(title)s“: %(status)s") % {
            "title": " ".join(antrag.title.split()),
            "status": antrag.get_status_display(),
        }
    _send(recipients, subject, body)


def mittelabruf_decided(abruf: Mittelabruf) -> None:
    """Tell the lead actor's members that a drawdown was released, paid or rejected."""
    antrag = abruf.antrag
    recipients = _recipients(antrag)
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"abruf": abruf, "antrag": antrag, "link": _provider_link(antrag)}
        body = render_to_string("budgets/mail/mittelabruf.txt", context)
        subject = _("Mittelabruf für „%(title)s“: %(status)s") % {
            "title": " ".join(antrag.title.split()),
            "status": abruf.get_status_display(),
        }
    _send(recipients, subject, body)
