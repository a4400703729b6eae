"""The provider area. Every page is personal: never cached."""

from django.urls import path
from django.views.decorators.cache import never_cache

from angebote import views_bereich as views
from angebote import views_bereich_raeume as raeume

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
    path("raumanfragen/", never_cache(raeume.RaumanfragenView.as_view()), name="raumanfragen"),
]
