"""The public budget figures in the read-only API: per year and social space the same numbers
as the /budgets/ page (both read budgets_with_figures)."""

import django_filters
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from budgets.models import MONEY, Angebotsbudget
from budgets.selectors import budgets_with_figures


class BudgetFilter(django_filters.FilterSet):
    jahr = django_filters.NumberFilter(field_name="year", help_text="Budget year, e.g. 2026")

    class Meta:
        model = Angebotsbudget
        fields = ["jahr"]


class BudgetSerializer(serializers.ModelSerializer):
    """A social space's offer budget of one year with what was approved and paid from it."""

    sozialraum = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the social space"
    )
    sozialraum_name = serializers.CharField(source="sozialraum.name", read_only=True)
    amount = serializers.DecimalField(
        **MONEY,
        source="ledger_amount",
        read_only=True,
        help_text="Budget in euros: the sum of its ledger (initial amount, increases, "
        "decreases, reallocations between spaces)",
    )
    approved = serializers.DecimalField(
        **MONEY,
        read_only=True,
        help_text="Euros approved for applications that are approved, running or closed",
    )
    paid = serializers.DecimalField(
        **MONEY, read_only=True, help_text="Euros paid out (paid drawdowns)"
    )
    funded_projects = serializers.IntegerField(
        read_only=True, help_text="Applications that are approved, running or closed"
    )
    funded_offers = serializers.IntegerField(
        read_only=True, help_text="Distinct published offers linked to the funded applications"
    )
    url = serializers.SerializerMethodField(help_text="The public page of this budget")

    class Meta:
        model = Angebotsbudget
        fields = [
            "year",
            "sozialraum",
            "sozialraum_name",
            "amount",
            "approved",
            "paid",
            "funded_projects",
            "funded_offers",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, obj: Angebotsbudget) -> str:
        path = reverse("budgets:sozialraum", kwargs={"year": obj.year, "slug": obj.sozialraum.slug})
        return self.context["request"].build_absolute_uri(path)


@extend_schema_view(
    list=extend_schema(
        description=(
            "Offer budgets (Angebotsbudgets) per year and social space with the amounts "
            "approved and paid, as on the /budgets/ page; newest year first. Applications, "
            "their notes and the people involved are not published."
        )
    )
)
class BudgetViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Offer budgets per social space and year (Angebotsbudgets)."""

    serializer_class = BudgetSerializer
    filterset_class = BudgetFilter

    def get_queryset(self):
        return budgets_with_figures()
