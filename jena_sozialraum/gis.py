"""PostGIS functions the ORM does not ship, and how geometries are prepared for web maps."""

from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON, GeoFunc
from django.db.models import FloatField, Func, Value

# Simplification tolerance in degrees for shapes sent to web maps (10 to 15 m in Jena): shapes
# stay exact at street zoom while the payload shrinks several times.
WEB_SIMPLIFY_TOLERANCE = 0.00015
# Five decimals of a degree are about one metre.
WEB_PRECISION = 5


class GeodesicArea(Func):
    """Area in m² on the spheroid (ST_Area over geography); usable in a generated column."""

    function = "ST_Area"
    template = "%(function)s(%(expressions)s::geography)"
    output_field = FloatField()


class SimplifyPreserveTopology(GeoFunc):
    function = "ST_SimplifyPreserveTopology"


def web_geojson(field: str) -> AsGeoJSON:
    """A simplified GeoJSON geometry string built by PostGIS, for maps and the API."""
    simplified = SimplifyPreserveTopology(
        field, Value(WEB_SIMPLIFY_TOLERANCE), output_field=GeometryField(srid=settings.GEO_SRID)
    )
    return AsGeoJSON(simplified, precision=WEB_PRECISION)
