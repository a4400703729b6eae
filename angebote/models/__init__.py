"""Models of offers and rooms, one module per topic; imported from here."""

from angebote.models.angebot import (
    CONTENT_FIELDS,
    M2M_FIELDS,
    SEARCH_CONFIG,
    Angebot,
    Zeitfenster,
)
from angebote.models.meldung import MeldungReason, Problemmeldung
from angebote.models.raum import Raum, Raumanfrage, Raumfoto, Raumzeit, Sperrzeit
from angebote.models.vokabular import (
    Ausstattung,
    Kategorie,
    Merkmal,
    VocabularyItem,
    Zielgruppe,
)

__all__ = [
    "CONTENT_FIELDS",
    "M2M_FIELDS",
    "SEARCH_CONFIG",
    "Angebot",
    "Ausstattung",
    "Kategorie",
    "MeldungReason",
    "Merkmal",
    "Problemmeldung",
    "Raum",
    "Raumanfrage",
    "Raumfoto",
    "Raumzeit",
    "Sperrzeit",
    "VocabularyItem",
    "Zeitfenster",
    "Zielgruppe",
]
