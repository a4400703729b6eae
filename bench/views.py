"""The comparison endpoint: what a straightforward DRF-GIS implementation would serve."""

from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from rest_framework.generics import ListAPIView
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from angebote.filters import AngebotFilter
from angebote.models import Angebot
from angebote.selectors import angebote_geojson, angebote_public


class BaselineFeatureSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Angebot
        geo_field = "point"
        id_field = False  # our FeatureCollection carries no feature id either
        fields = ["slug", "title"]


# Both comparison views answer uncached: the baseline is a straightforward implementation, and
# ours-uncached shows what our GeoJSON costs when it has to be built (every data change).
@method_decorator(never_cache, name="dispatch")
class BaselineGeoJSONView(ListAPIView):
    """Same rows as /api/v1/angebote/?format=geojson, serialised instance by instance."""

    serializer_class = BaselineFeatureSerializer
    pagination_class = None

    def get_queryset(self):
        return angebote_public().filter(point__isnull=False)


@never_cache
def geojson_uncached(request):
    """Our GeoJSON (same FilterSet and PostGIS query) without the portal's file cache."""
    filterset = AngebotFilter(request.GET, queryset=angebote_public())
    return HttpResponse(angebote_geojson(filterset.qs), content_type="application/geo+json")
