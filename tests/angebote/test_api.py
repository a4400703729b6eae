import gzip
import json
from datetime import time

from tests.factories import AngebotFactory


def test_geojson_is_a_feature_collection_with_only_what_a_marker_needs(client, db):
    angebot = AngebotFactory(title="Spieletreff", zeiten=[(2, time(15), time(18))])

    response = client.get("/api/v1/angebote/?format=geojson")

    assert response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert (round(lon, 4), round(lat, 4)) == (round(angebot.point.x, 4), round(angebot.point.y, 4))
    assert feature["properties"] == {"slug": angebot.slug, "title": "Spieletreff"}


def test_empty_geojson_is_still_a_feature_collection(client, db):
    data = client.get("/api/v1/angebote/?format=geojson&q=Zeppelin").json()

    assert data == {"type": "FeatureCollection", "features": []}


def test_api_responses_are_gzip_compressed_when_the_client_accepts_it(client, db):
    for i in range(30):
        AngebotFactory(title=f"Treff {i}")

    response = client.get("/api/v1/angebote/?format=geojson", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(response.content))["features"]) == 30


def test_offer_detail_and_vocabularies_in_the_api(client, db):
    angebot = AngebotFactory(kategorien=["beratung"], merkmale=["stufenlos"])

    detail = client.get(f"/api/v1/angebote/{angebot.slug}/").json()
    kategorien = client.get("/api/v1/kategorien/").json()
    merkmale = client.get("/api/v1/merkmale/").json()

    assert detail["kategorien"] == ["beratung"]
    assert detail["barrierefrei"] == ["stufenlos"]
    assert detail["bezirk"] == "lobeda-ost"
    assert detail["sozialraum"] == "lobeda"
    assert {"code": "beratung", "name": "Beratung", "name_en": "Counselling"} in kategorien
    assert "stufenlos" in [m["code"] for m in merkmale]


def test_api_is_read_only_for_offers(client, db):
    angebot = AngebotFactory()

    assert client.post("/api/v1/angebote/", {"title": "x"}).status_code in {403, 405}
    assert client.delete(f"/api/v1/angebote/{angebot.slug}/").status_code in {403, 405}
