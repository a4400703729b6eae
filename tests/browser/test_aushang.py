"""The billboard in a browser: accessible on screen, a clean A4 sheet in print whose QR codes,
as Chromium draws them, decode to the offers' pages."""

from datetime import time
from io import BytesIO

import pytest
import zxingcpp
from PIL import Image

from angebote.models import Angebot
from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible
from sozialraeume.models import Sozialraum
from tests.factories import AngebotFactory

pytestmark = pytest.mark.browser

SITE = "https://sozialraum.jena.example"
PATH = "/sozialraeume/lobeda/aushang/"


@pytest.fixture
def offers(jena, settings):
    settings.SITE_URL = SITE
    AngebotFactory(
        title="Offener Treff im Stadtteilbüro",
        slug="offener-treff",
        summary="Kaffee, Gespräche und Hilfe bei Formularen.",
        easy_summary="Hier treffen sich Menschen.\nSie trinken Kaffee.",
        kategorien=["treffpunkt", "beratung"],
        zeiten=[(2, time(10), time(12)), (4, time(20), time(1))],
        by_appointment=True,
    )
    AngebotFactory(
        title="Beratung am Telefon",
        slug="beratung-am-telefon",
        point=None,
        place_kind=Angebot.PlaceKind.PHONE,
        sozialraum=Sozialraum.objects.get(slug="lobeda"),
        kategorien=["beratung"],
    )
    AngebotFactory(
        title="Tanzkurs",
        slug="tanzkurs",
        kategorien=["sport-bewegung"],
        cost=Angebot.Cost.AMOUNT,
        cost_amount=4,
        cost_note="ermäßigt 2 Euro",
        registration_required=True,
    )
    return [
        f"{SITE}/angebote/offener-treff/",
        f"{SITE}/angebote/beratung-am-telefon/",
        f"{SITE}/angebote/tanzkurs/",
    ]


def css(page, selector: str, prop: str) -> str:
    """The computed value of a style property of the first element matching `selector`."""
    return page.evaluate(
        "([selector, prop]) => getComputedStyle(document.querySelector(selector))[prop]",
        [selector, prop],
    )


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_billboard_has_no_accessibility_violations(page, axe, offers, language):
    response = page.goto(page.base_url + LANGUAGE_PREFIXES[language] + PATH)

    assert response.status == 200
    assert page.locator(".aushang-qr").count() == 3
    assert page.locator("button[data-print]").is_visible()
    assert_accessible(page, axe, language)


def test_printed_billboard_shows_only_the_sheet_with_readable_qr_codes(page, offers):
    page.goto(page.base_url + PATH)
    page.emulate_media(media="print")

    for hidden in [".site-header", ".main-nav", ".site-footer", ".breadcrumbs", "button"]:
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator(".aushang-anleitung").is_hidden()
    assert page.locator("h1").is_visible()
    # 14 pt are 18.67 CSS pixels.
    assert float(css(page, ".aushang-kurz", "fontSize").removesuffix("px")) >= 18.6
    assert css(page, ".aushang-angebot", "breakInside") == "avoid"
    codes = page.locator(".aushang-qr")
    decoded = []
    for index in range(codes.count()):
        assert codes.nth(index).is_visible()
        image = Image.open(BytesIO(codes.nth(index).screenshot()))
        decoded.append([barcode.text for barcode in zxingcpp.read_barcodes(image)])
    assert decoded == [[url] for url in offers]


def test_billboard_prints_to_a_pdf(page, offers):
    page.goto(page.base_url + PATH)

    pdf = page.pdf(prefer_css_page_size=True)

    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5_000
