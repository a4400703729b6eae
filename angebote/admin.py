from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from angebote.models import (
    Angebot,
    Kategorie,
    Merkmal,
    Problemmeldung,
    Raum,
    Raumzeit,
    Zeitfenster,
    Zielgruppe,
)
from angebote.services import angebot_locate
from angebote.services_raeume import raum_save
from jena_sozialraum.forms import URL_ASSUMES_HTTPS
from sozialraeume.selectors import locate


@admin.register(Kategorie, Zielgruppe)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Merkmal)
class MerkmalAdmin(VocabularyAdmin):
    list_display = ["name", "name_en", "code", "icon", "a11yjson", "position"]


class ZeitfensterInline(admin.TabularInline):
    model = Zeitfenster
    extra = 1


class AngebotAdminForm(forms.ModelForm):
    # Fields and model come from AngebotAdmin (modelform_factory).
    def clean_point(self):
        point = self.cleaned_data.get("point")
        if point is not None and locate(point) is None:
            raise forms.ValidationError(_("Dieser Ort liegt nicht in Jena."))
        return point


@admin.register(Angebot)
class AngebotAdmin(SimpleHistoryAdmin, LeafletGeoAdmin):
    """The history button shows every version: who changed which field when."""

    form = AngebotAdminForm
    formfield_overrides = URL_ASSUMES_HTTPS
    list_display = ["title", "akteur", "sozialraum", "bezirk", "status", "checked_on", "is_sample"]
    list_filter = ["status", "sozialraum", "kategorien", "cost", "hide_address", "is_sample"]
    search_fields = ["title", "summary", "akteur__name"]
    list_select_related = ["akteur", "sozialraum", "bezirk"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["akteur"]
    filter_horizontal = ["kategorien", "zielgruppen", "merkmale"]
    readonly_fields = ["bezirk", "draft_of", "created_at", "updated_at"]
    inlines = [ZeitfensterInline]

    def save_model(self, request, obj, form, change):
        # The same rule as in the service: district and space come from the point.
        angebot_locate(obj)
        super().save_model(request, obj, form, change)


class MeldungStandFilter(admin.SimpleListFilter):
    title = _("Stand")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return [("offen", _("Offen")), ("erledigt", _("Erledigt"))]

    def queryset(self, request, queryset):
        if self.value() == "offen":
            return queryset.filter(closed_at__isnull=True)
        if self.value() == "erledigt":
            return queryset.filter(closed_at__isnull=False)
        return queryset


@admin.register(Problemmeldung)
class ProblemmeldungAdmin(SimpleHistoryAdmin):
    """Read-only: reports come from residents and are closed by the actor or the Fachdienst
    under /mein-bereich/meldungen/ (services_meldungen.problemmeldung_close)."""

    list_display = ["angebot", "reason", "created_at", "closed_at", "closed_by"]
    list_filter = [MeldungStandFilter, "reason"]
    list_select_related = ["angebot", "closed_by"]
    search_fields = ["angebot__title", "message", "email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "angebot",
        "reason",
        "message",
        "email",
        "created_at",
        "closed_at",
        "closed_by",
        "closing_note",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RaumzeitInline(admin.TabularInline):
    model = Raumzeit
    extra = 0


@admin.register(Raum)
class RaumAdmin(SimpleHistoryAdmin, LeafletGeoAdmin):
    """Owners edit rooms in /mein-bereich/raeume/; bookings are decided there too."""

    list_display = ["name", "akteur", "sozialraum", "capacity", "is_active", "is_sample"]
    list_filter = ["is_active", "sozialraum", "is_sample"]
    search_fields = ["name", "akteur__name"]
    readonly_fields = ["bezirk", "sozialraum", "created_at", "updated_at"]
    filter_horizontal = ["merkmale", "ausstattung"]
    inlines = [RaumzeitInline]

    def save_model(self, request, obj, form, change):
        raum_save(raum=obj, user=None)  # district and space from the point, like the form
