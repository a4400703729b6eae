from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from angebote.views import AngebotMapView
from angebote.views_daten import DatenView, angebote_csv, angebote_geojson
from jena_sozialraum import views
from jena_sozialraum.history import history_view
from sozialraeume.views import AccessibilityStatementView, HomeView

admin.site.site_header = "Sozialraum-Portal Jena"
admin.site.site_title = "Sozialraum-Portal Jena"

handler404 = "jena_sozialraum.views.page_not_found"
handler500 = "jena_sozialraum.views.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("jena_sozialraum.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("sozialraeume/<slug:slug>/konferenzen/", include("sozialraeume.konferenzen_urls")),
    path("sozialraeume/", include("sozialraeume.urls")),
    path("ideen/", include("sozialraeume.ideen_urls")),
    path("akteure/", include("sozialraeume.akteure_urls")),
    path("konto/", include("sozialraeume.konto_urls")),
    path("angebote/", include("angebote.urls")),
    path("karte/", AngebotMapView.as_view(), name="karte"),
    path("raeume/", include("angebote.raeume_urls")),
    path("budgets/", include("budgets.urls")),
    path("mein-bereich/meldungen/", include("angebote.meldungen_urls")),
    path("mein-bereich/antraege/", include("budgets.bereich_urls")),
    path("verwaltung/budgets/", include("budgets.verwaltung_urls")),
    path("mein-bereich/", include("angebote.bereich_urls")),
    path("verwaltung/moderation/", include("angebote.moderation_urls")),
    path("verwaltung/ideen/", include("sozialraeume.ideenverwaltung_urls")),
    path("verwaltung/verlauf/<slug:name>/<int:pk>/", history_view, name="verlauf"),
    path("daten/", DatenView.as_view(), name="daten"),
    path("daten/angebote.csv", angebote_csv, name="daten-csv"),
    path("daten/angebote.geojson", angebote_geojson, name="daten-geojson"),
    path("barrierefreiheit/", AccessibilityStatementView.as_view(), name="barrierefreiheit"),
    path(
        "leichte-sprache/",
        TemplateView.as_view(template_name="pages/leichte_sprache.html"),
        name="leichte-sprache",
    ),
    path(
        "impressum/", TemplateView.as_view(template_name="pages/impressum.html"), name="impressum"
    ),
    path(
        "datenschutz/",
        TemplateView.as_view(template_name="pages/datenschutz.html"),
        name="datenschutz",
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    # Uploaded photos in development; in production the web server serves MEDIA_ROOT.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
