"""Pages and API need the same number of queries for 10 and for 200 offers."""

from datetime import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AngebotFactory

URLS = [
    "/angebote/",
    "/angebote/?kategorie=beratung&barrierefrei=stufenlos&q=Treff",
    "/karte/",
    "/api/v1/angebote/",
    "/api/v1/angebote/?format=geojson",
    "/akteure/",
]


def _make(n: int) -> None:
    for i in range(n):
        AngebotFactory(
            title=f"Treff {i}",
            kategorien=["beratung", "treffpunkt"],
            merkmale=["stufenlos", "aufzug"],
            zielgruppen=["familien"],
            zeiten=[(1, time(9), time(12)), (3, time(14), time(16))],
            bezirk_number=[63, 43, 82][i % 3],
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_query_count_does_not_grow_with_the_number_of_offers(client, db):
    _make(10)
    with_10 = {url: _queries(client, url) for url in URLS}
    _make(190)

    assert {url: _queries(client, url) for url in URLS} == with_10


def test_detail_page_query_count_does_not_depend_on_relations(client, db):
    few = AngebotFactory(kategorien=["beratung"], zeiten=[(1, time(9), time(10))])
    many = AngebotFactory(
        kategorien=["beratung", "treffpunkt", "bildung", "gesundheit"],
        merkmale=["stufenlos", "aufzug", "hoeranlage", "reizarm"],
        zielgruppen=["familien", "seniorinnen"],
        zeiten=[(d, time(9), time(10)) for d in range(1, 8)],
    )

    assert _queries(client, few.get_absolute_url()) == _queries(client, many.get_absolute_url())
