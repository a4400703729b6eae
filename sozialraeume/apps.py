from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SozialraeumeConfig(AppConfig):
    name = "sozialraeume"
    verbose_name = _("Sozialräume")

    def ready(self):
        from jena_sozialraum.page_cache import clear_page_cache_on_change
        from sozialraeume.models import Akteur, Bezirk, Idee, Konferenz, Population, Sozialraum

        clear_page_cache_on_change(Sozialraum, Bezirk, Population, Akteur)
        clear_page_cache_on_change(Konferenz)
        # Ideas and their links to offers and applications. Supports and abuse reports change
        # no cached page: the count on the list may lag by PAGE_CACHE_SECONDS, the idea's own
        # page is never cached; the Fachdienst's review saves the idea and so clears the cache.
        clear_page_cache_on_change(Idee)
