from collections.abc import Iterable
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from angebote.models import (
    CONTENT_FIELDS,
    M2M_FIELDS,
    Angebot,
    Kategorie,
    Merkmal,
    Zeitfenster,
    Zielgruppe,
)
from jena_sozialraum.page_cache import clear_page_cache
from jena_sozialraum.slugs import unique_slug
from sozialraeume.models import Akteur, Bezirk, User
from sozialraeume.permissions import can_edit_akteur_content, is_fachdienst
from sozialraeume.selectors import locate


def angebot_locate(angebot: Angebot) -> None:
    """Set district and social space from the point (one PostGIS query).

    Without a fixed place the district is empty and the chosen social space stays.
    """
    if angebot.point is None:
        angebot.bezirk = None
        return
    location = locate(angebot.point)
    if location is None:
        raise ValidationError({"point": _("Dieser Ort liegt nicht in Jena.")})
    angebot.bezirk = location.bezirk
    angebot.sozialraum = location.sozialraum


@transaction.atomic
def angebot_save(
    *,
    angebot: Angebot,
    kategorien: Iterable[Kategorie] | None = None,
    zielgruppen: Iterable[Zielgruppe] | None = None,
    merkmale: Iterable[Merkmal] | None = None,
    zeiten: Iterable[tuple[int, time, time]] | None = None,
) -> Angebot:
    """Create or update an offer with its vocabularies and weekly times.

    Relations given as None stay as they are; given ones are replaced.
    """
    if angebot.place_kind != Angebot.PlaceKind.ON_SITE:
        angebot.point = None
    angebot_locate(angebot)
    if not angebot.slug:
        angebot.slug = unique_slug(Angebot, angebot.title, exclude_pk=angebot.pk)
    angebot.full_clean()
    angebot.save()
    if kategorien is not None:
        angebot.kategorien.set(kategorien)
    if zielgruppen is not None:
        angebot.zielgruppen.set(zielgruppen)
    if merkmale is not None:
        angebot.merkmale.set(merkmale)
    if zeiten is not None:
        angebot.zeiten.all().delete()
        windows = [
            Zeitfenster(angebot=angebot, weekday=weekday, opens=opens, closes=closes)
            for weekday, opens, closes in zeiten
        ]
        for window in windows:
            window.full_clean(exclude=["angebot"])
        bulk_create_with_history(windows, Zeitfenster)
    return angebot


def angebote_locate_all(queryset: QuerySet[Angebot]) -> int:
    """Set district and social space of many offers from their points (two UPDATEs).

    For bulk loads (demo data, imports); offers without a point keep their social space.
    """
    with_point = Angebot.objects.filter(pk__in=queryset.values("pk"), point__isnull=False)
    district = Bezirk.objects.filter(geometry__intersects=OuterRef("point")).order_by("number")
    count = with_point.update(bezirk=Subquery(district.values("pk")[:1]))
    with_point.filter(bezirk__isnull=False).update(
        sozialraum=Subquery(Bezirk.objects.filter(pk=OuterRef("bezirk")).values("sozialraum")[:1])
    )
    clear_page_cache()  # bulk updates send no signals
    return count


@transaction.atomic
def angebot_confirm_current(*, angebot: Angebot, user: User | None = None) -> Angebot:
    """The provider confirms the offer is still current: checked today, visible again.

    `user` is None for the signed link in a reminder e-mail; the history then records no one.
    """
    angebot.checked_on = timezone.localdate()
    # The next time the offer goes stale, send_reminders reminds and notifies again.
    angebot.reminded_on = None
    angebot.hidden_notice_on = None
    if user is not None:
        angebot._history_user = user  # read by django-simple-history for the audit trail
    angebot.full_clean()
    # Only the date: a reminder link must not overwrite an edit made meanwhile.
    angebot.save(update_fields=["checked_on", "reminded_on", "hidden_notice_on", "updated_at"])
    return angebot


# --- Provider workflow and moderation ------------------------------------------------------
#
# The published row is always the approved version. New offers are drafts until published;
# a change to a published offer by an actor that is not trusted is saved as a draft copy
# (draft_of = the published offer) and replaces the published content only when approved.


