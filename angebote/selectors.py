from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.gis.db.models import PointField
from django.contrib.gis.db.models.functions import AsGeoJSON, PointOnSurface
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, When
from django.utils import timezone

from angebote.models import CONTENT_FIELDS, M2M_FIELDS, Angebot, Zeitfenster


def checked_since(day: date) -> Q:
    """Offers checked on or after `day`; never checked ones count from the day they were made."""
    return Q(checked_on__gte=day) | Q(checked_on__isnull=True, created_at__date__gte=day)


def angebote_public(today: date | None = None) -> QuerySet[Angebot]:
    """Offers residents may see: published, not expired and checked within FRESHNESS_HIDE_DAYS.

    Stale offers stay in the database with their status; confirming them shows them again.
    """
    today = today or timezone.localdate()
    fresh_since = today - timedelta(days=settings.FRESHNESS_HIDE_DAYS)
    return (
        Angebot.objects.filter(status=Angebot.Status.PUBLISHED)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(checked_since(fresh_since))
    )


# Offers without a public address (issue 7): their own flag or their actor's.
SENSITIVE = Q(hide_address=True) | Q(akteur__hide_address=True)


def public_point() -> Case:
    """Where the public may see an offer: its own point, or for a sensitive offer the point
    on surface of its district (inside it, and the same for every sensitive offer there, so
    nothing about the exact place can be learnt from maps, downloads or distance searches).

    Annotated as `public_point` by angebote_with_details(); every public output of a place
    (pages, API, GeoJSON, downloads, filters) uses it instead of `point`.
    """
    return Case(
        When(SENSITIVE, then=PointOnSurface("bezirk__geometry")),
        default=F("point"),
        output_field=PointField(srid=settings.GEO_SRID),
    )


def angebote_unchecked(days: int, today: date | None = None) -> QuerySet[Angebot]:
    """Published, not expired offers whose last check is more than `days` days ago."""
    today = today or timezone.localdate()
    return (
        Angebot.objects.filter(status=Angebot.Status.PUBLISHED)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exclude(checked_since(today - timedelta(days=days)))
    )


def angebote_with_details(queryset: QuerySet[Angebot]) -> QuerySet[Angebot]:
    """Everything a list entry or detail page shows, in a fixed number of queries."""
    return (
        queryset.select_related("akteur", "sozialraum", "bezirk")
        .prefetch_related(
            "kategorien",
            "merkmale",
            "zielgruppen",
            Prefetch("zeiten", queryset=Zeitfenster.objects.order_by("weekday", "opens")),
        )
        .annotate(public_point=public_point())
    )


def open_at(moment: datetime) -> Exists:
    """Offers with a weekly window covering `moment` in local time (Europe/Berlin).

    A window whose closing time is before its opening time runs past midnight, so it also
    covers the early hours of the following day. Wall-clock times make DST changes harmless.
    """
    local = timezone.localtime(moment)
    day, now = local.isoweekday(), local.time()
    yesterday = 7 if day == 1 else day - 1
    overnight = Q(closes__lt=F("opens"))
    started_today = Q(weekday=day, opens__lte=now) & (Q(closes__gt=now) | overnight)
    started_yesterday = Q(weekday=yesterday, closes__gt=now) & overnight
    return Exists(
        Zeitfenster.objects.filter(angebot=OuterRef("pk")).filter(started_today | started_yesterday)
    )


def open_on(weekday: int) -> Exists:
    return Exists(Zeitfenster.objects.filter(angebot=OuterRef("pk"), weekday=weekday))


def angebote_geojson(queryset: QuerySet[Angebot]) -> str:
    """A GeoJSON FeatureCollection of the offers' points, built by PostGIS in one query.

    Each feature carries only what a marker needs (slug and title); details load on click.
    Sensitive offers stand at their district's point (public_point).
    """
    inner = (
        queryset.alias(place=public_point())
        .filter(place__isnull=False)
        .order_by()
        .annotate(geojson=AsGeoJSON("place", precision=5))
        .values("slug", "title", "geojson")
    )
    sql, params = inner.query.sql_with_params()
    wrapper = (
        "SELECT json_build_object('type', 'FeatureCollection', 'features', "
        "COALESCE(json_agg(json_build_object('type', 'Feature', "
        "'geometry', t.geojson::json, "
        "'properties', json_build_object('slug', t.slug, 'title', t.title))), '[]'::json))::text "
        f"FROM ({sql}) AS t"
    )
    with connection.cursor() as cursor:
        cursor.execute(wrapper, params)
        return cursor.fetchone()[0]


