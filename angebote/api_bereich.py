"""Providers keep their offers current through the API: /api/v1/eigene-angebote/.

The same rules and services as the HTML provider area (views_bereich.py): offers of other
actors are not found (404, never 403); new offers are drafts until submitted; a change to a
published offer of an actor that is not trusted leaves the public offer as it is and is kept
as a pending change (answer 202 with `pending_change`), which the provider submits with
`einreichen/` and the Fachdienst approves.
"""

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from angebote import selectors, services
from angebote.api import ZeitfensterSerializer
from angebote.forms_ort import LATITUDE_RANGE, LONGITUDE_RANGE
from angebote.models import Angebot, Kategorie, Merkmal, Zielgruppe
from angebote.views_bereich import akteure_for_new_offers, editable_angebote
from sozialraeume.models import Akteur, Sozialraum

RELATIONS = ("kategorien", "zielgruppen", "merkmale")
# Fields that describe the record rather than the offer; a pending change does not list them.
RECORD_FIELDS = {"id", "slug", "url", "status", "akteur", "checked_on", "review_comment"}
# Service errors name model fields; the API names some of them differently.
API_FIELD_NAMES = {"point": "latitude", "merkmale": "barrierefrei"}


class ZeitfensterWriteSerializer(ZeitfensterSerializer):
    def validate(self, attrs):
        if attrs["opens"] == attrs["closes"]:
            raise serializers.ValidationError(
                {"closes": _("Beginn und Ende dürfen nicht gleich sein.")}
            )
        return attrs


