from django.utils.text import slugify

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def german_slugify(value: str) -> str:
    """A URL slug that keeps German words readable ("Wöllnitz" -> "woellnitz", not "wllnitz")."""
    return slugify(value.translate(_GERMAN))


def unique_slug(model, value: str, *, exclude_pk=None, max_length: int = 200) -> str:
    """A slug from `value` not yet used by another row of `model` ("treff", "treff-2", …)."""
    base = german_slugify(value)[:max_length].strip("-") or "eintrag"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
