from django.utils.text import slugify

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def german_slugify(value: str) -> str:
    """A URL slug that keeps German words readable ("Wöllnitz" -> "woellnitz", not "wllnitz")."""
    return slugify(value.translate(_GERMAN))
