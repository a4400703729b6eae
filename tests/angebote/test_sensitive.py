"""Offers and actors without a public address (issue 7, item 6): their street and exact place
appear nowhere public, while their district and contact point do."""

import csv
import io
import json
import re

import pytest
from django.contrib.gis.db.models.functions import Distance, PointOnSurface
from django.contrib.gis.geos import Point
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from angebote import selectors, services
from angebote.filters import AngebotFilter
from angebote.forms import AngebotForm
from angebote.models import Angebot, Kategorie
from sozialraeume.models import Akteur, Bezirk
from tests.factories import AkteurFactory, AngebotFactory

CONTACT = {
    "contact_name": "Selbsthilfe-Kontaktstelle im Stadtteilbüro",
    "contact_phone": "03641 507070",
    "contact_email": "kontakt@selbsthilfe.example",
}
HIDDEN_STREETS = ["Verborgene Gasse 12", "Stille Straße 3", "Kastanienweg 17"]


def district_point(number: int) -> Point:
    """The public point of a district: PostGIS's point on surface, as the portal computes it."""
    return Bezirk.objects.annotate(centre=PointOnSurface("geometry")).get(number=number).centre


def exact_point(number: int, nudge: float = 0.0) -> Point:
    """A point inside the district, more than 100 m from its public point."""
    bezirk = Bezirk.objects.get(number=number)
    centre = district_point(number)
    for dx, dy in [
        (0.00213, 0.00117),
        (-0.00213, 0.00117),
        (0.00213, -0.00117),
        (-0.00213, -0.00117),
    ]:
        candidate = Point(centre.x + dx + nudge, centre.y + dy + nudge, srid=centre.srid)
        if bezirk.geometry.contains(candidate):
            return candidate
    raise AssertionError(f"no test point found in district {number}")


NUMBER = re.compile(r"-?\d+[.,]\d{4,}")


def shows_point(text: str, point: Point) -> bool:
    """Whether the text holds the point's latitude and longitude (four or more decimals, in
    any order and format) close to each other. Single matching numbers are not enough: the
    district outlines on map pages have thousands of coordinates."""
    numbers = [(m.start(), float(m.group().replace(",", "."))) for m in NUMBER.finditer(text)]
    lats = [at for at, value in numbers if abs(value - point.y) < 0.0001]
    lons = [at for at, value in numbers if abs(value - point.x) < 0.0001]
    return any(abs(lat - lon) < 200 for lat in lats for lon in lons)


@pytest.fixture
def places(db):
    """A sensitive offer (own flag), an offer of a sensitive actor (both in Lobeda-Ost) and an
    ordinary offer of the same office."""
    buero = AkteurFactory(
        name="Stadtteilbüro Lobeda",
        slug="stadtteilbuero-lobeda",
        kind=Akteur.Kind.STADTTEILBUERO,
        street_address="Karl-Marx-Allee 28",
        postal_code="07747",
    )
    gruppe = AkteurFactory(
        name="Selbsthilfegruppe Lichtblick",
        slug="lichtblick",
        kind=Akteur.Kind.SELBSTHILFE,
        hide_address=True,
        street_address="Kastanienweg 17",
        postal_code="07743",
        point=exact_point(90),
        phone="03641 111222",
    )
    own = AngebotFactory(
        title="Gesprächskreis für Trauernde",
        akteur=buero,
        hide_address=True,
        street_address="Verborgene Gasse 12",
        postal_code="07747",
        point=exact_point(63),
        phone="03641 123456",
        **CONTACT,
    )
    of_actor = AngebotFactory(
        title="Treffen der Gruppe Lichtblick",
        akteur=gruppe,
        street_address="Stille Straße 3",
        postal_code="07747",
        point=exact_point(63, nudge=0.0003),
        **CONTACT,
    )
    ordinary = AngebotFactory(
        title="Offener Treff",
        akteur=buero,
        street_address="Karl-Marx-Allee 28",
        postal_code="07747",
        point=exact_point(90, nudge=0.0005),
    )
    return {
        "buero": buero,
        "gruppe": gruppe,
        "own": own,
        "of_actor": of_actor,
        "ordinary": ordinary,
    }


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode()


