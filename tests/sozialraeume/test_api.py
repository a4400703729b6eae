import pytest
from django.core.management import call_command


def test_api_lists_five_social_spaces(client, db):
    data = client.get("/api/v1/sozialraeume/").json()

    assert data["count"] == 5
    assert [s["slug"] for s in data["results"]] == [
        "lobeda",
        "winzerla",
        "west-zentrum",
        "nord",
        "ost",
    ]
    lobeda = data["results"][0]
    assert lobeda["residents"] == 26146
    assert lobeda["population_year"] == 2017
    assert sorted(lobeda["bezirke"]) == [61, 62, 63, 100, 131, 132, 133]
    assert lobeda["boundary"]["type"] in {"Polygon", "MultiPolygon"}


def test_api_lists_41_districts_with_geojson_geometry(client, db):
    data = client.get("/api/v1/bezirke/").json()

    assert data["count"] == 41
    assert len(data["results"]) == 41
    first = data["results"][0]
    assert first["number"] == 11
    assert first["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert first["area_km2"] == pytest.approx(4.54, rel=0.02)


def test_district_list_needs_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        client.get("/api/v1/bezirke/")


def test_district_filter_by_social_space_matches_only_its_districts(client, db):
    nord = client.get("/api/v1/bezirke/?sozialraum=nord").json()
    ost = client.get("/api/v1/bezirke/?sozialraum=ost").json()

    assert nord["count"] == 6
    assert {d["sozialraum"] for d in nord["results"]} == {"nord"}
    assert 43 in [d["number"] for d in nord["results"]]  # Jena-Nord
    assert 43 not in [d["number"] for d in ost["results"]]


def test_invalid_filter_value_is_400_with_a_field_map(client, db):
    response = client.get("/api/v1/bezirke/?sozialraum=mitte")

    assert response.status_code == 400
    assert "sozialraum" in response.json()


def test_detail_endpoints_find_space_by_slug_and_district_by_number(client, db):
    assert client.get("/api/v1/sozialraeume/ost/").json()["name"] == "Ost"
    assert client.get("/api/v1/bezirke/63/").json()["name"] == "Lobeda-Ost"


def test_unknown_api_objects_and_paths_answer_json_404(client, db):
    for path in ["/api/v1/sozialraeume/mitte/", "/api/v1/bezirke/9999/", "/api/v1/gibt-es-nicht/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert "detail" in response.json()


def test_api_is_read_only(client, db):
    response = client.post("/api/v1/sozialraeume/", {"name": "Mitte"})

    assert response.status_code in {403, 405}
    assert client.get("/api/v1/sozialraeume/").json()["count"] == 5


def test_openapi_schema_generates_without_warnings(db, tmp_path):
    schema = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))

    text = schema.read_text()
    assert "/api/v1/sozialraeume/" in text
    assert "/api/v1/bezirke/" in text


def test_schema_and_docs_pages_are_served(client, db):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()  # Swagger UI is served from our own static files
