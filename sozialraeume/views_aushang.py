"""The billboard (Aushang): a printable A4 list of a social space's current offers.

Each offer carries a QR code to its page, drawn locally by segno as inline SVG, so it prints
sharply at any size and no third-party service learns which offers are printed.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import DetailView

from sozialraeume.models import Sozialraum

if TYPE_CHECKING:
    from angebote.models import Angebot, Kategorie


@dataclass(frozen=True)
class Aushangeintrag:
    """One offer on the billboard with the link its QR code encodes."""

    angebot: "Angebot"
    url: str
    qr_svg: SafeString

    @property
    def url_display(self) -> SafeString:
        return printable_url(self.url)


# Encoding takes segno about 20 ms per code (pure Python, eight masks tried), and an offer's
# address rarely changes: each worker keeps the codes it drew, about 2.5 kB each.
@lru_cache(maxsize=2048)
def qr_svg(url: str) -> SafeString:
    """The QR code of `url` as inline SVG, one unit per module, sized by CSS.

    The four-module quiet zone is part of the image so scanners find it on any background.
    The SVG holds only numbers (no text from the offer), so it is safe to insert as is.
    """
    code = segno.make(url, error="m", micro=False)
    return mark_safe(code.svg_inline(scale=1, border=4, omitsize=True, svgclass=None))


def absolute_url(obj: "Angebot | Sozialraum") -> str:
    """The page's absolute address in German, without a language prefix: the billboard is
    printed in German, and the German page links to its English version."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + obj.get_absolute_url()


def printable_url(url: str) -> SafeString:
    """The address to type from paper: without the scheme, which browsers add, and with a
    line-break opportunity after each slash, so a long one wraps between its parts."""
    return mark_safe(re.sub(r"/(?=.)", "/<wbr>", escape(url.split("://", 1)[-1])))


def angebote_fuer_aushang(sozialraum: Sozialraum, today: date) -> "QuerySet[Angebot]":
    """What residents can see in the space, with only the relations the billboard shows."""
    # Imported here: offers build on social spaces, not the other way round.
    from angebote.models import Kategorie, Zeitfenster
    from angebote.selectors import angebote_public

    return (
        angebote_public(today)
        .filter(sozialraum=sozialraum)
        .select_related("akteur", "bezirk")
        .prefetch_related(
            Prefetch("kategorien", queryset=Kategorie.objects.order_by("position", "name")),
            Prefetch("zeiten", queryset=Zeitfenster.objects.order_by("weekday", "opens")),
        )
    )


def aushang_gruppen(
    angebote: "QuerySet[Angebot]",
) -> list[tuple["Kategorie | None", list[Aushangeintrag]]]:
    """[(category, entries)]: each offer under its first category, categories in the
    vocabulary's order, offers by title; readers scan a billboard for what they need."""
    gruppen: dict[Kategorie | None, list[Aushangeintrag]] = {}
    for angebot in angebote:
        kategorie = next(iter(angebot.kategorien.all()), None)
        url = absolute_url(angebot)
        eintrag = Aushangeintrag(angebot=angebot, url=url, qr_svg=qr_svg(url))
        gruppen.setdefault(kategorie, []).append(eintrag)
    for eintraege in gruppen.values():
        eintraege.sort(key=lambda eintrag: eintrag.angebot.title.casefold())
    return sorted(gruppen.items(), key=lambda item: _kategorie_order(item[0]))


def _kategorie_order(kategorie: "Kategorie | None") -> tuple[int, int, str]:
    # Offers need a category in the form; one without (imported data) goes last.
    return (1, 0, "") if kategorie is None else (0, kategorie.position, kategorie.name)


class SozialraumAushangView(DetailView):
    """Public and without a form, so the page cache keeps it like the other public pages."""

    template_name = "sozialraeume/aushang.html"
    context_object_name = "sozialraum"

    def get_queryset(self):
        return Sozialraum.objects.defer("boundary")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        gruppen = aushang_gruppen(angebote_fuer_aushang(self.object, today))
        context.update(
            today=today,
            gruppen=gruppen,
            portal_display=printable_url(settings.SITE_URL),
            sozialraum_display=printable_url(absolute_url(self.object)),
        )
        return context
