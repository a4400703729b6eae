"""The Fachdienst's moderation of ideas. Personal work pages: never cached."""

from django.urls import path
from django.views.decorators.cache import never_cache

from sozialraeume import views_ideen as views

app_name = "ideenverwaltung"

urlpatterns = [
    path("", never_cache(views.verwaltung_queue), name="queue"),
    path("<int:pk>/", never_cache(views.verwaltung_idee), name="idee"),
    path("<int:pk>/freigeben/", never_cache(views.verwaltung_freigeben), name="freigeben"),
    path("<int:pk>/ablehnen/", never_cache(views.verwaltung_ablehnen), name="ablehnen"),
    path("<int:pk>/antworten/", never_cache(views.verwaltung_antworten), name="antworten"),
    path(
        "meldungen/<int:pk>/pruefen/",
        never_cache(views.verwaltung_meldung_pruefen),
        name="meldung-pruefen",
    ),
]
