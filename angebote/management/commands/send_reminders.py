"""Daily by cron: remind providers of offers not checked for a while, tell them when one is hidden.

Each actor gets at most one reminder and one "now hidden" e-mail per run, sent to its members and
its own address. An offer is reminded at most once per REMIND_AGAIN_DAYS and told once that it was
hidden; confirming it (angebot_confirm_current) resets both.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from angebote.freshness import confirm_url
from angebote.models import Angebot
from angebote.selectors import angebote_unchecked
from jena_sozialraum.page_cache import clear_page_cache
from sozialraeume.models import Akteur, Membership

REMIND_AGAIN_DAYS = 30


class Command(BaseCommand):
    help = "E-mail providers whose offers were not checked for a long time (run daily)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        with translation.override(settings.LANGUAGE_CODE):
            reminded = self._send(
                self._to_remind(today),
                template="angebote/mail/erinnerung.txt",
                subject=_("Sind Ihre Angebote im Sozialraum-Portal Jena noch aktuell?"),
                mark={"reminded_on": today},
            )
            hidden = self._send(
                angebote_unchecked(settings.FRESHNESS_HIDE_DAYS, today).filter(
                    hidden_notice_on__isnull=True
                ),
                template="angebote/mail/ausgeblendet.txt",
                subject=_("Angebote im Sozialraum-Portal Jena ausgeblendet"),
                mark={"hidden_notice_on": today},
            )
        if hidden[0]:
            clear_page_cache()  # offers left the public pages by date, without a save
        self.stdout.write(
            f"Reminded {reminded[0]} offers of {reminded[1]} actors; "
            f"notified {hidden[1]} actors of {hidden[0]} hidden offers; "
            f"{reminded[2] + hidden[2]} offers skipped (actor without e-mail address)."
        )

    def _to_remind(self, today: date) -> QuerySet[Angebot]:
        """Due for a reminder but still public (hidden ones get the other e-mail)."""
        return (
            angebote_unchecked(settings.FRESHNESS_REMIND_DAYS, today)
            .exclude(pk__in=angebote_unchecked(settings.FRESHNESS_HIDE_DAYS, today).values("pk"))
            .filter(
                Q(reminded_on__isnull=True)
                | Q(reminded_on__lte=today - timedelta(days=REMIND_AGAIN_DAYS))
            )
        )

    def _send(
        self, queryset: QuerySet[Angebot], *, template: str, subject: str, mark: dict
    ) -> tuple[int, int, int]:
        """One e-mail per actor listing its offers; returns (offers, actors, offers skipped)."""
        by_akteur: dict[int, list[Angebot]] = defaultdict(list)
        for angebot in queryset.order_by("akteur_id", "title"):
            by_akteur[angebot.akteur_id].append(angebot)
        offers = actors = skipped = 0
        for akteur in Akteur.objects.filter(pk__in=by_akteur).order_by("name"):
            angebote = by_akteur[akteur.pk]
            recipients = _recipients(akteur)
            if not recipients:
                skipped += len(angebote)
                continue
            body = render_to_string(
                template,
                {
                    "akteur": akteur,
                    "angebote": [(a, confirm_url(a)) for a in angebote],
                    "remind_days": settings.FRESHNESS_REMIND_DAYS,
                    "hide_days": settings.FRESHNESS_HIDE_DAYS,
                    "link_days": settings.FRESHNESS_LINK_DAYS,
                    "login_url": settings.SITE_URL + reverse("bereich:uebersicht"),
                },
            )
            EmailMessage(subject, body, None, recipients).send(fail_silently=False)
            # Marked after each sent e-mail, so a failure later in the run loses nothing.
            Angebot.objects.filter(pk__in=[a.pk for a in angebote]).update(**mark)
            offers += len(angebote)
            actors += 1
        return offers, actors, skipped


def _recipients(akteur: Akteur) -> list[str]:
    """The actor's active members and its own address, each once."""
    emails = list(
        Membership.objects.filter(akteur=akteur, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    if akteur.email:
        emails.append(akteur.email)
    unique: dict[str, str] = {}
    for email in emails:
        unique.setdefault(email.lower(), email)
    return list(unique.values())
