"""The place of an offer or a room in the provider's forms: two number fields, latitude and
longitude, which the map (static/js/ort-waehlen.js, drawn by django-leaflet's `leaflet_map`)
fills when JavaScript runs; without it they are typed in. The script finds the fields by their
ids, id_latitude and id_longitude, so their names must not change. The model keeps one point."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _

# Jena and its surroundings; whether a point lies in Jena the services check (locate()).
LATITUDE_RANGE = (Decimal("50.8"), Decimal("51.0"))
LONGITUDE_RANGE = (Decimal("11.4"), Decimal("11.7"))
MISSING_PLACE = _("Bitte setzen Sie den Ort auf der Karte oder geben Sie die Koordinaten ein.")


def coordinate_fields(*, required: bool) -> tuple[forms.DecimalField, forms.DecimalField]:
    """Latitude and longitude, limited to Jena and its surroundings.

    Assigned in the form's body (`latitude, longitude = coordinate_fields(...)`) rather than
    declared on a base class, so they keep their place among the form's fields: the error
    summary (includes/form_errors.html) lists the errors in that order.
    """
    latitude = forms.DecimalField(
        label=_("Breitengrad"),
        required=required,
        max_digits=8,
        decimal_places=6,
        min_value=LATITUDE_RANGE[0],
        max_value=LATITUDE_RANGE[1],
        help_text=_("Zum Beispiel 50.92712. Die Karte füllt das Feld, wenn Sie hineinklicken."),
        error_messages={"required": MISSING_PLACE},
    )
    longitude = forms.DecimalField(
        label=_("Längengrad"),
        required=required,
        max_digits=8,
        decimal_places=6,
        min_value=LONGITUDE_RANGE[0],
        max_value=LONGITUDE_RANGE[1],
        help_text=_("Zum Beispiel 11.58639."),
    )
    return latitude, longitude


class CoordinatesFormMixin:
    """Fills the coordinate fields from the instance's point and sets the point from them (no
    point when either is missing). For a ModelForm whose model has a `point` field, with
    `latitude` and `longitude` from coordinate_fields(); put it before forms.ModelForm."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        point = self.instance.point
        if point is not None and not self.is_bound:
            self.initial["latitude"] = round(Decimal(point.y), 6)
            self.initial["longitude"] = round(Decimal(point.x), 6)

    def _post_clean(self):
        data = self.cleaned_data
        if data.get("latitude") is not None and data.get("longitude") is not None:
            self.instance.point = Point(
                float(data["longitude"]), float(data["latitude"]), srid=settings.GEO_SRID
            )
        else:
            self.instance.point = None
        super()._post_clean()
