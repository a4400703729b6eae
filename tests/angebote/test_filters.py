"""Every filter of the offer list, with one value that matches and one that does not,
on the HTML page and the API alike (they share one FilterSet)."""

import re
from datetime import date, time

import pytest

from angebote.models import Angebot
from sozialraeume.models import Sozialraum
from tests.factories import AngebotFactory


def page_slugs(client, query: str) -> set[str]:
    response = client.get(f"/angebote/?{query}")
    assert response.status_code == 200
    return set(re.findall(r'href="/angebote/([\w-]+)/"', response.content.decode()))


def api_slugs(client, query: str) -> set[str]:
    response = client.get(f"/api/v1/angebote/?{query}")
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["results"]}


def geojson_slugs(client, query: str) -> set[str]:
    response = client.get(f"/api/v1/angebote/?{query}&format=geojson")
    assert response.status_code == 200, response.content
    return {feature["properties"]["slug"] for feature in response.json()["features"]}


SOURCES = [page_slugs, api_slugs, geojson_slugs]


@pytest.fixture
def pair(db):
    """Build a matching and a non-matching offer from two keyword sets."""

    def build(matching: dict, other: dict) -> tuple[str, str]:
        hit = AngebotFactory(title="Treffer", slug="treffer", **matching)
        miss = AngebotFactory(title="Daneben", slug="daneben", **other)
        return hit.slug, miss.slug

    return build


CASES = {
    "q": ({"summary": "Offene Beratung"}, {"summary": "Kochen"}, "q=Beratung", "q=Fahrrad"),
    "sozialraum": (
        {"bezirk_number": 63},
        {"bezirk_number": 43},
        "sozialraum=lobeda",
        "sozialraum=ost",
    ),
    "bezirk": ({"bezirk_number": 63}, {"bezirk_number": 62}, "bezirk=lobeda-ost", "bezirk=wogau"),
    "kategorie": (
        {"kategorien": ["beratung"]},
        {"kategorien": ["sport-bewegung"]},
        "kategorie=beratung",
        "kategorie=wohnen",
    ),
    "zielgruppe": (
        {"zielgruppen": ["familien"]},
        {"zielgruppen": ["seniorinnen"]},
        "zielgruppe=familien",
        "zielgruppe=angehoerige",
    ),
    "barrierefrei": (
        {"merkmale": ["stufenlos", "rollstuhl-wc"]},
        {"merkmale": ["stufenlos"]},
        "barrierefrei=stufenlos&barrierefrei=rollstuhl-wc",
        "barrierefrei=hoeranlage",
    ),
    "kostenlos": (
        {"cost": Angebot.Cost.FREE},
        {"cost": Angebot.Cost.AMOUNT, "cost_amount": "5.00"},
        "kostenlos=1",
        None,
    ),
    "tag": (
        {"zeiten": [(1, time(9), time(12))]},
        {"zeiten": [(3, time(9), time(12))]},
        "tag=mo",
        "tag=so",
    ),
    "sprache": ({"languages": ["de", "ar"]}, {"languages": ["de"]}, "sprache=ar", "sprache=uk"),
    "umkreis": (
        {"bezirk_number": 63},
        {"bezirk_number": 43},
        "lat={lat}&lon={lon}&umkreis=800",
        "lat=51.3397&lon=12.3731&umkreis=800",
    ),
    "bbox": (
        {"bezirk_number": 63},
        {"bezirk_number": 43},
        "bbox={w},{s},{e},{n}",
        "bbox=12.0,51.0,12.1,51.1",
    ),
}


def _fill(query: str, hit_slug: str) -> str:
    point = Angebot.objects.get(slug=hit_slug).point
    return query.format(
        lat=point.y,
        lon=point.x,
        w=point.x - 0.001,
        s=point.y - 0.001,
        e=point.x + 0.001,
        n=point.y + 0.001,
    )


@pytest.mark.parametrize("source", SOURCES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("case", CASES.keys())
def test_filter_matches_one_value_and_not_another(client, pair, source, case):
    matching, other, query, query_without_hit = CASES[case]
    hit, miss = pair(matching, other)

    found = source(client, _fill(query, hit))

    assert hit in found
    assert miss not in found
    if query_without_hit:
        assert hit not in source(client, _fill(query_without_hit, hit))


def test_zielgruppe_filter_includes_offers_for_everyone(client, db):
    for_everyone = AngebotFactory(zielgruppen=[])

    assert for_everyone.slug in api_slugs(client, "zielgruppe=familien")


@pytest.mark.parametrize(
    "query",
    [
        "sozialraum=mitte",
        "kategorie=gibt-es-nicht",
        "barrierefrei=fliegen",
        "tag=montag",
        "kostenlos=vielleicht",
        "lat=50.9",
        "lat=abc&lon=11&umkreis=100",
        "lat=50.9&lon=11.6&umkreis=9999999",
        "bbox=1,2,3",
        "sprache=xx",
    ],
)
def test_invalid_filter_values_are_400_with_field_map_in_api(client, db, query):
    for suffix in ["", "&format=geojson"]:
        response = client.get(f"/api/v1/angebote/?{query}{suffix}")
        assert response.status_code == 400, (query, suffix)
        assert isinstance(response.json(), dict) and response.json()


def test_invalid_filter_value_on_page_shows_the_error_and_no_results(client, db):
    AngebotFactory()

    response = client.get("/angebote/?sozialraum=mitte")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert "0 Angebote gefunden" in html


def test_radius_search_sorts_by_distance(client, db):
    near = AngebotFactory(bezirk_number=63)
    far = AngebotFactory(bezirk_number=62)
    point = near.point

    results = client.get(f"/api/v1/angebote/?lat={point.y}&lon={point.x}&umkreis=10000").json()[
        "results"
    ]

    assert [r["slug"] for r in results][:2] == [near.slug, far.slug]


def test_unpublished_and_expired_offers_are_not_listed(client, db):
    draft = AngebotFactory(status=Angebot.Status.DRAFT)
    expired = AngebotFactory(valid_from=date(2020, 1, 1), valid_until=date(2020, 12, 31))
    current = AngebotFactory()

    for source in SOURCES:
        found = source(client, "")
        assert current.slug in found
        assert draft.slug not in found
        assert expired.slug not in found


def test_offer_without_fixed_place_is_listed_in_its_chosen_space(client, db):
    phone = AngebotFactory(
        place_kind=Angebot.PlaceKind.PHONE,
        point=None,
        sozialraum=Sozialraum.objects.get(slug="nord"),
    )

    assert phone.slug in api_slugs(client, "sozialraum=nord")
    assert phone.slug not in geojson_slugs(client, "sozialraum=nord")  # no marker without a place
