import json
from functools import cached_property

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from jena_sozialraum.gis import web_geojson
from sozialraeume import selectors
from sozialraeume.filters import AkteurFilter, BezirkFilter
from sozialraeume.models import Akteur


@extend_schema_field(
    {
        "type": "object",
        "description": "GeoJSON geometry (WGS84), simplified for web maps",
        "properties": {"type": {"type": "string"}, "coordinates": {"type": "array"}},
        "nullable": True,
    }
)
class GeoJSONField(serializers.Field):
    """A geometry that PostGIS already serialised to a GeoJSON string (see web_geojson)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return json.loads(value) if value else None


class SozialraumSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    colour = serializers.CharField()
    residents = serializers.IntegerField(help_text="Residents in the latest year with figures")
    population_year = serializers.SerializerMethodField()
    bezirke = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    boundary = GeoJSONField(source="geojson")

    def get_population_year(self, obj) -> int | None:
        return self.context["population_year"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_bezirke(self, obj) -> list[int]:
        return [bezirk.number for bezirk in obj.bezirke.all()]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class BezirkSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="Official number of the statistical district")
    name = serializers.CharField()
    slug = serializers.SlugField()
    sozialraum = serializers.SlugField(source="sozialraum.slug")
    ortsteil = serializers.CharField()
    area_km2 = serializers.FloatField()
    residents = serializers.IntegerField(help_text="Residents in the latest year with figures")
    population_year = serializers.SerializerMethodField()
    geometry = GeoJSONField(source="geojson")

    def get_population_year(self, obj) -> int | None:
        return self.context["population_year"]


class PopulationYearMixin:
    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["population_year"] = self.population_year
        return context

    @cached_property
    def population_year(self) -> int | None:
        # Schema generation must not touch the database (it runs in `check --deploy`).
        if getattr(self, "swagger_fake_view", False):
            return None
        return selectors.latest_population_year()


class SozialraumViewSet(PopulationYearMixin, viewsets.ReadOnlyModelViewSet):
    """The five social spaces (Sozialräume) with residents and boundary."""

    serializer_class = SozialraumSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.sozialraeume_with_residents(self.population_year).annotate(
            geojson=web_geojson("boundary")
        )


class BezirkViewSet(PopulationYearMixin, viewsets.ReadOnlyModelViewSet):
    """The statistical districts (Bezirke) with residents and geometry."""

    serializer_class = BezirkSerializer
    filterset_class = BezirkFilter
    lookup_field = "number"

    def get_queryset(self):
        return (
            selectors.bezirke_with_residents(self.population_year)
            .select_related("sozialraum")
            .defer("geometry", "sozialraum__boundary")
            .annotate(geojson=web_geojson("geometry"))
            .order_by("number")
        )


class PlaceSerializer(serializers.Serializer):
    """The object's public page as `url` and its point as `latitude`/`longitude` (WGS84).

    An object without a public address (`is_sensitive`) shows no street and postal code, and
    its `public_point` (annotated by the viewset: the point of its district) as its point.
    """

    HIDDEN_WHEN_SENSITIVE = ("street_address", "postal_code")

    url = serializers.SerializerMethodField()
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def get_latitude(self, obj) -> float | None:
        point = self._point(obj)
        return point.y if point else None

    def get_longitude(self, obj) -> float | None:
        point = self._point(obj)
        return point.x if point else None

    def _point(self, obj):
        # No fallback to `point`: a missing annotation fails loudly instead of leaking.
        return obj.public_point if getattr(obj, "is_sensitive", False) else obj.point

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if getattr(instance, "is_sensitive", False):
            data.update({name: "" for name in self.HIDDEN_WHEN_SENSITIVE if name in data})
        return data


class AkteurSerializer(PlaceSerializer, serializers.ModelSerializer):
    sozialraeume = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    hide_address = serializers.BooleanField(
        read_only=True,
        help_text=(
            "No public address: street and postal code are empty, latitude/longitude are a "
            "point in the actor's district, not its place."
        ),
    )

    class Meta:
        model = Akteur
        fields = [
            "slug",
            "url",
            "name",
            "kind",
            "description",
            "street_address",
            "postal_code",
            "locality",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "hide_address",
            "sozialraeume",
        ]


class AkteurViewSet(viewsets.ReadOnlyModelViewSet):
    """Actors of the social-space network (Akteure)."""

    serializer_class = AkteurSerializer
    filterset_class = AkteurFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Akteur.objects.prefetch_related("sozialraeume")
            .annotate(public_point=selectors.akteur_public_point())
            .order_by("name")
        )