PUBLIC_PAGES = {
    "offer page": lambda p: p["own"].get_absolute_url(),
    "offer page of the actor's offer": lambda p: p["of_actor"].get_absolute_url(),
    "offer page in English": lambda p: "/en" + p["own"].get_absolute_url(),
    "easy-language page": lambda p: reverse("angebote:detail-leicht", args=[p["own"].slug]),
    "easy-language page of the actor's offer": lambda p: reverse(
        "angebote:detail-leicht", args=[p["of_actor"].slug]
    ),
    "list": lambda p: "/angebote/",
    "map page with its list": lambda p: "/karte/",
    "map GeoJSON": lambda p: "/api/v1/angebote/?format=geojson",
    "API list": lambda p: "/api/v1/angebote/",
    "API detail": lambda p: f"/api/v1/angebote/{p['own'].slug}/",
    "API detail of the actor's offer": lambda p: f"/api/v1/angebote/{p['of_actor'].slug}/",
    "CSV download": lambda p: "/daten/angebote.csv",
    "GeoJSON download": lambda p: "/daten/angebote.geojson",
    "actor page": lambda p: p["gruppe"].get_absolute_url(),
    "page of the actor of the own-flag offer": lambda p: p["buero"].get_absolute_url(),
    "actor list": lambda p: "/akteure/",
    "actor API list": lambda p: "/api/v1/akteure/",
    "actor API detail": lambda p: f"/api/v1/akteure/{p['gruppe'].slug}/",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_street_and_exact_place_of_sensitive_offers_appear_nowhere_public(client, places, name):
    text = _text(client.get(PUBLIC_PAGES[name](places)))

    for street in HIDDEN_STREETS:
        assert street not in text
    for key in ("own", "of_actor", "gruppe"):
        assert not shows_point(text, places[key].point), key


def test_the_check_for_exact_places_would_find_an_ordinary_offers_place(client, places):
    ordinary = places["ordinary"]
    texts = [
        _text(client.get(ordinary.get_absolute_url())),
        _text(client.get(f"/api/v1/angebote/{ordinary.slug}/")),
        _text(client.get("/daten/angebote.csv")),
        _text(client.get("/daten/angebote.geojson")),
    ]

    assert all("Karl-Marx-Allee 28" in text for text in texts)
    assert all(shows_point(text, ordinary.point) for text in texts)


@pytest.mark.parametrize("key", ["own", "of_actor"])
def test_offer_page_shows_the_district_the_contact_point_and_no_pin(client, places, key):
    angebot = places[key]

    html = _text(client.get(angebot.get_absolute_url()))
    easy = _text(client.get(reverse("angebote:detail-leicht", args=[angebot.slug])))

    assert "Bezirk Lobeda-Ost" in html
    assert "Die genaue Adresse wird zum Schutz der Teilnehmenden nicht veröffentlicht." in html
    assert 'id="bezirk-umriss"' in html and "data-lat" not in html
    assert "Das Angebot ist im Bezirk Lobeda-Ost." in easy
    for page in (html, easy):
        assert CONTACT["contact_name"] in page
        assert 'href="tel:03641507070"' in page
        assert f'href="mailto:{CONTACT["contact_email"]}"' in page


def test_json_ld_of_a_sensitive_offer_names_district_and_contact_point(client, places):
    html = _text(client.get(places["own"].get_absolute_url()))

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    place = data["availableChannel"]["serviceLocation"]
    centre = district_point(63)
    assert "streetAddress" not in place["address"]
    assert place["name"] == "Jena, Lobeda-Ost"
    assert (place["geo"]["latitude"], place["geo"]["longitude"]) == (
        round(centre.y, 6),
        round(centre.x, 6),
    )
    assert data["provider"]["contactPoint"]["telephone"] == CONTACT["contact_phone"]


def test_ordinary_offer_still_shows_its_street_and_pin(client, places):
    html = _text(client.get(places["ordinary"].get_absolute_url()))

    assert "Karl-Marx-Allee 28" in html
    assert "data-lat" in html and "bezirk-umriss" not in html


def test_sensitive_offers_of_one_district_share_its_point_on_the_map(client, places):
    data = json.loads(_text(client.get("/api/v1/angebote/?format=geojson")))

    places_by_title = {
        f["properties"]["title"]: f["geometry"]["coordinates"] for f in data["features"]
    }
    centre = district_point(63)
    expected = [round(centre.x, 5), round(centre.y, 5)]
    assert places_by_title["Gesprächskreis für Trauernde"] == pytest.approx(expected, abs=1e-5)
    assert (
        places_by_title["Treffen der Gruppe Lichtblick"]
        == (places_by_title["Gesprächskreis für Trauernde"])
    )


@pytest.mark.parametrize("key", ["own", "of_actor"])
def test_api_gives_the_district_point_and_the_contact_point(client, places, key):
    data = client.get(f"/api/v1/angebote/{places[key].slug}/").json()

    centre = district_point(63)
    assert (data["street_address"], data["postal_code"]) == ("", "")
    assert (data["latitude"], data["longitude"]) == pytest.approx((centre.y, centre.x))
    assert (data["bezirk"], data["hide_address"]) == ("lobeda-ost", True)
    assert {name: data[name] for name in CONTACT} == CONTACT


def test_api_shows_an_ordinary_offers_street(client, places):
    data = client.get(f"/api/v1/angebote/{places['ordinary'].slug}/").json()

    assert (data["street_address"], data["hide_address"]) == ("Karl-Marx-Allee 28", False)


def test_csv_download_gives_district_point_and_contact_point(client, places):
    text = _text(client.get("/daten/angebote.csv")).removeprefix("\ufeff")

    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(text))}
    centre = district_point(63)
    for title in ("Gesprächskreis für Trauernde", "Treffen der Gruppe Lichtblick"):
        row = rows[title]
        assert (row["street_address"], row["postal_code"], row["hide_address"]) == ("", "", "ja")
        assert float(row["latitude"]) == pytest.approx(centre.y, abs=1e-7)
        assert float(row["longitude"]) == pytest.approx(centre.x, abs=1e-7)
        assert row["contact_name"] == CONTACT["contact_name"]
        assert row["contact_email"] == CONTACT["contact_email"]
    assert rows["Offener Treff"]["street_address"] == "Karl-Marx-Allee 28"
    assert rows["Offener Treff"]["hide_address"] == "nein"


