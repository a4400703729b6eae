import django_filters
from django.utils.translation import gettext_lazy as _

from sozialraeume.models import Akteur, Bezirk, Sozialraum


class BezirkFilter(django_filters.FilterSet):
    sozialraum = django_filters.ModelChoiceFilter(
        field_name="sozialraum",
        to_field_name="slug",
        queryset=Sozialraum.objects.all(),
        label=_("Sozialraum (Kurzname, z. B. lobeda)"),
    )

    class Meta:
        model = Bezirk
        fields = ["sozialraum"]


class AkteurFilter(django_filters.FilterSet):
    art = django_filters.ChoiceFilter(
        field_name="kind", choices=Akteur.Kind.choices, label=_("Art des Akteurs")
    )
    sozialraum = django_filters.ModelChoiceFilter(
        field_name="sozialraeume",
        queryset=Sozialraum.objects.defer("boundary"),
        to_field_name="slug",
        label=_("Sozialraum"),
    )

    class Meta:
        model = Akteur
        fields = []
