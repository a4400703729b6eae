import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from sozialraeume.models import Bezirk, Population, Sozialraum

FIXTURE_FILE = settings.BASE_DIR / "fixtures" / "jena" / "statistische_bezirke.geojson"
SHARED_FILE = settings.BASE_DIR.parent / "shared" / "data" / "jena" / "statistische_bezirke.geojson"


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "bezirke.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _source() -> dict:
    return json.loads(FIXTURE_FILE.read_text(encoding="utf-8"))


def _snapshot() -> list:
    return list(Bezirk.objects.order_by("number").values_list("number", "name", "sozialraum_id"))


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(FIXTURE_FILE, id="fixtures-copy"),
        pytest.param(
            SHARED_FILE,
            id="shared-file",
            marks=pytest.mark.skipif(
                not SHARED_FILE.exists(), reason=f"{SHARED_FILE} is not beside this checkout"
            ),
        ),
    ],
)
def test_shared_file_imports_41_districts_in_5_spaces(db, path):
    Population.objects.all().delete()
    Bezirk.objects.all().delete()
    Sozialraum.objects.update(boundary=None)

    call_command("import_bezirke", str(path), verbosity=0)

    assert Bezirk.objects.count() == 41
    assert Population.objects.filter(year=2017).count() == 41
    spaces = Sozialraum.objects.all()
    assert [s.bezirke.count() for s in spaces] == [7, 8, 13, 6, 7]
    assert all(space.boundary is not None and space.boundary.valid for space in spaces)
    lobeda_ost = Bezirk.objects.get(number=63)
    assert (lobeda_ost.name, lobeda_ost.slug, lobeda_ost.sozialraum.slug) == (
        "Lobeda-Ost",
        "lobeda-ost",
        "lobeda",
    )
    # Residents 2017 per space as published by the city (data README).
    residents = {
        s.slug: sum(p.residents for p in Population.objects.filter(bezirk__sozialraum=s, year=2017))
        for s in spaces
    }
    assert residents == {
        "lobeda": 26146,
        "winzerla": 15904,
        "west-zentrum": 27916,
        "nord": 21048,
        "ost": 17708,
    }


def test_district_area_is_computed_in_square_metres_from_its_polygon(db):
    ammerbach = Bezirk.objects.get(number=11)

    # The source file states 4.542 km²; the geodesic area of the polygon agrees within 2 %.
    assert ammerbach.area_km2 == pytest.approx(4.542, rel=0.02)


def test_reimport_updates_names_and_population_without_duplicates(db, tmp_path):
    data = _source()
    feature = next(f for f in data["features"] if f["properties"]["bezirk_nr"] == 63)
    feature["properties"]["name"] = "Lobeda-Ost (neu)"
    feature["properties"]["einwohner"]["2017"] = 6000
    feature["properties"]["einwohner"]["2018"] = 6100

    call_command("import_bezirke", str(_write(tmp_path, data)), verbosity=0)

    bezirk = Bezirk.objects.get(number=63)
    assert bezirk.name == "Lobeda-Ost (neu)"
    assert {p.year: p.residents for p in bezirk.population.filter(year__gte=2017)} == {
        2017: 6000,
        2018: 6100,
    }
    assert Bezirk.objects.count() == 41


def test_moving_a_district_to_another_space_redraws_both_boundaries(db, tmp_path):
    data = _source()
    feature = next(f for f in data["features"] if f["properties"]["bezirk_nr"] == 63)
    feature["properties"]["sozialraum"] = "Ost"
    point = Bezirk.objects.get(number=63).geometry.point_on_surface

    call_command("import_bezirke", str(_write(tmp_path, data)), verbosity=0)

    assert Sozialraum.objects.get(slug="ost").boundary.intersects(point)
    assert not Sozialraum.objects.get(slug="lobeda").boundary.contains(point)


def test_file_with_a_broken_polygon_is_rejected_and_nothing_is_written(db, tmp_path):
    data = _source()
    data["features"][0]["properties"]["name"] = "Should not be written"
    # A bow tie: the ring crosses itself.
    data["features"][3]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[11.5, 50.9], [11.6, 51.0], [11.6, 50.9], [11.5, 51.0], [11.5, 50.9]]],
    }
    before = _snapshot()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_bezirke", str(_write(tmp_path, data)), verbosity=0)

    assert _snapshot() == before


def test_broken_polygon_is_reported_with_feature_index_and_reason(db, tmp_path, capsys):
    data = _source()
    data["features"][3]["geometry"]["coordinates"] = [
        [[11.5, 50.9], [11.6, 51.0], [11.6, 50.9], [11.5, 51.0], [11.5, 50.9]]
    ]

    with pytest.raises(CommandError):
        call_command("import_bezirke", str(_write(tmp_path, data)))

    errors = capsys.readouterr().err
    assert "features[3]" in errors
    assert 'field "geometry"' in errors
    assert "Self-intersection" in errors


def test_file_with_an_unknown_social_space_is_rejected_with_a_clear_message(db, tmp_path, capsys):
    data = _source()
    data["features"][5]["properties"]["sozialraum"] = "Mitte"
    before = _snapshot()

    with pytest.raises(CommandError):
        call_command("import_bezirke", str(_write(tmp_path, data)))

    errors = capsys.readouterr().err
    assert "features[5]" in errors
    assert "unknown social space 'Mitte'" in errors
    assert "West/Zentrum" in errors  # names the spaces it knows
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda f: f["properties"].pop("bezirk_nr"), 'field "bezirk_nr"'),
        (lambda f: f["properties"].update(name=""), 'field "name"'),
        (lambda f: f["properties"]["einwohner"].update({"2017": -5}), 'field "einwohner"'),
        (lambda f: f.update(geometry={"type": "Point", "coordinates": [11, 50]}), "Polygon"),
    ],
    ids=["missing-number", "empty-name", "negative-residents", "not-a-polygon"],
)
def test_bad_feature_fields_are_named(db, tmp_path, capsys, change, expected):
    data = _source()
    change(data["features"][7])

    with pytest.raises(CommandError):
        call_command("import_bezirke", str(_write(tmp_path, data)))

    assert expected in capsys.readouterr().err


def test_duplicate_district_numbers_are_rejected(db, tmp_path, capsys):
    data = _source()
    data["features"][2]["properties"]["bezirk_nr"] = data["features"][1]["properties"]["bezirk_nr"]

    with pytest.raises(CommandError):
        call_command("import_bezirke", str(_write(tmp_path, data)))

    assert "already used by features[1]" in capsys.readouterr().err


def test_file_that_is_not_json_is_rejected_with_its_name(db, tmp_path):
    path = tmp_path / "kaputt.geojson"
    path.write_text("{ not json", encoding="utf-8")

    with pytest.raises(CommandError, match=r"kaputt\.geojson"):
        call_command("import_bezirke", str(path), verbosity=0)


def test_load_jena_does_not_overwrite_existing_data(db):
    Sozialraum.objects.filter(slug="nord").update(description="Geändert von der Stadt")

    call_command("load_jena", verbosity=0)

    assert Sozialraum.objects.get(slug="nord").description == "Geändert von der Stadt"
