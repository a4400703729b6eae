"""The comparison endpoint: what a straightforward DRF-GIS implementation would serve."""

from rest_framework.generics import ListAPIView
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from angebote.models import Angebot
from angebote.selectors import angebote_public


class BaselineFeatureSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Angebot
        geo_field = "point"
        id_field = False  # our FeatureCollection carries no feature id either
        fields = ["slug", "title"]


class BaselineGeoJSONView(ListAPIView):
    """Same rows as /api/v1/angebote/?format=geojson, serialised instance by instance."""

    serializer_class = BaselineFeatureSerializer
    pagination_class = None

    def get_queryset(self):
        return angebote_public().filter(point__isnull=False)
