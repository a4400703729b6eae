"""Daily by cron: empty the keyed IP hashes older than IP_HASH_KEEP_DAYS.

The hashes only serve the hourly limits (jena_sozialraum.ratelimit) on ideas, supports,
problem reports, abuse reports and room requests without an account; after that they would
only tell which entries came from the same connection. They are kept out of the audit trail,
so emptying them here removes them.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from angebote.models import Problemmeldung, Raumanfrage
from sozialraeume.models import Idee, IdeeMeldung, IdeeUnterstuetzung

MODELS = [Idee, IdeeUnterstuetzung, IdeeMeldung, Problemmeldung, Raumanfrage]


class Command(BaseCommand):
    help = "Empty the IP address hashes of the rate limits after IP_HASH_KEEP_DAYS (run daily)."

    def handle(self, *args, **options):
        before = timezone.now() - timedelta(days=settings.IP_HASH_KEEP_DAYS)
        with transaction.atomic():
            for model in MODELS:
                # A queryset update: no save(), no audit-trail entry, no cleared page cache.
                count = (
                    model.objects.filter(created_at__lt=before)
                    .exclude(ip_hash="")
                    .update(ip_hash="")
                )
                self.stdout.write(f"{model._meta.verbose_name_plural}: {count}")
