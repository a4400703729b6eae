"""The provider area. Every page is personal: never cached."""

from django.urls import path
from django.views.decorators.cache import never_cache

from angebote import views_bereich as views
from angebote import views_bereich_raeume as raeume
from angebote import views_bereich_raumanfragen as anfragen
from angebote import views_bereich_raumkalender as kalender

app_name = "bereich"

urlpatterns = [
    path("", never_cache(views.BereichView.as_view()), name="uebersicht"),
    path("angebote/neu/", never_cache(views.AngebotFormView.as_view()), name="angebot-neu"),
    path(
        "angebote/<int:pk>/",
        never_cache(views.AngebotBereichDetailView.as_view()),
        name="angebot",
    ),
    path(
        "angebote/<int:pk>/bearbeiten/",
        never_cache(views.AngebotFormView.as_view()),
        name="angebot-bearbeiten",
    ),
    path(
        "angebote/<int:pk>/einreichen/",
        never_cache(views.angebot_submit),
        name="angebot-einreichen",
    ),
    path(
        "angebote/<int:pk>/noch-aktuell/",
        never_cache(views.angebot_confirm),
        name="angebot-noch-aktuell",
    ),
    path(
        "angebote/<int:pk>/archivieren/",
        never_cache(views.angebot_archive),
        name="angebot-archivieren",
    ),
    path("raeume/", never_cache(raeume.RaumBereichListView.as_view()), name="raeume"),
    path("raeume/neu/", never_cache(raeume.RaumFormView.as_view()), name="raum-neu"),
    path(
        "raeume/<int:pk>/bearbeiten/",
        never_cache(raeume.RaumFormView.as_view()),
        name="raum-bearbeiten",
    ),
    path("raeume/<int:pk>/fotos/", never_cache(raeume.RaumfotoView.as_view()), name="raum-fotos"),
    path(
        "raeume/fotos/<int:pk>/loeschen/",
        never_cache(raeume.raumfoto_loeschen),
        name="raumfoto-loeschen",
    ),
    path(
        "raeume/<int:pk>/sperrzeiten/",
        never_cache(raeume.SperrzeitView.as_view()),
        name="raum-sperrzeiten",
    ),
    path(
        "raeume/sperrzeiten/<int:pk>/loeschen/",
        never_cache(raeume.sperrzeit_loeschen),
        name="sperrzeit-loeschen",
    ),
    # No login in calendar apps: the signed token in the address is the permission.
    path(
        "raeume/kalender/<str:token>.ics",
        never_cache(kalender.raum_kalender),
        name="raum-kalender",
    ),
    path(
        "raeume/kalender/<int:pk>/erneuern/",
        never_cache(kalender.kalender_erneuern),
        name="raum-kalender-erneuern",
    ),
    path("raumanfragen/", never_cache(anfragen.RaumanfragenView.as_view()), name="raumanfragen"),
    path(
        "raumanfragen/<int:pk>/annehmen/",
        never_cache(anfragen.raumanfrage_annehmen),
        name="raumanfrage-annehmen",
    ),
    path(
        "raumanfragen/<int:pk>/ablehnen/",
        never_cache(anfragen.raumanfrage_ablehnen),
        name="raumanfrage-ablehnen",
    ),
    path(
        "raumanfragen/<int:pk>/stornieren/",
        never_cache(anfragen.raumanfrage_stornieren),
        name="raumanfrage-stornieren",
    ),
]
