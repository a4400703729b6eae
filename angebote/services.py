from collections.abc import Iterable
from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from angebote.models import Angebot, Kategorie, Merkmal, Zeitfenster, Zielgruppe
from jena_sozialraum.page_cache import clear_page_cache
from jena_sozialraum.slugs import unique_slug
from sozialraeume.models import Bezirk, User
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
