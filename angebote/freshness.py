"""Signed "still current" links for reminder e-mails: valid FRESHNESS_LINK_DAYS, no login.

The token holds only the offer's primary key; the URL also carries the slug, and both must match.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from angebote.models import Angebot

SALT = "angebot-noch-aktuell"


class TokenExpired(Exception):
    """The link was genuine but is older than FRESHNESS_LINK_DAYS."""


class TokenInvalid(Exception):
    """The link was tampered with, belongs to another offer or the offer is gone."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def confirm_token(angebot: Angebot) -> str:
    return _signer().sign(str(angebot.pk))


def confirm_url(angebot: Angebot) -> str:
    """The absolute link for an e-mail, built on SITE_URL."""
    path = reverse(
        "angebote:noch-aktuell", kwargs={"slug": angebot.slug, "token": confirm_token(angebot)}
    )
    return settings.SITE_URL + path


def angebot_from_token(token: str) -> Angebot:
    """The offer a token was made for; raises TokenExpired or TokenInvalid."""
    try:
        pk = _signer().unsign(token, max_age=timedelta(days=settings.FRESHNESS_LINK_DAYS))
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except signing.BadSignature as error:
        raise TokenInvalid from error
    try:
        return Angebot.objects.get(pk=int(pk))
    except (ValueError, Angebot.DoesNotExist) as error:
        raise TokenInvalid from error
