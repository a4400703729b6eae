from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from jena_sozialraum.forms import URL_ASSUMES_HTTPS
from sozialraeume.models import (
    AccessibilityFeedback,
    Akteur,
    Bezirk,
    Idee,
    Invitation,
    Konferenz,
    Membership,
    Population,
    Sozialraum,
    User,
)
from sozialraeume.roles import sync_fachdienst_access
from sozialraeume.services import sozialraum_boundaries_refresh


@admin.register(Sozialraum)
class SozialraumAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "colour", "position"]
    prepopulated_fields = {"slug": ["name"]}
    exclude = ["boundary"]


class PopulationInline(admin.TabularInline):
    model = Population
    extra = 1
    ordering = ["-year"]


@admin.register(Bezirk)
class BezirkAdmin(LeafletGeoAdmin):
    list_display = ["number", "name", "sozialraum", "ortsteil", "area_km2_display"]
    list_filter = ["sozialraum"]
    search_fields = ["name", "ortsteil", "=number"]
    readonly_fields = ["area_km2_display"]
    inlines = [PopulationInline]

    @admin.display(description=_("Fläche in km²"))
    def area_km2_display(self, obj: Bezirk) -> str:
        return f"{obj.area_km2:.3f}" if obj.pk else "-"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A moved border or a district given to another space changes the spaces' outlines.
        if {"geometry", "sozialraum"} & set(form.changed_data):
            sozialraum_boundaries_refresh()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        sozialraum_boundaries_refresh()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        sozialraum_boundaries_refresh()


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "message", "page_url", "email", "handled"]
    list_filter = ["handled"]
    list_editable = ["handled"]
    readonly_fields = ["created_at"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user", "akteur"]
    readonly_fields = ["created_at"]


class AkteurMembershipInline(MembershipInline):
    fields = ["user", "role", "created_at"]


class UserMembershipInline(MembershipInline):
    fields = ["akteur", "role", "created_at"]


@admin.register(Akteur)
class AkteurAdmin(SimpleHistoryAdmin, LeafletGeoAdmin):
    formfield_overrides = URL_ASSUMES_HTTPS
    list_display = ["name", "kind", "email", "is_trusted", "is_sample"]
    list_filter = ["kind", "sozialraeume", "is_trusted", "hide_address", "is_sample"]
    list_editable = ["is_trusted"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sozialraeume"]
    inlines = [AkteurMembershipInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_fachdienst", "is_staff", "is_active", "last_login"]
    list_filter = ["is_fachdienst", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    inlines = [UserMembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["name"]}),
        (
            _("Rechte"),
            {
                "fields": [
                    "is_active",
                    "is_fachdienst",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Daten"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the form's groups are saved, so the Fachdienst group is not overwritten.
        sync_fachdienst_access(form.instance)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from /konto/einladen/ (which mails the link); here they are only
    listed. The stored hash cannot rebuild a link."""

    list_display = [
        "email",
        "akteur",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["role"]
    search_fields = ["email", "akteur__name"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Idee)
class IdeeAdmin(SimpleHistoryAdmin, LeafletGeoAdmin):
    """Moderation and answers happen on /verwaltung/ideen/; here ideas can be looked up."""

    list_display = ["title", "sozialraum", "status", "moderation", "support_count", "created_at"]
    list_filter = ["moderation", "status", "sozialraum", "kind"]
    search_fields = ["title", "text"]
    readonly_fields = ["email", "ip_hash", "support_count", "created_at"]


@admin.register(Konferenz)
class KonferenzAdmin(SimpleHistoryAdmin):
    list_display = ["title", "sozialraum", "starts_at"]
    list_filter = ["sozialraum"]
    search_fields = ["title", "agenda"]
    filter_horizontal = ["akteure", "ideen"]
