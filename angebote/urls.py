from django.urls import include, path

from angebote import views, views_meldungen

app_name = "angebote"

urlpatterns = [
    path("", views.AngebotListView.as_view(), name="list"),
    path("<slug:slug>/", views.AngebotDetailView.as_view(), name="detail"),
    path(
        "<slug:slug>/leichte-sprache/",
        views.AngebotDetailView.as_view(template_name="angebote/angebot_leicht.html"),
        name="detail-leicht",
    ),
    path(
        "<slug:slug>/noch-aktuell/<str:token>/",
        views.angebot_noch_aktuell,
        name="noch-aktuell",
    ),
    # Report a problem (never cached): the form and its thank-you page.
    path(
        "<slug:slug>/melden/",
        include(
            [
                path("", views_meldungen.ProblemmeldungCreateView.as_view(), name="melden"),
                path(
                    "danke/",
                    views_meldungen.ProblemmeldungThanksView.as_view(),
                    name="melden-danke",
                ),
            ]
        ),
    ),
]
