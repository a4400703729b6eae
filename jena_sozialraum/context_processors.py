from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """Values every page needs: data attribution and links to this page in other languages."""
    current = get_language()
    return {
        "GEODATA_ATTRIBUTION": settings.GEODATA_ATTRIBUTION,
        "language_links": [
            {"code": code, "name": name, "url": translate_url(request.get_full_path(), code)}
            for code, name in settings.LANGUAGE_NAMES_NATIVE
            if code != current
        ],
    }
