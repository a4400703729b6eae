from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AngeboteConfig(AppConfig):
    name = "angebote"
    verbose_name = _("Angebote und Räume")

    def ready(self):
        from angebote import models
        from jena_sozialraum.page_cache import clear_page_cache_on_change

        clear_page_cache_on_change(
            models.Angebot,
            models.Zeitfenster,
            models.Kategorie,
            models.Merkmal,
            models.Zielgruppe,
            # Rooms: their search, week views and iCal feeds are public, cached pages.
            models.Raum,
            models.Raumzeit,
            models.Sperrzeit,
            models.Raumfoto,
            models.Raumanfrage,
            models.Ausstattung,
        )
