"""Reads for rooms: which rooms are free for a whole period, a room's week, its bookings."""

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from angebote.models import Raum, Raumanfrage, Raumzeit, Sperrzeit
from angebote.services_raeume import local_period


def raeume_public() -> QuerySet[Raum]:
    return Raum.objects.filter(is_active=True)


def raeume_with_details(queryset: QuerySet[Raum]) -> QuerySet[Raum]:
    return queryset.select_related("akteur", "sozialraum", "bezirk").prefetch_related(
        "merkmale",
        "ausstattung",
        "fotos",
        Prefetch("zeiten", queryset=Raumzeit.objects.order_by("weekday", "opens")),
    )


def raeume_free(
    queryset: QuerySet[Raum], start: datetime, end: datetime, now: datetime | None = None
) -> QuerySet[Raum]:
    """Rooms that can be requested for the whole period [start, end): bookable then (one
    local day inside a window of that weekday, enough notice, not too far ahead), not blocked
    and without an accepted booking overlapping it, not even by a minute.

    The same rules as services_raeume.period_problems, in SQL for the search.
    """
    now = now or timezone.now()
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if end <= start or start < now or local_start.date() != local_end.date():
        return queryset.none()
    period = local_period(start, end)
    hours_ahead = (start - now).total_seconds() / 3600
    days_ahead = (start - now).total_seconds() / 86400
    bookable = Raumzeit.objects.filter(
        raum=OuterRef("pk"),
        weekday=local_start.isoweekday(),
        opens__lte=local_start.time(),
        closes__gte=local_end.time(),
    )
    blocked = Sperrzeit.objects.filter(raum=OuterRef("pk"), period__overlap=period)
    booked = Raumanfrage.objects.filter(
        raum=OuterRef("pk"), status=Raumanfrage.Status.ACCEPTED, period__overlap=period
    )
    return queryset.filter(
        Exists(bookable),
        min_notice_hours__lte=hours_ahead,
        max_days_ahead__gte=days_ahead,
    ).exclude(Exists(blocked) | Exists(booked))


def raum_week(raum: Raum, monday: date) -> list[dict]:
    """Seven days from `monday`: bookable windows and occupied periods (accepted bookings and
    blocked periods), local times, without who booked. For the room's week view."""
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(monday + timedelta(days=7), datetime.min.time()))
    week = local_period(start, end)
    busy = [
        (a.period.lower, a.period.upper, "booked")
        for a in raum.anfragen.filter(status=Raumanfrage.Status.ACCEPTED, period__overlap=week)
    ] + [
        (s.period.lower, s.period.upper, "blocked")
        for s in raum.sperrzeiten.filter(period__overlap=week)
    ]
    windows = list(raum.zeiten.all())
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        day_start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
        day_end = timezone.make_aware(
            datetime.combine(day + timedelta(days=1), datetime.min.time())
        )
        days.append(
            {
                "date": day,
                "windows": [w for w in windows if w.weekday == day.isoweekday()],
                "occupied": [
                    {
                        "start": timezone.localtime(max(lower, day_start)),
                        "end": timezone.localtime(min(upper, day_end)),
                        "kind": kind,
                    }
                    for lower, upper, kind in sorted(busy)
                    if lower < day_end and upper > day_start
                ],
            }
        )
    return days
