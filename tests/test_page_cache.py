"""Production keeps public pages in a shared cache and forgets them when data changes."""

import gzip
import json

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from angebote.services import angebot_save
from tests.factories import AngebotFactory


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


def _get(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client, db, page_cache):
    AngebotFactory(title="Spieletreff")

    first, first_queries = _get(client, "/angebote/")
    second, second_queries = _get(client, "/angebote/")

    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content


def test_changing_an_offer_clears_the_cached_pages(
    client, db, page_cache, django_capture_on_commit_callbacks
):
    angebot = AngebotFactory(title="Spieletreff")
    client.get("/angebote/")

    with django_capture_on_commit_callbacks(execute=True):
        angebot.title = "Spieleabend"
        angebot_save(angebot=angebot)

    assert "Spieleabend" in client.get("/angebote/").content.decode()


def test_pages_with_a_form_token_are_rendered_for_each_visitor(client, db, page_cache):
    client.get("/barrierefreiheit/")
    other = client.__class__()

    response = other.get("/barrierefreiheit/")

    # A shared copy would carry no cookie of its own; a fresh page sets this visitor's token.
    assert "csrftoken" in response.cookies
    assert response.cookies["csrftoken"].value != client.cookies["csrftoken"].value


def test_offer_geojson_is_kept_as_files_and_rebuilt_after_a_change(
    client, db, page_cache, django_capture_on_commit_callbacks
):
    angebot = AngebotFactory(title="Spieletreff")
    url = "/api/v1/angebote/?format=geojson&kostenlos=1"

    first, first_queries = _get(client, url)
    second, second_queries = _get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        angebot.title = "Spieleabend"
        angebot_save(angebot=angebot)
    third = client.get(url)

    assert first_queries > 0 and second_queries == 0
    assert b"".join(second.streaming_content) == b"".join(first.streaming_content)
    assert b"Spieleabend" in b"".join(third.streaming_content)


def test_gzip_clients_get_the_compressed_geojson_file(client, db, page_cache):
    AngebotFactory(title="Spieletreff")
    url = "/api/v1/angebote/?format=geojson"
    client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(b"".join(response.streaming_content)))
    assert data["features"][0]["properties"]["title"] == "Spieletreff"


def test_invalid_geojson_filters_are_not_cached(client, db, page_cache):
    assert client.get("/api/v1/angebote/?format=geojson&sozialraum=mitte").status_code == 400
    assert client.get("/api/v1/angebote/?format=geojson&sozialraum=mitte").status_code == 400
