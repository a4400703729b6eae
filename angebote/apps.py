from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AngeboteConfig(AppConfig):
    name = "angebote"
    verbose_name = _("Angebote und Räume")

    def ready(self):
        from angebote.models import Angebot, Kategorie, Merkmal, Zeitfenster, Zielgruppe
        from jena_sozialraum.page_cache import clear_page_cache_on_change

        clear_page_cache_on_change(Angebot, Zeitfenster, Kategorie, Merkmal, Zielgruppe)
