"""Hourly limits per client address for what anybody may send without an account: problem
reports, ideas, supports of ideas, abuse reports and room requests.

Each stored entry keeps a keyed hash of the client address (`ip_hash`, useless without
SECRET_KEY; emptied after IP_HASH_KEEP_DAYS by `manage.py forget_ip_hashes`). The count runs in
the database, so the limit holds across server processes, and a transaction-level advisory lock
per kind and address serialises parallel requests from one address until commit, so they
cannot all pass the count. The client address is REMOTE_ADDR only (see the views).
"""

import hashlib
import hmac
from datetime import timedelta
from enum import IntEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

RATE_LIMIT_CODE = "rate_limit"


class Scope(IntEnum):
    """First key of the two-key advisory lock: one per kind of entry, so a burst of one kind
    does not queue behind another from the same address."""

    PROBLEM_REPORT = 7100
    IDEA = 7101
    IDEA_SUPPORT = 7102
    IDEA_REPORT = 7103
    ROOM_REQUEST = 7104


def ip_hash(ip: str) -> str:
    """A keyed hash of the client IP: equal for one address, useless without SECRET_KEY."""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


def refuse_over_limit(
    scope: Scope, address_hash: str, entries: QuerySet, limit: int, message: str
) -> None:
    """Raise ValidationError (code "rate_limit") with `message` if `entries` (the rows of this
    kind) hold `limit` or more from this address within the last hour.

    Call inside transaction.atomic(), before saving the new entry: the lock is held until
    commit, so the next request from the address counts the new entry.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [scope, int(address_hash[:7], 16)])
    since = timezone.now() - timedelta(hours=1)
    if entries.filter(ip_hash=address_hash, created_at__gte=since).count() >= limit:
        raise ValidationError(message, code=RATE_LIMIT_CODE)
