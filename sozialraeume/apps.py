from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SozialraeumeConfig(AppConfig):
    name = "sozialraeume"
    verbose_name = _("Sozialräume")
