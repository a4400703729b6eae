"""Admin for budgets. The ledger is read-only here too (the database refuses changes);
goals and actions of the scorecard are maintained here by the Fachdienst."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budgets.models import (
    Angebotsbudget,
    Budgetbuchung,
    Foerderantrag,
    Kostenposition,
    Massnahme,
    Mittelabruf,
    Quartalsbericht,
    Verwendungsnachweis,
    Ziel,
)


class BuchungInline(admin.TabularInline):
    model = Budgetbuchung
    fk_name = "budget"
    fields = ["created_at", "kind", "amount", "reason", "author"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # bookings are made on /verwaltung/budgets/ through the services


@admin.register(Angebotsbudget)
class AngebotsbudgetAdmin(admin.ModelAdmin):
    list_display = ["sozialraum", "year"]
    list_filter = ["year", "sozialraum"]
    inlines = [BuchungInline]

    def get_readonly_fields(self, request, obj=None):
        return ["sozialraum", "year"] if obj else []


class KostenInline(admin.TabularInline):
    model = Kostenposition
    extra = 0


@admin.register(Foerderantrag)
class FoerderantragAdmin(SimpleHistoryAdmin):
    """Status and amounts change only through /verwaltung/budgets/ (the services hold the
    invariants); here the Fachdienst can read everything and keep its internal note."""

    list_display = ["title", "akteur", "budget", "status", "approved_amount"]
    list_filter = ["status", "budget__year", "budget__sozialraum"]
    search_fields = ["title", "akteur__name"]
    list_select_related = ["akteur", "budget__sozialraum"]
    readonly_fields = ["status", "approved_amount", "submitted_at", "decided_at"]
    filter_horizontal = ["partners", "angebote"]
    inlines = [KostenInline]


class MassnahmeInline(admin.TabularInline):
    model = Massnahme
    extra = 1
    autocomplete_fields = ["responsible"]


@admin.register(Ziel)
class ZielAdmin(SimpleHistoryAdmin):
    list_display = ["title", "sozialraum", "year", "perspective"]
    list_filter = ["year", "sozialraum", "perspective"]
    search_fields = ["title"]
    filter_horizontal = ["antraege"]
    inlines = [MassnahmeInline]


admin.site.register(Mittelabruf, SimpleHistoryAdmin)
admin.site.register(Quartalsbericht, SimpleHistoryAdmin)
admin.site.register(Verwendungsnachweis, SimpleHistoryAdmin)
