from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AngeboteConfig(AppConfig):
    name = "angebote"
    verbose_name = _("Angebote und Räume")