def test_geojson_download_gives_district_point_and_contact_point(client, places):
    data = json.loads(_text(client.get("/daten/angebote.geojson")))

    features = {f["properties"]["title"]: f for f in data["features"]}
    feature = features["Treffen der Gruppe Lichtblick"]
    centre = district_point(63)
    assert feature["geometry"]["coordinates"] == pytest.approx([centre.x, centre.y], abs=1e-7)
    properties = feature["properties"]
    assert (properties["bezirk_name"], properties["hide_address"]) == ("Lobeda-Ost", True)
    assert (properties["street_address"], properties["postal_code"]) == ("", "")
    assert properties["contact_phone"] == CONTACT["contact_phone"]


def test_actor_page_and_api_show_only_the_district_of_a_sensitive_actor(client, places):
    html = _text(client.get(places["gruppe"].get_absolute_url()))
    data = client.get(f"/api/v1/akteure/{places['gruppe'].slug}/").json()
    office = client.get(f"/api/v1/akteure/{places['buero'].slug}/").json()

    assert "Bezirk Winzerla" in html
    assert "03641 111222" in html  # the actor's own contact stays
    centre = district_point(90)
    assert (data["street_address"], data["postal_code"], data["hide_address"]) == ("", "", True)
    assert (data["latitude"], data["longitude"]) == pytest.approx((centre.y, centre.x))
    assert office["street_address"] == "Karl-Marx-Allee 28"


