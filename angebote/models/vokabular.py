"""Controlled vocabularies of offers and rooms, named in German and English. They are data,
loaded from fixtures/, so the city can extend them without code changes."""

from django.contrib.gis.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class VocabularyItem(models.Model):
    """An entry of a controlled vocabulary, named in German and English."""

    code = models.SlugField(_("Code"), max_length=50, unique=True)
    name = models.CharField(_("Name (Deutsch)"), max_length=100)
    name_en = models.CharField(_("Name (Englisch)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if get_language() == "en" else self.name


class Kategorie(VocabularyItem):
    class Meta(VocabularyItem.Meta):
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")


class Zielgruppe(VocabularyItem):
    class Meta(VocabularyItem.Meta):
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")


class Merkmal(VocabularyItem):
    """An accessibility feature, modelled after the needs of A11yJSON's accessibility profile."""

    description = models.CharField(_("Erklärung (Deutsch)"), max_length=300, blank=True)
    description_en = models.CharField(_("Erklärung (Englisch)"), max_length=300, blank=True)
    icon = models.CharField(
        _("Symbol"), max_length=50, help_text=_("Dateiname unter static/icons/merkmale/")
    )
    a11yjson = models.CharField(
        _("A11yJSON-Eigenschaft"),
        max_length=200,
        blank=True,
        help_text=_("Die entsprechende Eigenschaft in A11yJSON, für den Datenaustausch."),
    )

    class Meta(VocabularyItem.Meta):
        verbose_name = _("Merkmal der Barrierefreiheit")
        verbose_name_plural = _("Merkmale der Barrierefreiheit")

    @property
    def explanation(self) -> str:
        return self.description_en if get_language() == "en" else self.description


class Ausstattung(VocabularyItem):
    """Equipment of a room (kitchen, projector, Wi-Fi, …)."""

    class Meta(VocabularyItem.Meta):
        verbose_name = _("Ausstattung")
        verbose_name_plural = _("Ausstattung")
