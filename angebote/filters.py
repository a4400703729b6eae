"""One FilterSet for the offer list page, the map and the API, so their filters always match."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point, Polygon
from django.contrib.gis.measure import D
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from angebote.models import SEARCH_CONFIG, Angebot, Kategorie, Merkmal, Zeitfenster, Zielgruppe
from angebote.selectors import open_at, open_on, public_point
from jena_sozialraum.forms import AccessibleFormMixin
from sozialraeume.models import Bezirk, Sozialraum

_ON = (True, "1", "true", "on")


class FlagInput(forms.CheckboxInput):
    """A checkbox sending `1`; passes the raw value on, so a wrong value can be reported."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value in _ON)

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["value"] = "1"
        return context


class FlagField(forms.Field):
    """A yes-only switch in the URL: `1`, `true` or `on` switch it on; absent means off."""

    widget = FlagInput

    def to_python(self, value):
        if value in (None, "", False, "0", "false", "off"):
            return False
        if value in _ON:
            return True
        raise forms.ValidationError(_("Bitte 1 (ja) oder 0 (nein) angeben."), code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class FlagFilter(django_filters.Filter):
    field_class = FlagField


class BBoxField(forms.CharField):
    """`west,south,east,north` in degrees (WGS84), as Leaflet's map.getBounds().toBBoxString()."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        message = _("Bitte vier Zahlen angeben: West,Süd,Ost,Nord (Grad, WGS84).")
        try:
            west, south, east, north = (float(part) for part in value.split(","))
        except ValueError:
            raise forms.ValidationError(message, code="invalid") from None
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise forms.ValidationError(message, code="invalid")
        return Polygon.from_bbox((west, south, east, north))


@extend_schema_field({"type": "string", "example": "11.55,50.88,11.62,50.95"})
class BBoxFilter(django_filters.Filter):
    field_class = BBoxField

    def filter(self, qs, value):
        if value is None:
            return qs
        value.srid = settings.GEO_SRID
        # The public point, so shrinking boxes cannot locate a sensitive offer exactly.
        return qs.alias(box_point=public_point()).filter(box_point__intersects=value)


# Weekdays in the URL as German abbreviations (tag=mo … tag=so), ISO numbers in the database.
WEEKDAY_CODES = {"mo": 1, "di": 2, "mi": 3, "do": 4, "fr": 5, "sa": 6, "so": 7}

MAX_RADIUS_M = 50_000


class AngebotFilterForm(AccessibleFormMixin, forms.Form):
    def clean(self):
        data = super().clean()
        position = [data.get(name) for name in ("lat", "lon", "umkreis")]
        given = [value is not None for value in position]
        if any(given) and not all(given):
            raise forms.ValidationError(
                _("Für die Umkreissuche bitte Breitengrad, Längengrad und Umkreis angeben.")
            )
        return data


class AngebotFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="filter_q", max_length=200)
    sozialraum = django_filters.ModelChoiceFilter(
        queryset=Sozialraum.objects.defer("boundary"),
        to_field_name="slug",
        label=_("Sozialraum"),
        empty_label=_("Alle Sozialräume"),
    )
    bezirk = django_filters.ModelChoiceFilter(
        queryset=Bezirk.objects.defer("geometry"),
        to_field_name="slug",
        label=_("Bezirk"),
        empty_label=_("Alle Bezirke"),
    )
    kategorie = django_filters.ModelMultipleChoiceFilter(
        queryset=Kategorie.objects.all(),
        to_field_name="code",
        label=_("Kategorie"),
        widget=forms.CheckboxSelectMultiple,
        method="filter_kategorie",
    )
    zielgruppe = django_filters.ModelChoiceFilter(
        queryset=Zielgruppe.objects.all(),
        to_field_name="code",
        label=_("Für wen"),
        empty_label=_("Für alle"),
        method="filter_zielgruppe",
    )
    barrierefrei = django_filters.ModelMultipleChoiceFilter(
        queryset=Merkmal.objects.all(),
        to_field_name="code",
        label=_("Barrierefreiheit"),
        widget=forms.CheckboxSelectMultiple,
        method="filter_barrierefrei",
    )
    kostenlos = FlagFilter(label=_("Nur kostenlose Angebote"), method="filter_kostenlos")
    tag = django_filters.ChoiceFilter(
        choices=[(code, Zeitfenster.Weekday(day).label) for code, day in WEEKDAY_CODES.items()],
        label=_("Wochentag"),
        empty_label=_("Jeder Tag"),
        method="filter_tag",
    )
    jetzt = FlagFilter(label=_("Jetzt geöffnet"), method="filter_jetzt")
    sprache = django_filters.ChoiceFilter(
        choices=settings.OFFER_LANGUAGES,
        label=_("Sprache"),
        empty_label=_("Alle Sprachen"),
        method="filter_sprache",
    )
    lat = django_filters.NumberFilter(
        label=_("Breitengrad"), method="filter_position", min_value=-90, max_value=90
    )
    lon = django_filters.NumberFilter(
        label=_("Längengrad"), method="filter_position", min_value=-180, max_value=180
    )
    umkreis = django_filters.NumberFilter(
        label=_("Umkreis in Metern"), method="filter_position", min_value=1, max_value=MAX_RADIUS_M
    )
    bbox = BBoxFilter(label=_("Kartenausschnitt (West,Süd,Ost,Nord)"))

    class Meta:
        model = Angebot
        fields = []
        form = AngebotFilterForm

    # Each filter method gets its own value; the position is applied once for all three.
    def filter_q(self, queryset, name, value):
        terms = value.strip()
        if not terms:
            return queryset
        query = SearchQuery(terms, config=SEARCH_CONFIG, search_type="websearch")
        # Typos: pg_trgm's %> operator (index-backed) with the threshold settings.TYPO_SIMILARITY.
        return (
            queryset.filter(Q(search_vector=query) | Q(title__trigram_word_similar=terms))
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                similarity=TrigramWordSimilarity(terms, "title"),
            )
            .order_by("-rank", "-similarity", "title")
        )

    def filter_kategorie(self, queryset, name, value: list[str]):
        # Any of the chosen categories; a subquery keeps rows unique without DISTINCT.
        if not value:
            return queryset
        through = Angebot.kategorien.through.objects
        return queryset.filter(Exists(through.filter(angebot=OuterRef("pk"), kategorie__in=value)))

    def filter_barrierefrei(self, queryset, name, value: list[str]):
        # Every chosen feature must hold.
        through = Angebot.merkmale.through.objects
        for merkmal in value:
            queryset = queryset.filter(
                Exists(through.filter(angebot=OuterRef("pk"), merkmal=merkmal))
            )
        return queryset

    def filter_zielgruppe(self, queryset, name, value: str):
        # An offer without target groups is for everyone, so it matches every group.
        through = Angebot.zielgruppen.through.objects
        return queryset.filter(
            Exists(through.filter(angebot=OuterRef("pk"), zielgruppe=value))
            | ~Exists(through.filter(angebot=OuterRef("pk")))
        )

    def filter_kostenlos(self, queryset, name, value):
        return queryset.filter(cost=Angebot.Cost.FREE) if value else queryset

    def filter_tag(self, queryset, name, value):
        return queryset.filter(open_on(WEEKDAY_CODES[value]))

    def filter_jetzt(self, queryset, name, value):
        return queryset.filter(open_at(timezone.now())) if value else queryset

    def filter_sprache(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])

    def filter_position(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("umkreis") is not None:
            centre = Point(float(data["lon"]), float(data["lat"]), srid=settings.GEO_SRID)
            # Measured to the public point: searches around a sensitive offer find it no
            # closer than its district's point, so its exact place cannot be triangulated.
            queryset = (
                queryset.annotate(distance=Distance(public_point(), centre))
                .filter(distance__lte=D(m=float(data["umkreis"])))
                .order_by("distance")
            )
        return queryset
