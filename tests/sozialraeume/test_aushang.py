"""The billboard /sozialraeume/<slug>/aushang/: current offers of one space with QR codes."""

import re
from datetime import time, timedelta

import pytest
import zxingcpp
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image, ImageDraw

from angebote.models import Angebot
from sozialraeume.models import Sozialraum
from tests.factories import AngebotFactory

SITE = "https://sozialraum.jena.example"
URL = "/sozialraeume/lobeda/aushang/"

QR_PATTERN = re.compile(
    r'<div class="aushang-qr" data-url="(?P<url>[^"]+)" role="img" aria-label="(?P<label>[^"]+)">'
    r"(?P<svg><svg.*?</svg>)</div>",
    re.DOTALL,
)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def rasterize(svg: str, pixels_per_module: int = 8) -> Image.Image:
    """Draw segno's SVG path the way a browser would: `M x y` and `m dx dy` move, `h n` draws
    n dark modules along the row whose centre line is y."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg)[1])
    path = re.search(r'<path [^>]*d="([^"]+)"', svg)[1]
    image = Image.new("L", (size * pixels_per_module,) * 2, 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, first, second in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            left, top = x * pixels_per_module, (y - 0.5) * pixels_per_module
            right = (x + float(first)) * pixels_per_module - 1
            draw.rectangle([left, top, right, top + pixels_per_module - 1], fill=0)
            x += float(first)
    return image


def qr_codes(html: str) -> list[dict]:
    """Each QR code on the page, in page order: its data-url, aria-label and decoded texts."""
    codes = []
    for match in QR_PATTERN.finditer(html):
        decoded = [barcode.text for barcode in zxingcpp.read_barcodes(rasterize(match["svg"]))]
        codes.append({"url": match["url"], "label": match["label"], "decoded": decoded})
    return codes


def test_billboard_lists_only_published_current_offers_of_the_space(client, db, settings):
    today = timezone.localdate()
    stale = today - timedelta(days=settings.FRESHNESS_HIDE_DAYS + 1)
    AngebotFactory(title="Offener Treff")
    AngebotFactory(title="Endet heute", valid_until=today)
    AngebotFactory(
        title="Beratung am Telefon",
        point=None,
        place_kind=Angebot.PlaceKind.PHONE,
        sozialraum=Sozialraum.objects.get(slug="lobeda"),
    )
    AngebotFactory(title="Noch ein Entwurf", status=Angebot.Status.DRAFT)
    AngebotFactory(title="In der Prüfung", status=Angebot.Status.REVIEW)
    AngebotFactory(title="Längst archiviert", status=Angebot.Status.ARCHIVED)
    AngebotFactory(title="Gestern abgelaufen", valid_until=today - timedelta(days=1))
    AngebotFactory(title="Lange nicht geprüft", checked_on=stale)
    AngebotFactory(title="Tanzkurs im Norden", bezirk_number=72)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for shown in ["Offener Treff", "Endet heute", "Beratung am Telefon"]:
        assert shown in html
    for hidden in [
        "Noch ein Entwurf",
        "In der Prüfung",
        "Längst archiviert",
        "Gestern abgelaufen",
        "Lange nicht geprüft",
        "Tanzkurs im Norden",
    ]:
        assert hidden not in html
    assert len(qr_codes(html)) == 3


def test_offer_checked_just_within_the_freshness_limit_is_listed(client, db, settings):
    settings.FRESHNESS_HIDE_DAYS = 30
    today = timezone.localdate()
    AngebotFactory(title="Gerade noch frisch", checked_on=today - timedelta(days=30))
    AngebotFactory(title="Einen Tag zu alt", checked_on=today - timedelta(days=31))

    html = client.get(URL).content.decode()

    assert "Gerade noch frisch" in html
    assert "Einen Tag zu alt" not in html


def test_offers_are_grouped_by_category_then_sorted_by_title(client, db):
    AngebotFactory(title="Zumba", kategorien=["sport-bewegung"])
    AngebotFactory(title="Schuldnerberatung", kategorien=["beratung", "treffpunkt"])
    AngebotFactory(title="Erzählcafé", kategorien=["treffpunkt"])
    AngebotFactory(title="Mieterberatung", kategorien=["beratung"])

    html = client.get(URL).content.decode()

    headings = re.findall(r'<h2 id="gruppe-\d+">([^<]+)</h2>', html)
    titles = [code["label"].removeprefix("QR-Code zu: ") for code in qr_codes(html)]
    assert headings == ["Treffpunkt", "Beratung", "Sport und Bewegung"]
    # An offer stands once, under its first category in the vocabulary's order.
    assert titles == ["Erzählcafé", "Schuldnerberatung", "Mieterberatung", "Zumba"]


def test_easy_language_summary_comes_before_the_summary(client, db):
    AngebotFactory(
        title="Offener Treff",
        summary="Niedrigschwelliger Begegnungsort mit Beratungsangebot.",
        easy_summary="Hier treffen sich Menschen.\nSie trinken Kaffee.",
    )
    AngebotFactory(title="Ohne Leichte Sprache", summary="Nur die Kurzbeschreibung.")

    html = client.get(URL).content.decode()

    easy = html.index("Hier treffen sich Menschen.<br>Sie trinken Kaffee.")
    assert easy < html.index("Niedrigschwelliger Begegnungsort")
    assert html.count('class="aushang-leicht"') == 1
    assert '<p class="aushang-kurz">Nur die Kurzbeschreibung.</p>' in html


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_each_offer_has_one_qr_code_that_decodes_to_its_german_address(client, db, prefix):
    treff = AngebotFactory(title="Offener Treff", slug="offener-treff")
    beratung = AngebotFactory(title="Beratung", slug="beratung", kategorien=["beratung"])

    html = client.get(prefix + URL).content.decode()

    expected = [f"{SITE}/angebote/offener-treff/", f"{SITE}/angebote/beratung/"]
    codes = qr_codes(html)
    assert [code["decoded"] for code in codes] == [[url] for url in expected]
    assert [code["url"] for code in codes] == expected
    # "QR-Code zu: <title>", translated on the English page.
    assert [code["label"].split(": ", 1)[1] for code in codes] == [treff.title, beratung.title]
    # Printed for people who cannot scan, without the scheme browsers add themselves.
    assert "sozialraum.jena.example/<wbr>angebote/<wbr>offener-treff/</dd>" in html


def test_billboard_shows_times_cost_and_the_street_of_ordinary_offers(client, db):
    AngebotFactory(
        title="Offener Treff",
        street_address="Karl-Marx-Allee 28",
        postal_code="07747",
        zeiten=[(2, time(10), time(12)), (2, time(14), time(17)), (4, time(20), time(1))],
    )
    AngebotFactory(
        title="Tanzkurs",
        street_address="Kastanienstraße 11",
        postal_code="07747",
        cost=Angebot.Cost.AMOUNT,
        cost_amount=4,
        registration_required=True,
        kategorien=["sport-bewegung"],
    )

    html = client.get(URL).content.decode()

    assert "Dienstag: 10:00 bis 12:00 Uhr, 14:00 bis 17:00 Uhr" in html
    assert "Donnerstag: 20:00 bis 01:00 Uhr (bis in die Nacht)" in html
    assert "Kostenlos" in html
    assert "4,00 Euro" in html
    assert "Bitte melden Sie sich vorher an." in html
    assert "Karl-Marx-Allee 28, 07747 Jena (Bezirk Lobeda-Ost)" in html
    assert "Kastanienstraße 11, 07747 Jena" in html


@pytest.mark.parametrize("on", ["angebot", "akteur"])
def test_billboard_shows_only_the_district_of_an_offer_without_public_address(client, db, on):
    angebot = AngebotFactory(
        title="Gesprächskreis", street_address="Karl-Marx-Allee 28", postal_code="07747"
    )
    target = angebot if on == "angebot" else angebot.akteur
    target.hide_address = True
    target.save()

    html = client.get(URL).content.decode()

    assert "Gesprächskreis" in html
    assert "Bezirk Lobeda-Ost" in html
    for address in ["Karl-Marx-Allee", "07747"]:
        assert address not in html


def test_header_names_the_space_the_date_and_the_portal(client, db):
    html = client.get(URL).content.decode()

    assert "<h1>Angebote im Sozialraum Lobeda</h1>" in html
    assert f"Stand: {date_format(timezone.localdate())}" in html
    assert "sozialraum.jena.example</span>" in html
    assert "sozialraum.jena.example/<wbr>sozialraeume/<wbr>lobeda/</span>" in html
    assert "css/aushang.css" in html
    assert "data-print" in html


def test_billboard_without_offers_says_so(client, db):
    AngebotFactory(title="Tanzkurs im Norden", bezirk_number=72)

    html = client.get(URL).content.decode()

    assert "Zurzeit gibt es hier keine aktuellen Angebote." in html
    assert not qr_codes(html)


def test_offer_texts_are_escaped(client, db):
    AngebotFactory(title='<script>alert("x")</script>', summary="<b>fett</b>")

    html = client.get(URL).content.decode()

    assert "<script>alert" not in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html
    assert 'aria-label="QR-Code zu: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in html


def test_billboard_needs_a_constant_number_of_queries(client, db, django_assert_max_num_queries):
    for number in range(12):
        AngebotFactory(
            title=f"Angebot {number:02d}",
            kategorien=["treffpunkt", "beratung"] if number % 2 else ["bildung"],
            zeiten=[(1, time(9), time(12)), (3, time(14), time(16))],
        )

    # The space, the offers with provider and district, their categories, their times.
    with django_assert_max_num_queries(4):
        response = client.get(URL)

    assert len(qr_codes(response.content.decode())) == 12


def test_unknown_space_is_not_found(client, db):
    assert client.get("/sozialraeume/atlantis/aushang/").status_code == 404


def test_space_page_links_to_its_billboard(client, db):
    html = client.get("/sozialraeume/lobeda/").content.decode()

    assert f'<a href="{URL}">Aushang zum Ausdrucken</a>' in html


@pytest.fixture
def page_cache(settings, tmp_path):
    settings.CACHE_MIDDLEWARE_SECONDS = 300
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "jena_sozialraum.page_cache.PageFileCache",
            "LOCATION": str(tmp_path / "pages"),
        },
    }
    yield caches["pages"]
    caches["pages"].clear()


def test_billboard_is_served_from_the_page_cache(client, db, page_cache):
    AngebotFactory(title="Offener Treff")
    client.get(URL)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)

    assert len(queries) == 0
    assert "Offener Treff" in response.content.decode()
    assert "csrftoken" not in response.cookies
