import django_filters
from django.utils.translation import gettext_lazy as _

from sozialraeume.models import Bezirk, Sozialraum


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
