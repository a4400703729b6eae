import csv
import io
import json
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from angebote.csv_values import COLUMNS
from angebote.models import Angebot
from angebote.selectors import angebote_public
from sozialraeume.models import Sozialraum
from tests.factories import AkteurFactory, AngebotFactory

CSV_URL = "/daten/angebote.csv"
GEOJSON_URL = "/daten/angebote.geojson"


@pytest.fixture
def offers(db):
    """Two published offers (one without a fixed place) and three that must not be shown."""
    Angebot.objects.all().delete()
    akteur = AkteurFactory(slug="stadtteilbuero-winzerla", name="Stadtteilbüro Winzerla")
    AngebotFactory(
        title="Mittagstisch Winzerla",
        summary="Warmes Essen für wenig Geld.",
        description='Frisch gekocht.\r\nAuch vegetarisch, mit "Nachtisch", Komma; Ende\u2028.',
        easy_summary="Hier gibt es warmes Essen.",
        akteur=akteur,
        bezirk_number=90,
        kategorien=["guenstig-essen", "treffpunkt"],
        zielgruppen=["seniorinnen", "familien"],
        merkmale=["stufenlos", "rollstuhl-wc"],
        zeiten=[(1, time(11, 30), time(13, 30)), (5, time(22), time(2))],
        street_address="Am Anger 3",
        postal_code="07745",
        cost=Angebot.Cost.AMOUNT,
        cost_amount=Decimal("3.50"),
        cost_note="Ermäßigung mit Jena-Pass",
        registration_required=True,
        languages=["de", "uk"],
        phone="03641 123456",
        email="essen@example.org",
        website="https://example.org/essen",
        checked_on=date.today() - timedelta(days=100),  # fresh: older ones are hidden
        valid_from=date(2025, 1, 1),
    )
    AngebotFactory(
        title="Beratung am Telefon",
        akteur=akteur,
        place_kind=Angebot.PlaceKind.PHONE,
        point=None,
        sozialraum=Sozialraum.objects.get(slug="nord"),
        kategorien=["beratung"],
        by_appointment=True,
        is_sample=True,
    )
    AngebotFactory(title="Entwurf", akteur=akteur, status=Angebot.Status.DRAFT)
    AngebotFactory(title="Archiviert", akteur=akteur, status=Angebot.Status.ARCHIVED)
    AngebotFactory(title="Abgelaufen", akteur=akteur, valid_until=date.today() - timedelta(days=1))


def _content(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def _csv(client) -> list[dict]:
    response = client.get(CSV_URL)
    text = _content(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _snapshot() -> list[tuple]:
    return [
        (
            a.title,
            a.slug,
            a.summary,
            a.description,
            a.easy_summary,
            a.akteur.slug,
            sorted(a.kategorien.values_list("code", flat=True)),
            sorted(a.zielgruppen.values_list("code", flat=True)),
            sorted(a.merkmale.values_list("code", flat=True)),
            a.place_kind,
            a.street_address,
            a.postal_code,
            a.locality,
            a.point and (round(a.point.x, 6), round(a.point.y, 6)),
            a.bezirk_id,
            a.sozialraum.slug,
            a.cost,
            a.cost_amount,
            a.cost_note,
            a.registration_required,
            a.by_appointment,
            a.valid_from,
            a.valid_until,
            a.languages,
            a.phone,
            a.email,
            a.website,
            list(a.zeiten.values_list("weekday", "opens", "closes")),
            a.status,
            a.checked_on,
            a.is_sample,
        )
        for a in Angebot.objects.order_by("title")
    ]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_daten_page_links_both_downloads_and_names_licence(client, offers, prefix):
    response = client.get(f"{prefix}/daten/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f'href="{prefix}{CSV_URL}"' in html
    assert f'href="{prefix}{GEOJSON_URL}"' in html
    assert "dl-de/by-2-0" in html
    assert "<code>zeiten</code>" in html


def test_daten_page_counts_published_offers_and_warns_of_sample_data(client, offers):
    html = client.get("/daten/").content.decode()

    assert "zurzeit 2 Angebote" in html
    assert "1 Angebot ist ein erfundenes Beispiel" in html


def test_csv_download_has_the_import_columns_and_only_published_offers(client, offers):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="angebote.csv"'
    rows = _csv(client)
    assert list(rows[0]) == list(COLUMNS)
    assert [row["title"] for row in rows] == ["Beratung am Telefon", "Mittagstisch Winzerla"]
    essen = rows[1]
    assert essen["kategorien"] == "treffpunkt|guenstig-essen"
    assert essen["zeiten"] == "Mo 11:30-13:30|Fr 22:00-02:00"
    assert (essen["cost"], essen["cost_amount"]) == ("betrag", "3.50")
    assert (essen["languages"], essen["registration_required"]) == ("de|uk", "ja")
    assert essen["sozialraum"] == "winzerla"
    assert (rows[0]["latitude"], rows[0]["sozialraum"]) == ("", "nord")


def test_geojson_download_is_a_feature_collection_of_published_offers(client, offers):
    response = client.get(GEOJSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(_content(response))
    assert data["type"] == "FeatureCollection"
    assert data["license"]["id"] == "dl-de/by-2-0"
    features = {f["properties"]["title"]: f for f in data["features"]}
    assert set(features) == {"Beratung am Telefon", "Mittagstisch Winzerla"}

    essen = features["Mittagstisch Winzerla"]
    angebot = Angebot.objects.get(title="Mittagstisch Winzerla")
    assert essen["geometry"]["type"] == "Point"
    assert essen["geometry"]["coordinates"] == pytest.approx(list(angebot.point.coords), abs=1e-6)
    properties = essen["properties"]
    assert properties["url"] == f"http://testserver{angebot.get_absolute_url()}"
    assert properties["akteur_name"] == "Stadtteilbüro Winzerla"
    assert properties["kategorien"] == ["treffpunkt", "guenstig-essen"]
    assert properties["barrierefrei"] == ["stufenlos", "rollstuhl-wc"]
    assert (properties["bezirk"], properties["sozialraum"]) == (90, "winzerla")
    assert (properties["cost"], properties["cost_amount"]) == ("betrag", "3.50")
    assert properties["zeiten"][1] == {"weekday": 5, "opens": "22:00", "closes": "02:00"}
    assert properties["valid_from"] == "2025-01-01"
    assert properties["is_sample"] is False

    telefon = features["Beratung am Telefon"]
    assert telefon["geometry"] is None
    assert telefon["properties"]["is_sample"] is True
    assert telefon["properties"]["by_appointment"] is True


@pytest.mark.parametrize("url", [CSV_URL, GEOJSON_URL])
def test_downloads_need_the_same_queries_for_few_and_many_offers(client, offers, url):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _content(client.get(url))
        return len(captured)

    few = queries()
    for i in range(15):
        AngebotFactory(
            title=f"Treff {i}", kategorien=["treffpunkt"], zeiten=[(2, time(9), time(11))]
        )

    assert queries() == few == 1


def test_exported_csv_imports_again_to_the_same_offers(client, offers, tmp_path):
    Angebot.objects.exclude(pk__in=angebote_public().values("pk")).delete()
    before = _snapshot()
    path = tmp_path / "export.csv"
    path.write_bytes(b"".join(client.get(CSV_URL).streaming_content))
    Angebot.objects.all().delete()

    call_command("import_angebote", str(path), verbosity=0)

    assert _snapshot() == before
