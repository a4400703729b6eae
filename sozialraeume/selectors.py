import json
from typing import NamedTuple

from django.conf import settings
from django.contrib.gis.db.models import PointField
from django.contrib.gis.db.models.functions import PointOnSurface
from django.contrib.gis.geos import Point
from django.db.models import Case, F, Max, OuterRef, Prefetch, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce

from jena_sozialraum.gis import web_geojson
from sozialraeume.models import Bezirk, Population, Sozialraum


class Location(NamedTuple):
    bezirk: Bezirk
    sozialraum: Sozialraum


def locate(point: Point) -> Location | None:
    """The district and social space a point lies in, or None outside the city (one query).

    A point exactly on a shared border belongs to the district with the lower number, so the
    answer is always the same.
    """
    bezirk = (
        Bezirk.objects.select_related("sozialraum")
        .filter(geometry__intersects=point)
        .order_by("number")
        .first()
    )
    if bezirk is None:
        return None
    return Location(bezirk=bezirk, sozialraum=bezirk.sozialraum)


def akteur_public_point() -> Case:
    """Where the public may see an actor: its point, or without a public address the point on
    surface of the district it lies in (as angebote.selectors.public_point for offers)."""
    district = Bezirk.objects.filter(geometry__intersects=OuterRef("point")).order_by("number")
    return Case(
        When(
            hide_address=True,
            then=Subquery(district.values(centre=PointOnSurface("geometry"))[:1]),
        ),
        default=F("point"),
        output_field=PointField(srid=settings.GEO_SRID),
    )


def latest_population_year() -> int | None:
    return Population.objects.aggregate(year=Max("year"))["year"]


def bezirke_with_residents(year: int | None) -> QuerySet[Bezirk]:
    """Districts annotated with `residents` in `year` (0 where no figure exists)."""
    residents = Population.objects.filter(bezirk=OuterRef("pk"), year=year).values("residents")
    return Bezirk.objects.annotate(residents=Coalesce(Subquery(residents[:1]), 0))


def sozialraeume_with_residents(year: int | None) -> QuerySet[Sozialraum]:
    """Social spaces annotated with `residents` in `year`, their districts prefetched likewise."""
    residents = (
        Population.objects.filter(bezirk__sozialraum=OuterRef("pk"), year=year)
        .values("bezirk__sozialraum")
        .annotate(total=Sum("residents"))
        .values("total")
    )
    return (
        Sozialraum.objects.annotate(residents=Coalesce(Subquery(residents[:1]), 0))
        .prefetch_related(
            Prefetch("bezirke", queryset=bezirke_with_residents(year).defer("geometry"))
        )
        .defer("boundary")
    )


def sozialraum_population_series(sozialraum: Sozialraum) -> list[dict]:
    """Residents of a social space per year, oldest first: [{"year": 2007, "residents": 1234}]."""
    return list(
        Population.objects.filter(bezirk__sozialraum=sozialraum)
        .values("year")
        .annotate(residents=Sum("residents"))
        .order_by("year")
    )


def map_layers(sozialraeume: QuerySet[Sozialraum]) -> dict:
    """GeoJSON FeatureCollections of the given social spaces and their districts for a web map.

    PostGIS simplifies and serialises the geometries (two queries); Python only wraps them.
    """
    spaces = sozialraeume.annotate(
        geojson=web_geojson("boundary"), label=PointOnSurface("boundary")
    )
    bezirke = (
        Bezirk.objects.filter(sozialraum__in=sozialraeume)
        .annotate(geojson=web_geojson("geometry"))
        .select_related("sozialraum")
        .only("number", "name", "slug", "sozialraum__slug", "sozialraum__name")
    )
    return {
        "sozialraeume": _feature_collection(
            (
                space.geojson,
                {
                    "slug": space.slug,
                    "name": space.name,
                    "colour": space.colour,
                    "url": space.get_absolute_url(),
                    "label": [space.label.y, space.label.x] if space.label else None,
                },
            )
            for space in spaces.only("name", "slug", "colour")
        ),
        "bezirke": _feature_collection(
            (
                bezirk.geojson,
                {
                    "number": bezirk.number,
                    "name": bezirk.name,
                    "sozialraum": bezirk.sozialraum.slug,
                    "sozialraum_name": bezirk.sozialraum.name,
                },
            )
            for bezirk in bezirke
        ),
    }


def _feature_collection(items) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": json.loads(geometry), "properties": properties}
            for geometry, properties in items
            if geometry
        ],
    }
