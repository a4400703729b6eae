"""One FilterSet for the room search page and /api/v1/raeume/, so their filters always match."""

from datetime import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from angebote.filters import FlagFilter
from angebote.models import Ausstattung, Merkmal, Raum
from angebote.selectors_raeume import raeume_free
from jena_sozialraum.forms import AccessibleFormMixin
from sozialraeume.models import Sozialraum

# What <input type="datetime-local"> sends, with or without seconds; a space works when typed.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time in Jena (Europe/Berlin) without offset, as the browser's picker sends."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Bitte Datum und Uhrzeit so angeben: 2026-12-01T18:00.")},
        )
        super().__init__(**kwargs)


@extend_schema_field(
    {
        "type": "string",
        "example": "2026-12-01T18:00",
        "description": "Local time in Jena (Europe/Berlin), without offset",
    }
)
class LocalDateTimeFilter(django_filters.Filter):
    field_class = LocalDateTimeField


@extend_schema_field({"type": "integer", "minimum": 1})
class AtLeastFilter(django_filters.Filter):
    field_class = forms.IntegerField


class RaumFilterForm(AccessibleFormMixin, forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("von"), data.get("bis")
        for name, other in (("von", "bis"), ("bis", "von")):
            # A missing partner only counts if this field itself was valid, so one typo does not
            # produce two messages.
            if data.get(name) is not None and other not in self.errors and data.get(other) is None:
                self.add_error(
                    other,
                    _("Bitte Beginn und Ende angeben: Räume werden für einen Zeitraum gesucht."),
                )
        if start is None or end is None:
            return data
        if end <= start:
            self.add_error("bis", _("Das Ende muss nach dem Beginn liegen."))
        elif timezone.localtime(start).date() != timezone.localtime(end).date():
            self.add_error("bis", _("Beginn und Ende müssen am selben Tag liegen."))
        if start < timezone.now():
            self.add_error("von", _("Der Beginn liegt in der Vergangenheit."))
        return data


class RaumFilter(django_filters.FilterSet):
    sozialraum = django_filters.ModelChoiceFilter(
        queryset=Sozialraum.objects.defer("boundary"),
        to_field_name="slug",
        label=_("Sozialraum"),
        empty_label=_("Alle Sozialräume"),
    )
    kapazitaet = AtLeastFilter(
        field_name="capacity",
        lookup_expr="gte",
        label=_("Plätze für mindestens so viele Personen"),
        min_value=1,
        max_value=2000,
    )
    barrierefrei = django_filters.ModelMultipleChoiceFilter(
        queryset=Merkmal.objects.all(),
        to_field_name="code",
        label=_("Barrierefreiheit"),
        widget=forms.CheckboxSelectMultiple,
        method="filter_barrierefrei",
    )
    ausstattung = django_filters.ModelMultipleChoiceFilter(
        queryset=Ausstattung.objects.all(),
        to_field_name="code",
        label=_("Ausstattung"),
        widget=forms.CheckboxSelectMultiple,
        method="filter_ausstattung",
    )
    kostenlos = FlagFilter(label=_("Nur kostenlose Räume"), method="filter_kostenlos")
    von = LocalDateTimeFilter(label=_("Frei ab"), method="filter_period")
    bis = LocalDateTimeFilter(label=_("Frei bis"), method="filter_period")

    class Meta:
        model = Raum
        fields = []
        form = RaumFilterForm

    # Every chosen feature and every chosen piece of equipment must be there.
    def filter_barrierefrei(self, queryset, name, value: list[Merkmal]):
        through = Raum.merkmale.through.objects
        for merkmal in value:
            queryset = queryset.filter(Exists(through.filter(raum=OuterRef("pk"), merkmal=merkmal)))
        return queryset

    def filter_ausstattung(self, queryset, name, value: list[Ausstattung]):
        through = Raum.ausstattung.through.objects
        for item in value:
            queryset = queryset.filter(
                Exists(through.filter(raum=OuterRef("pk"), ausstattung=item))
            )
        return queryset

    def filter_kostenlos(self, queryset, name, value: bool):
        return queryset.filter(cost=Raum.Cost.FREE) if value else queryset

    def filter_period(self, queryset, name, value: datetime):
        # Applied once for both ends in filter_queryset.
        return queryset

    def filter_queryset(self, queryset: QuerySet[Raum]) -> QuerySet[Raum]:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("von") is not None and data.get("bis") is not None:
            queryset = raeume_free(queryset, data["von"], data["bis"])
        return queryset