def _found(query: dict) -> dict[str, Angebot]:
    queryset = selectors.angebote_with_details(selectors.angebote_public())
    filterset = AngebotFilter(query, queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return {angebot.title: angebot for angebot in filterset.qs}


def test_radius_search_finds_a_sensitive_offer_no_closer_than_its_district_point(places):
    exact = places["own"].point
    AngebotFactory(title="Nachbar am selben Ort", point=exact)
    to_centre = (
        Bezirk.objects.annotate(d=Distance(PointOnSurface("geometry"), exact)).get(number=63).d.m
    )
    around = {"lat": f"{exact.y:.7f}", "lon": f"{exact.x:.7f}"}

    near = _found({**around, "umkreis": "20"})
    just_short = _found({**around, "umkreis": str(int(to_centre) - 1)})
    wide = _found({**around, "umkreis": "5000"})

    assert "Nachbar am selben Ort" in near
    assert "Gesprächskreis für Trauernde" not in near
    assert "Gesprächskreis für Trauernde" not in just_short
    assert wide["Gesprächskreis für Trauernde"].distance.m == pytest.approx(to_centre, abs=1)
    assert wide["Nachbar am selben Ort"].distance.m == pytest.approx(0, abs=0.01)


def test_radius_search_around_the_district_point_finds_the_sensitive_offer(places):
    centre = district_point(63)

    found = _found({"lat": f"{centre.y:.7f}", "lon": f"{centre.x:.7f}", "umkreis": "5"})

    assert {"Gesprächskreis für Trauernde", "Treffen der Gruppe Lichtblick"} <= set(found)


def test_map_section_cannot_narrow_down_on_the_exact_place(places):
    exact = places["own"].point
    AngebotFactory(title="Nachbar am selben Ort", point=exact)
    box = f"{exact.x - 0.0002},{exact.y - 0.0002},{exact.x + 0.0002},{exact.y + 0.0002}"
    centre = district_point(63)
    around_centre = (
        f"{centre.x - 0.0002},{centre.y - 0.0002},{centre.x + 0.0002},{centre.y + 0.0002}"
    )

    assert set(_found({"bbox": box})) == {"Nachbar am selben Ort"}
    assert "Gesprächskreis für Trauernde" in _found({"bbox": around_centre})


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


def test_hiding_an_actors_address_clears_the_cached_map_file(
    client, places, page_cache, django_capture_on_commit_callbacks
):
    buero = places["buero"]
    ordinary = places["ordinary"]
    url = "/api/v1/angebote/?format=geojson"
    assert shows_point(_text(client.get(url)), ordinary.point)

    with django_capture_on_commit_callbacks(execute=True):
        buero.hide_address = True
        buero.save()

    assert not shows_point(_text(client.get(url)), ordinary.point)


def test_hiding_the_address_takes_effect_at_once_the_rest_of_the_change_waits(member_a):
    published = AngebotFactory(akteur=member_a.memberships.get().akteur, street_address="Am Hang 1")
    assert {"hide_address", *CONTACT} <= set(AngebotForm(akteure=Akteur.objects.all()).fields)

    draft = services.angebot_version_to_edit(angebot=published, user=member_a)
    draft.hide_address = True
    draft.contact_name = CONTACT["contact_name"]
    draft = services.angebot_edit(
        angebot=draft,
        user=member_a,
        kategorien=Kategorie.objects.filter(code="treffpunkt"),
        zielgruppen=[],
        merkmale=[],
        zeiten=[],
    )

    published.refresh_from_db()
    assert published.hide_address is True  # protection does not wait for the Fachdienst
    assert published.contact_name == ""  # the rest of the change waits for review
    labels = {str(change["label"]) for change in selectors.angebot_changes(draft)}
    assert "Ansprechstelle" in labels
    assert "Am Hang 1" not in _text(Client().get(published.get_absolute_url()))


def test_showing_the_address_again_waits_for_review(member_a):
    published = AngebotFactory(
        akteur=member_a.memberships.get().akteur, street_address="Am Hang 1", hide_address=True
    )

    draft = services.angebot_version_to_edit(angebot=published, user=member_a)
    draft.hide_address = False
    services.angebot_edit(
        angebot=draft,
        user=member_a,
        kategorien=Kategorie.objects.filter(code="treffpunkt"),
        zielgruppen=[],
        merkmale=[],
        zeiten=[],
    )

    published.refresh_from_db()
    assert published.hide_address is True