def publishes_directly(user: User, akteur: Akteur) -> bool:
    """Trusted actors and the Fachdienst publish without review (still recorded)."""
    return akteur.is_trusted or is_fachdienst(user)


def angebot_version_to_edit(*, angebot: Angebot, user: User) -> Angebot:
    """The row a provider's edit goes to: the offer itself, or its (possibly new) draft copy.

    A new copy is unsaved; its relations are copied by `angebot_edit`.
    """
    if angebot.status != Angebot.Status.PUBLISHED or publishes_directly(user, angebot.akteur):
        return angebot
    try:
        return angebot.pending_change
    except Angebot.DoesNotExist:
        pass
    copy = Angebot(
        draft_of=angebot,
        akteur=angebot.akteur,
        status=Angebot.Status.DRAFT,
        checked_on=angebot.checked_on,
        is_sample=angebot.is_sample,
        **{name: getattr(angebot, name) for name in CONTENT_FIELDS if name not in M2M_FIELDS},
    )
    return copy


@transaction.atomic
def angebot_edit(
    *,
    angebot: Angebot,
    user: User,
    kategorien: Iterable[Kategorie],
    zielgruppen: Iterable[Zielgruppe],
    merkmale: Iterable[Merkmal],
    zeiten: Iterable[tuple[int, time, time]],
) -> Angebot:
    """Save a provider's form: a new draft, an edited draft, a pending change or (for trusted
    actors and the Fachdienst) a published offer. Editing counts as checking the offer."""
    if not can_edit_akteur_content(user, angebot.akteur):
        raise PermissionDenied("Not a member of this actor.")
    if angebot.pk is None and angebot.draft_of_id is None:
        angebot.status = Angebot.Status.DRAFT
    if angebot.status == Angebot.Status.PUBLISHED and not publishes_directly(user, angebot.akteur):
        raise PermissionDenied("Changes of this actor's published offers need review.")
    angebot.checked_on = timezone.localdate()
    angebot._history_user = user
    saved = angebot_save(
        angebot=angebot,
        kategorien=kategorien,
        zielgruppen=zielgruppen,
        merkmale=merkmale,
        zeiten=zeiten,
    )
    if saved.draft_of_id is not None and saved.hide_address:
        _hide_published_address(saved.draft_of_id, user=user)
    return saved


def _hide_published_address(pk: int, *, user: User) -> None:
    """Hiding the address protects people, so it takes effect at once, without review: the
    published offer loses its public address now, the rest of the change waits. Showing an
    address again waits for review like every other change."""
    published = Angebot.objects.select_for_update().get(pk=pk)
    if published.hide_address:
        return
    published.hide_address = True
    published._history_user = user
    published._change_reason = _("Adresse sofort verborgen, die übrige Änderung wartet auf Prüfung")
    published.save(update_fields=["hide_address", "updated_at"])


@transaction.atomic
def angebot_submit(*, angebot: Angebot, user: User) -> Angebot:
    """The provider asks to publish a draft: directly for trusted actors, else into review."""
    angebot = Angebot.objects.select_for_update().get(pk=angebot.pk)
    if not can_edit_akteur_content(user, angebot.akteur):
        raise PermissionDenied("Not a member of this actor.")
    if angebot.status != Angebot.Status.DRAFT:
        raise ValidationError(_("Nur ein Entwurf kann eingereicht werden."), code="status")
    angebot._history_user = user
    if publishes_directly(user, angebot.akteur):
        return _publish(angebot, user=user, reason=_("Direkt veröffentlicht"))
    angebot.status = Angebot.Status.REVIEW
    angebot.review_comment = ""
    angebot._change_reason = _("Zur Prüfung eingereicht")
    angebot.save(update_fields=["status", "review_comment", "updated_at"])
    return angebot