def angebot_jsonld(angebot: Angebot, url: str) -> dict:
    """schema.org description of an offer (a Service with place, hours and provider)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": angebot.title,
        "description": angebot.summary,
        "url": url,
        "provider": {"@type": "Organization", "name": angebot.akteur.name},
        "areaServed": {"@type": "Place", "name": f"Jena, Sozialraum {angebot.sozialraum.name}"},
        "isAccessibleForFree": angebot.is_free,
        "serviceType": [kategorie.name for kategorie in angebot.kategorien.all()],
        "availableLanguage": angebot.languages,
    }
    if angebot.point:
        data["availableChannel"] = {
            "@type": "ServiceChannel",
            "serviceLocation": _jsonld_place(angebot),
        }
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    data["hoursAvailable"] = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{days[window.weekday - 1]}",
            "opens": window.opens.strftime("%H:%M"),
            "closes": window.closes.strftime("%H:%M"),
        }
        for window in angebot.zeiten.all()
    ]
    if angebot.phone:
        data["provider"]["telephone"] = angebot.phone
    if angebot.email:
        data["provider"]["email"] = angebot.email
    if angebot.has_contact_point:
        contact = {
            "name": angebot.contact_name,
            "telephone": angebot.contact_phone,
            "email": angebot.contact_email,
        }
        data["provider"]["contactPoint"] = {
            "@type": "ContactPoint",
            **{key: value for key, value in contact.items() if value},
        }
    return data


def _jsonld_place(angebot: Angebot) -> dict:
    """The offer's place; without a public address only its district and public point."""
    address = {
        "@type": "PostalAddress",
        "addressLocality": angebot.locality,
        "addressCountry": "DE",
    }
    place = {"@type": "Place", "address": address}
    if angebot.is_sensitive:
        place["name"] = f"{angebot.locality}, {angebot.bezirk.name}" if angebot.bezirk else ""
    else:
        address.update(streetAddress=angebot.street_address, postalCode=angebot.postal_code)
    point = angebot.public_point
    if point:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": round(point.y, 6),
            "longitude": round(point.x, 6),
        }
    return place


def angebot_changes(draft: Angebot) -> list[dict]:
    """What a pending change would change in its published offer: [{label, old, new}].

    Only fields that differ are listed, in the order of the form, values as display text;
    relations and weekly times are compared as lists of names.
    """
    original = draft.draft_of
    changes = []
    for name in CONTENT_FIELDS:
        field = Angebot._meta.get_field(name)
        if name in M2M_FIELDS:
            old = sorted(str(item) for item in getattr(original, name).all())
            new = sorted(str(item) for item in getattr(draft, name).all())
            if old != new:
                changes.append(_change(field.verbose_name, old, new))
            continue
        old, new = getattr(original, name), getattr(draft, name)
        if name == "point":
            old, new = _point_text(old), _point_text(new)
        if old != new:
            if field.choices:
                old = getattr(original, f"get_{name}_display")()
                new = getattr(draft, f"get_{name}_display")()
            changes.append(_change(field.verbose_name, old, new))
    old_times = [str(window) for window in original.zeiten.all()]
    new_times = [str(window) for window in draft.zeiten.all()]
    if old_times != new_times:
        changes.append(_change(Zeitfenster._meta.verbose_name_plural, old_times, new_times))
    return changes


def _change(label, old, new) -> dict:
    def text(value) -> str:
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return "" if value is None else str(value)

    return {"label": label, "old": text(old), "new": text(new)}


def _point_text(point) -> str:
    return "" if point is None else f"{point.y:.5f}, {point.x:.5f}"
