from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from angebote.models import Angebot, Kategorie, Merkmal, Zeitfenster, Zielgruppe
from angebote.services import angebot_locate
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
    list_display = ["title", "akteur", "sozialraum", "bezirk", "status", "checked_on", "is_sample"]
    list_filter = ["status", "sozialraum", "kategorien", "cost", "is_sample"]
    search_fields = ["title", "summary", "akteur__name"]
    list_select_related = ["akteur", "sozialraum", "bezirk"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["akteur"]
    filter_horizontal = ["kategorien", "zielgruppen", "merkmale"]
    readonly_fields = ["bezirk", "created_at", "updated_at"]
    inlines = [ZeitfensterInline]

    def save_model(self, request, obj, form, change):
        # The same rule as in the service: district and space come from the point.
        angebot_locate(obj)
        super().save_model(request, obj, form, change)