@transaction.atomic
def angebot_approve(*, angebot: Angebot, user: User, seen: datetime | None = None) -> Angebot:
    """The Fachdienst approves an offer or change in review; returns the published offer.

    `seen` is the version (updated_at) the moderator looked at: if the provider changed it
    meanwhile, approving is refused so nobody approves what they have not seen.
    """
    if not is_fachdienst(user):
        raise PermissionDenied("Only the Fachdienst moderates.")
    angebot = Angebot.objects.select_for_update().get(pk=angebot.pk)
    if angebot.status != Angebot.Status.REVIEW:
        raise ValidationError(_("Dieses Angebot wartet nicht auf eine Prüfung."), code="status")
    if seen is not None and angebot.updated_at != seen:
        raise ValidationError(
            _("Das Angebot wurde inzwischen geändert. Bitte sehen Sie es sich noch einmal an."),
            code="changed",
        )
    published = _publish(angebot, user=user, reason=_("Freigegeben"))
    _notify_members(published, "angebote/mail/freigegeben.txt", _("Ihr Angebot ist freigegeben"))
    return published


@transaction.atomic
def angebot_return(*, angebot: Angebot, user: User, comment: str) -> Angebot:
    """The Fachdienst sends an offer or change back to the provider with a comment."""
    if not is_fachdienst(user):
        raise PermissionDenied("Only the Fachdienst moderates.")
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Bitte schreiben Sie, was geändert werden soll.")}, code="required"
        )
    angebot = Angebot.objects.select_for_update().get(pk=angebot.pk)
    if angebot.status != Angebot.Status.REVIEW:
        raise ValidationError(_("Dieses Angebot wartet nicht auf eine Prüfung."), code="status")
    angebot.status = Angebot.Status.DRAFT
    angebot.review_comment = comment
    angebot._history_user = user
    angebot._change_reason = _("Zur Überarbeitung zurückgegeben")
    angebot.save(update_fields=["status", "review_comment", "updated_at"])
    _notify_members(
        angebot, "angebote/mail/zurueckgegeben.txt", _("Bitte überarbeiten Sie Ihr Angebot")
    )
    return angebot


@transaction.atomic
def angebot_archive(*, angebot: Angebot, user: User) -> Angebot:
    """Take an offer off the portal (it ended). Always allowed without review; kept in the
    database and the audit trail. A pending change of it is discarded."""
    if not can_edit_akteur_content(user, angebot.akteur):
        raise PermissionDenied("Not a member of this actor.")
    if angebot.draft_of_id is not None:
        raise ValidationError(_("Eine Änderung kann nicht archiviert werden."), code="status")
    Angebot.objects.filter(draft_of=angebot).delete()
    angebot.status = Angebot.Status.ARCHIVED
    angebot._history_user = user
    angebot.save(update_fields=["status", "updated_at"])
    return angebot


def _publish(angebot: Angebot, *, user: User, reason: str) -> Angebot:
    """Publish a draft or review item: a new offer goes live, a change replaces its original."""
    if angebot.draft_of_id is None:
        angebot.status = Angebot.Status.PUBLISHED
        angebot.review_comment = ""
        angebot.checked_on = angebot.checked_on or timezone.localdate()
        angebot._history_user = user
        angebot._change_reason = reason
        angebot.save(update_fields=["status", "review_comment", "checked_on", "updated_at"])
        return angebot
    original = Angebot.objects.select_for_update().get(pk=angebot.draft_of_id)
    for name in CONTENT_FIELDS:
        if name not in M2M_FIELDS:
            setattr(original, name, getattr(angebot, name))
    original.checked_on = angebot.checked_on
    author = User.objects.filter(
        pk__in=angebot.history.order_by("-history_date").values("history_user")[:1]
    ).first()
    original._history_user = user
    original._change_reason = _("Änderung von %(author)s freigegeben") % {
        "author": author.email if author else "?"
    }
    zeiten = [(z.weekday, z.opens, z.closes) for z in angebot.zeiten.all()]
    relations = {name: list(getattr(angebot, name).all()) for name in M2M_FIELDS}
    angebot.delete()
    return angebot_save(angebot=original, zeiten=zeiten, **relations)


def _notify_members(angebot: Angebot, template: str, subject: str) -> None:
    recipients = list(
        User.objects.filter(memberships__akteur_id=angebot.akteur_id, is_active=True).values_list(
            "email", flat=True
        )
    )
    if not recipients:
        return
    context = {
        "angebot": angebot,
        "link": settings.SITE_URL + reverse("bereich:angebot", kwargs={"pk": angebot.pk}),
    }
    body = render_to_string(template, context)
    transaction.on_commit(lambda: send_mail(f"{subject}: {angebot.title}", body, None, recipients))
