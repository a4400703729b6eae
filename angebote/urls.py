from django.urls import path

from angebote import views

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
]
