"""Rooms in the read-only API, filtered like the /raeume/ page (same RaumFilter)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from angebote.api import KategorieViewSet
from angebote.filters_raeume import RaumFilter
from angebote.models import Ausstattung, Raum, Raumfoto, Raumzeit
from angebote.selectors_raeume import raeume_public, raeume_with_details
from sozialraeume.api import PlaceSerializer


class RaumzeitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Raumzeit
        fields = ["weekday", "opens", "closes"]


class RaumfotoSerializer(serializers.ModelSerializer):
    image = serializers.ImageField(read_only=True)

    class Meta:
        model = Raumfoto
        fields = ["image", "alt_text"]


# Offers have a "cost" enum of their own; two enums behind one field name make drf-spectacular
# warn about the naming collision. Wrapped in allOf, the room's enum stays inline. (An entry in
# SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] would make this field unnecessary.)
@extend_schema_field(
    {
        "allOf": [{"type": "string", "enum": Raum.Cost.values}],
        "description": "kostenlos (free), pro-stunde (price_per_hour), auf-anfrage (on request)",
    }
)
class RaumCostField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Raum.Cost.choices, read_only=True, **kwargs)


class RaumSerializer(PlaceSerializer, serializers.ModelSerializer):
    """A room that an actor shares; `url` is its page with the week view."""

    cost = RaumCostField()
    akteur = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sozialraum = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    bezirk = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    barrierefrei = serializers.SlugRelatedField(
        source="merkmale", slug_field="code", many=True, read_only=True
    )
    ausstattung = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    zeiten = RaumzeitSerializer(many=True, read_only=True)
    fotos = RaumfotoSerializer(many=True, read_only=True)
    belegung = serializers.SerializerMethodField(
        help_text="iCalendar feed of the occupied periods (no personal data)"
    )

    class Meta:
        model = Raum
        fields = [
            "slug",
            "url",
            "name",
            "description",
            "akteur",
            "street_address",
            "postal_code",
            "locality",
            "latitude",
            "longitude",
            "sozialraum",
            "bezirk",
            "capacity",
            "area_m2",
            "barrierefrei",
            "ausstattung",
            "cost",
            "price_per_hour",
            "usage",
            "zeiten",
            "min_notice_hours",
            "max_days_ahead",
            "fotos",
            "belegung",
        ]

    def get_belegung(self, obj: Raum) -> str:
        path = reverse("raeume:belegung", kwargs={"slug": obj.slug})
        return self.context["request"].build_absolute_uri(path)


@extend_schema_view(
    list=extend_schema(
        description=(
            "Active rooms, filtered like the /raeume/ page. `von` and `bis` (both or neither, "
            "local time in Jena, e.g. `2026-12-01T18:00`) keep only rooms that can be requested "
            "for that whole period: bookable then, with enough notice, not blocked and without "
            "an accepted booking overlapping it. Bookings themselves are not published; the "
            "occupied periods of one room are in its `belegung` iCalendar feed."
        )
    )
)
class RaumViewSet(viewsets.ReadOnlyModelViewSet):
    """Rooms that actors share (Räume)."""

    serializer_class = RaumSerializer
    filterset_class = RaumFilter
    lookup_field = "slug"

    def get_queryset(self):
        return raeume_with_details(raeume_public()).order_by("name", "pk")


class AusstattungViewSet(KategorieViewSet):
    """Equipment of rooms (codes for the `ausstattung` filter of rooms)."""

    queryset = Ausstattung.objects.all()
