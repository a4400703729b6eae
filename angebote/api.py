import json

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import renderers, serializers, viewsets

from angebote import selectors
from angebote.filters import AngebotFilter
from angebote.models import Angebot, Kategorie, Merkmal, Zeitfenster, Zielgruppe
from jena_sozialraum.page_cache import cached_file_response
from sozialraeume.api import PlaceSerializer


class GeoJSONRenderer(renderers.BaseRenderer):
    """Passes through GeoJSON that PostGIS already built; errors (dicts) become JSON."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str):
            return data.encode("utf-8")
        return json.dumps(data).encode("utf-8")


class VocabularySerializer(serializers.Serializer):
    code = serializers.SlugField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class KategorieSerializer(VocabularySerializer):
    pass


class ZeitfensterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zeitfenster
        fields = ["weekday", "opens", "closes"]


class AngebotSerializer(PlaceSerializer, serializers.ModelSerializer):
    akteur = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sozialraum = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    bezirk = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kategorien = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    zielgruppen = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    barrierefrei = serializers.SlugRelatedField(
        source="merkmale", slug_field="code", many=True, read_only=True
    )
    zeiten = ZeitfensterSerializer(many=True, read_only=True)
    hide_address = serializers.BooleanField(
        source="is_sensitive",
        read_only=True,
        help_text=(
            "No public address (set for the offer or its actor): street and postal code are "
            "empty, latitude/longitude are a point in the offer's district, the same for all "
            "such offers there. Contact goes through the contact point (`contact_*`)."
        ),
    )

    class Meta:
        model = Angebot
        fields = [
            "slug",
            "url",
            "title",
            "summary",
            "easy_summary",
            "description",
            "akteur",
            "kategorien",
            "zielgruppen",
            "barrierefrei",
            "place_kind",
            "street_address",
            "postal_code",
            "locality",
            "latitude",
            "longitude",
            "sozialraum",
            "bezirk",
            "zeiten",
            "by_appointment",
            "valid_from",
            "valid_until",
            "cost",
            "cost_amount",
            "cost_note",
            "registration_required",
            "languages",
            "phone",
            "email",
            "website",
            "hide_address",
            "contact_name",
            "contact_phone",
            "contact_email",
            "checked_on",
        ]


@extend_schema_view(
    list=extend_schema(
        description=(
            "Published offers, filtered like the /angebote/ page. With `format=geojson` the "
            "response is one GeoJSON FeatureCollection of all matching offers with a fixed "
            "place (not paginated), each feature carrying only `slug` and `title`. Offers "
            "without a public address stand at their district's point, also for `bbox` and "
            "the distance search (`lat`, `lon`, `umkreis`)."
        ),
        parameters=[
            OpenApiParameter("format", str, enum=["json", "geojson"], description="Output format")
        ],
    )
)
class AngebotViewSet(viewsets.ReadOnlyModelViewSet):
    """Published offers (Angebote)."""

    serializer_class = AngebotSerializer
    filterset_class = AngebotFilter
    lookup_field = "slug"
    renderer_classes = [renderers.JSONRenderer, GeoJSONRenderer]

    def get_queryset(self):
        return selectors.angebote_with_details(selectors.angebote_public()).order_by("title")

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == GeoJSONRenderer.format:
            return self.list_geojson(request)
        return super().list(request, *args, **kwargs)

    def list_geojson(self, request):
        now = timezone.localtime()
        # "Open now" changes by the minute, everything else at most by the day.
        moment = f"{now:%Y-%m-%d %H:%M}" if "jetzt" in request.GET else f"{now:%Y-%m-%d}"
        return cached_file_response(
            request,
            key=f"angebote.geojson|{moment}|{request.GET.urlencode()}",
            # Validation happens only when building: invalid filters raise (400) and never
            # leave a file, so a cached file stands for a valid query.
            build=lambda: selectors.angebote_geojson(
                self.filter_queryset(selectors.angebote_public())
            ),
            content_type=GeoJSONRenderer.media_type,
        )


class KategorieViewSet(viewsets.ReadOnlyModelViewSet):
    """The category taxonomy of offers."""

    serializer_class = KategorieSerializer
    queryset = Kategorie.objects.all()
    lookup_field = "code"
    pagination_class = None


class ZielgruppeViewSet(KategorieViewSet):
    """Target groups of offers."""

    queryset = Zielgruppe.objects.all()


class MerkmalViewSet(KategorieViewSet):
    """Accessibility features (codes for the `barrierefrei` filter)."""

    queryset = Merkmal.objects.all()
