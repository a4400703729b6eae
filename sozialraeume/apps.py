from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SozialraeumeConfig(AppConfig):
    name = "sozialraeume"
    verbose_name = _("Sozialräume")

    def ready(self):
        from jena_sozialraum.page_cache import clear_page_cache_on_change
        from sozialraeume.models import Akteur, Bezirk, Population, Sozialraum

        clear_page_cache_on_change(Sozialraum, Bezirk, Population, Akteur)