class CoordinateField(serializers.FloatField):
    """Latitude or longitude (WGS84) of the offer's point: read from it, written in pairs."""

    def __init__(self, axis: str, **kwargs):
        self.axis = axis
        super().__init__(required=False, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        point = instance.point
        return None if point is None else getattr(point, self.axis)


class AngebotContentSerializer(serializers.ModelSerializer):
    """An offer as its provider sees and writes it."""

    akteur = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Akteur.objects.none(),  # the actors the user may edit, see get_fields()
        help_text="Slug of the actor offering it; one of your own. Ignored on update.",
    )
    kategorien = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Kategorie.objects.all(), allow_empty=False
    )
    zielgruppen = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Zielgruppe.objects.all(), required=False
    )
    barrierefrei = serializers.SlugRelatedField(
        source="merkmale",
        slug_field="code",
        many=True,
        queryset=Merkmal.objects.all(),
        required=False,
    )
    # The bounding box of the HTML form; whether the place is in Jena the service checks.
    latitude = CoordinateField(
        "y",
        min_value=float(LATITUDE_RANGE[0]),
        max_value=float(LATITUDE_RANGE[1]),
        help_text="WGS84; give latitude and longitude together (both null removes the place).",
    )
    longitude = CoordinateField(
        "x",
        min_value=float(LONGITUDE_RANGE[0]),
        max_value=float(LONGITUDE_RANGE[1]),
        help_text="WGS84",
    )
    sozialraum = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Sozialraum.objects.all(),
        required=False,
        allow_null=True,
        help_text="For offers without a fixed place; otherwise computed from the point.",
    )
    bezirk = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    zeiten = ZeitfensterWriteSerializer(many=True, required=False, max_length=21)
    url = serializers.SerializerMethodField(
        help_text="The public page; it answers only while the offer is published."
    )

    class Meta:
        model = Angebot
        fields = [
            "id",
            "slug",
            "url",
            "status",
            "akteur",
            "title",
            "summary",
            "easy_summary",
            "description",
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
            "review_comment",
        ]
        read_only_fields = ["slug", "status", "checked_on", "review_comment"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            # The actor of an existing offer does not change.
            fields["akteur"].read_only = True
        elif "request" in self.context:
            fields["akteur"].queryset = akteure_for_new_offers(self.context["request"].user)
        return fields

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def validate(self, attrs):
        """The rules of the HTML form (AngebotForm.clean), on the offer as it would be saved."""
        attrs = self._point_from_coordinates(attrs)

        def value(name):
            if name in attrs:
                return attrs[name]
            if self.instance is not None:
                # sozialraum_id: an unsaved offer without a social space has no object to get.
                return getattr(self.instance, "sozialraum_id" if name == "sozialraum" else name)
            return Angebot._meta.get_field(name).get_default()

        errors = {}
        on_site = value("place_kind") == Angebot.PlaceKind.ON_SITE
        if on_site and value("point") is None:
            errors["latitude"] = _("Ein Angebot vor Ort braucht einen Ort auf der Karte.")
        if not on_site and value("sozialraum") is None:
            errors["sozialraum"] = _(
                "Bitte wählen Sie den Sozialraum, in dem das Angebot vor allem wirkt."
            )
        if value("cost") == Angebot.Cost.AMOUNT and value("cost_amount") is None:
            errors["cost_amount"] = _("Bitte den Betrag in Euro angeben (0 oder mehr).")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _point_from_coordinates(self, attrs: dict) -> dict:
        given = {name for name in ("latitude", "longitude") if name in attrs}
        if not given:
            return attrs
        latitude, longitude = attrs.pop("latitude", None), attrs.pop("longitude", None)
        if (latitude is None) != (longitude is None):
            missing = "latitude" if latitude is None else "longitude"
            raise serializers.ValidationError(
                {missing: _("Bitte geben Sie Breiten- und Längengrad zusammen an.")}
            )
        attrs["point"] = (
            None if latitude is None else Point(longitude, latitude, srid=settings.GEO_SRID)
        )
        return attrs


class PendingChangeSerializer(serializers.Serializer):
    """Describes `pending_change` in the schema; the values come from get_pending_change()."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=[Angebot.Status.DRAFT, Angebot.Status.REVIEW],
        help_text=(
            "`entwurf`: saved, not yet submitted (POST `einreichen/`); "
            "`pruefung`: waiting for the Fachdienst."
        ),
    )
    review_comment = serializers.CharField(help_text="Why the Fachdienst returned it, if so.")
    changes = serializers.DictField(
        help_text=(
            "The fields this change would set, with their new values, in the same form as "
            "the offer's fields."
        )
    )


class EigenesAngebotSerializer(AngebotContentSerializer):
    pending_change = serializers.SerializerMethodField(
        help_text=(
            "A change that is saved but not public yet: the offer's other fields show the "
            "published version until the Fachdienst approves it. Null if there is none."
        )
    )

    class Meta(AngebotContentSerializer.Meta):
        fields = [*AngebotContentSerializer.Meta.fields, "pending_change"]

    @extend_schema_field(PendingChangeSerializer(allow_null=True))
    def get_pending_change(self, obj) -> dict | None:
        change = getattr(obj, "pending_change", None)
        if change is None:
            return None
        old = AngebotContentSerializer(obj, context=self.context).data
        new = AngebotContentSerializer(change, context=self.context).data
        return {
            "id": change.pk,
            "status": change.status,
            "review_comment": change.review_comment,
            "changes": {
                name: value
                for name, value in new.items()
                if name not in RECORD_FIELDS and value != old[name]
            },
        }


def _api_errors(error: DjangoValidationError, fields) -> dict:
    """A service's ValidationError as the API's field map ("point" is "latitude")."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    result: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        target = API_FIELD_NAMES.get(name, name)
        if target not in fields:
            target = api_settings.NON_FIELD_ERRORS_KEY
        result.setdefault(target, []).extend(messages)
    return result


OFFER_RESPONSES = {
    200: EigenesAngebotSerializer,
    202: OpenApiResponse(
        EigenesAngebotSerializer,
        description=(
            "Saved as a pending change: the published offer is unchanged, `pending_change` "
            "shows the change. Submit it with `einreichen/` for review by the Fachdienst."
        ),
    ),
}


class EigeneAngeboteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The offers of your actors (all actors for the Fachdienst), in every status.

    Authenticate with `Authorization: Token <key>` (key from /konto/api-schluessel/). New
    offers are drafts; `einreichen/` submits a draft (or pending change) for review, or
    publishes it directly for trusted actors. Changes to a published offer of an actor that
    is not trusted are kept as `pending_change` until the Fachdienst approves them.
    """

    serializer_class = EigenesAngebotSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["status"]

    def get_queryset(self):
        offers = editable_angebote(self.request.user).filter(draft_of__isnull=True)
        return (
            selectors.angebote_with_details(offers)
            .select_related(
                "pending_change__akteur", "pending_change__sozialraum", "pending_change__bezirk"
            )
            .prefetch_related(*(f"pending_change__{name}" for name in (*RELATIONS, "zeiten")))
            .order_by("title", "pk")
        )

    def initial(self, request, *args, **kwargs):
        # LocaleMiddleware takes the language from the URL prefix (/en/...), which API paths
        # have not; clients ask with Accept-Language. German stays the default.
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Personal data: never into the shared page cache or any proxy cache.
        add_never_cache_headers(response)
        return response

    def get_success_headers(self, data):
        return {"Location": reverse("api:eigenes-angebot-detail", kwargs={"pk": data["id"]})}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        angebot = Angebot(akteur=data.pop("akteur"))
        saved = self._edit(angebot, data, serializer)
        serializer.instance = self.get_queryset().get(pk=saved.pk)

    @extend_schema(responses=OFFER_RESPONSES)
    def update(self, request, *args, **kwargs):
        original = self.get_object()
        # Validated against the row the change goes to, so a partial update keeps what an
        # earlier pending change set.
        version = services.angebot_version_to_edit(angebot=original, user=request.user)
        serializer = self.get_serializer(
            version, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self._offer_response(original, pending=version.draft_of_id is not None)

    @extend_schema(responses=OFFER_RESPONSES)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        serializer.instance = self._edit(serializer.instance, serializer.validated_data, serializer)

    @extend_schema(
        request=None,
        responses={200: EigenesAngebotSerializer},
        description=(
            "Submit the offer's draft or pending change: into review by the Fachdienst, or "
            "published directly for trusted actors. Only drafts (`entwurf`) can be submitted."
        ),
    )
    @action(detail=True, methods=["post"])
    def einreichen(self, request, pk=None):
        original = self.get_object()
        draft = getattr(original, "pending_change", None) or original
        try:
            services.angebot_submit(angebot=draft, user=request.user)
        except DjangoValidationError as error:
            raise serializers.ValidationError(_api_errors(error, ())) from error
        return self._offer_response(original, pending=False)

    def _edit(self, angebot: Angebot, data: dict, serializer) -> Angebot:
        """Save validated data through the provider workflow (services.angebot_edit).

        Relations and times not given keep their values; a new pending change starts with
        those of the published offer.
        """
        data = dict(data)
        source = angebot if angebot.pk else angebot.draft_of
        relations = {
            name: data.pop(name) if name in data else _current(source, name) for name in RELATIONS
        }
        if "zeiten" in data:
            zeiten = [(z["weekday"], z["opens"], z["closes"]) for z in data.pop("zeiten")]
        else:
            zeiten = [(z.weekday, z.opens, z.closes) for z in _current(source, "zeiten")]
        for name, value in data.items():
            setattr(angebot, name, value)
        try:
            return services.angebot_edit(
                angebot=angebot, user=self.request.user, zeiten=zeiten, **relations
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(_api_errors(error, serializer.fields)) from error

    def _offer_response(self, original: Angebot, *, pending: bool) -> Response:
        offer = self.get_queryset().get(pk=original.pk)
        return Response(
            self.get_serializer(offer).data,
            status=status.HTTP_202_ACCEPTED if pending else status.HTTP_200_OK,
        )


def _current(source: Angebot | None, name: str) -> list:
    return list(getattr(source, name).all()) if source is not None else []
