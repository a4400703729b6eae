"""Models of offers and rooms, one module per topic; imported from here."""

from angebote.models.angebot import (
    CONTENT_FIELDS,
    M2M_FIELDS,
    SEARCH_CONFIG,
    Angebot,
    Zeitfenster,
)
from angebote.models.meldung import MeldungReason, Problemmeldung
from angebote.models.vokabular import Kategorie, Merkmal, VocabularyItem, Zielgruppe

__all__ = [
    "CONTENT_FIELDS",
    "M2M_FIELDS",
    "SEARCH_CONFIG",
    "Angebot",
    "Kategorie",
    "MeldungReason",
    "Merkmal",
    "Problemmeldung",
    "VocabularyItem",
    "Zeitfenster",
    "Zielgruppe",
]
