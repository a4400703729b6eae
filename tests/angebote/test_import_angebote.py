import csv
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from angebote.models import Angebot
from tests.factories import AkteurFactory, point_in

HEADER = [
    "title",
    "summary",
    "description",
    "akteur",
    "kategorien",
    "zielgruppen",
    "barrierefrei",
    "place_kind",
    "latitude",
    "longitude",
    "sozialraum",
    "cost",
    "cost_amount",
    "registration_required",
    "languages",
    "email",
    "zeiten",
    "status",
    "checked_on",
]


@pytest.fixture
def akteur(db):
    return AkteurFactory(slug="nachbarschaftsverein", name="Nachbarschaftsverein")


def _row(**values) -> dict:
    winzerla = point_in(90)
    row = {
        "title": "Offenes Frühstück",
        "summary": "Frühstück für alle aus dem Stadtteil.",
        "description": "",
        "akteur": "nachbarschaftsverein",
        "kategorien": "treffpunkt",
        "latitude": f"{winzerla.y:.7f}",
        "longitude": f"{winzerla.x:.7f}",
        "status": "veroeffentlicht",
    }
    row.update(values)
    return row


def _phone_row(**values) -> dict:
    return _row(
        title="Beratung am Telefon",
        summary="Wir beraten Sie am Telefon.",
        kategorien="beratung",
        place_kind="telefon",
        latitude="",
        longitude="",
        sozialraum="nord",
        **values,
    )


def _write(tmp_path: Path, rows: list[dict], *, delimiter=",", encoding="utf-8") -> Path:
    path = tmp_path / "angebote.csv"
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.DictWriter(file, fieldnames=HEADER, delimiter=delimiter, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(path: Path, *args: str) -> None:
    call_command("import_angebote", str(path), *args, verbosity=0)


def _titles() -> set[str]:
    return set(Angebot.objects.values_list("title", flat=True))


def test_good_file_imports_fields_relations_times_and_district_from_the_point(akteur, tmp_path):
    path = _write(
        tmp_path,
        [
            _row(
                kategorien="treffpunkt|guenstig-essen",
                zielgruppen="seniorinnen",
                barrierefrei="stufenlos|rollstuhl-wc",
                sozialraum="lobeda",  # the point decides
                cost="betrag",
                cost_amount="2.50",
                registration_required="ja",
                languages="de|en",
                email="fruehstueck@example.org",
                zeiten="Mo 10:00-12:00|Fr 22:00-02:00",
                checked_on="2025-03-01",
            ),
            _phone_row(zeiten="Mo-Mi 9:00-11:00", checked_on="01.02.2025"),
        ],
    )

    _import(path)

    fruehstueck = Angebot.objects.get(title="Offenes Frühstück")
    assert fruehstueck.slug == "offenes-fruehstueck"
    assert fruehstueck.akteur == akteur
    assert (fruehstueck.bezirk.number, fruehstueck.sozialraum.slug) == (90, "winzerla")
    assert fruehstueck.point.equals_exact(point_in(90), tolerance=1e-6)
    assert (fruehstueck.cost, fruehstueck.cost_amount) == ("betrag", Decimal("2.50"))
    assert fruehstueck.registration_required is True
    assert fruehstueck.languages == ["de", "en"]
    assert fruehstueck.status == Angebot.Status.PUBLISHED
    assert fruehstueck.checked_on == date(2025, 3, 1)
    assert set(fruehstueck.kategorien.values_list("code", flat=True)) == {
        "treffpunkt",
        "guenstig-essen",
    }
    assert list(fruehstueck.zielgruppen.values_list("code", flat=True)) == ["seniorinnen"]
    assert set(fruehstueck.merkmale.values_list("code", flat=True)) == {"stufenlos", "rollstuhl-wc"}
    assert list(fruehstueck.zeiten.values_list("weekday", "opens", "closes")) == [
        (1, time(10), time(12)),
        (5, time(22), time(2)),
    ]

    telefon = Angebot.objects.get(title="Beratung am Telefon")
    assert (telefon.place_kind, telefon.point, telefon.bezirk) == ("telefon", None, None)
    assert telefon.sozialraum.slug == "nord"
    assert telefon.checked_on == date(2025, 2, 1)
    assert list(telefon.zeiten.values_list("weekday", flat=True)) == [1, 2, 3]


def test_file_with_one_bad_row_writes_nothing_and_names_line_and_field(akteur, tmp_path, capsys):
    rows = [_row(title="Erstes"), _phone_row(), _row(title="Drittes", kategorien="beratungx")]
    path = _write(tmp_path, rows)
    before = Angebot.objects.count()

    with pytest.raises(CommandError, match="nothing was imported"):
        _import(path)

    assert Angebot.objects.count() == before
    errors = capsys.readouterr().err
    assert f'{path}:4: field "kategorien": unknown code(s) beratungx' in errors
    assert ":2:" not in errors and ":3:" not in errors


def test_line_numbers_count_the_lines_of_multi_line_values(akteur, tmp_path, capsys):
    rows = [_row(description="Erste Zeile\nzweite Zeile\ndritte Zeile"), _row(title="")]
    path = _write(tmp_path, rows)

    with pytest.raises(CommandError):
        _import(path)

    assert f'{path}:5: field "title": required' in capsys.readouterr().err


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"akteur": "unbekannt"}, 'field "akteur": unknown actor "unbekannt"'),
        ({"zielgruppen": "kinder"}, 'field "zielgruppen": unknown code(s) kinder'),
        ({"barrierefrei": "rampe"}, 'field "barrierefrei": unknown code(s) rampe'),
        ({"kategorien": ""}, 'field "kategorien": at least one category code is required'),
        ({"summary": ""}, 'field "summary": required'),
        ({"latitude": "50.5", "longitude": "11.0"}, 'field "latitude": the point 50.5, 11.0 is'),
        ({"latitude": "nördlich"}, 'field "latitude": "nördlich" is not a number'),
        ({"longitude": ""}, 'field "longitude": give latitude and longitude, or none'),
        ({"cost": "betrag"}, 'field "cost_amount": required when cost is "betrag"'),
        ({"cost_amount": "zwei Euro"}, 'field "cost_amount": "zwei Euro" is not a number'),
        ({"cost_amount": "-1"}, 'field "cost_amount": must not be negative'),
        ({"registration_required": "vielleicht"}, 'field "registration_required"'),
        ({"languages": "de|xx"}, 'field "languages": unknown language code(s) xx'),
        ({"email": "kein-at-zeichen"}, 'field "email": '),
        ({"zeiten": "Mo 10-12"}, 'field "zeiten": "Mo 10-12" is not a weekly time'),
        ({"zeiten": "Mo 10:00-10:00"}, "opens and closes at the same time"),
        ({"zeiten": "Mo 25:00-26:00"}, "has a time that does not exist"),
        ({"status": "online"}, 'field "status": "online" is not one of'),
        ({"checked_on": "2025-02-30"}, 'field "checked_on": "2025-02-30" is not a date'),
        ({"place_kind": "telefon"}, 'field "sozialraum": required for offers without a point'),
        ({"place_kind": "telefon", "sozialraum": "mitte"}, 'unknown social space "mitte"'),
        ({"title": "x" * 201}, 'field "title": '),
    ],
)
def test_each_kind_of_bad_value_is_reported_with_its_field(
    akteur, tmp_path, capsys, values, expected
):
    path = _write(tmp_path, [_row(title="Gut"), _row(**values)])

    with pytest.raises(CommandError):
        _import(path)

    errors = capsys.readouterr().err
    assert f"{path}:3: " in errors
    assert expected in errors
    assert "Gut" not in _titles()


def test_all_problems_of_all_rows_are_reported_at_once(akteur, tmp_path, capsys):
    rows = [_row(kategorien="nix", status="egal"), _row(), _row(akteur="niemand")]
    path = _write(tmp_path, rows)

    with pytest.raises(CommandError, match="3 problem"):
        _import(path)

    errors = capsys.readouterr().err.splitlines()
    assert [line.split(": field ")[0] for line in errors] == [f"{path}:2", f"{path}:2", f"{path}:4"]


def test_skip_invalid_writes_the_valid_rows_and_lists_the_others(akteur, tmp_path, capsys):
    rows = [_row(title="Eins"), _row(title="Zwei", zeiten="Xy 10:00-12:00"), _phone_row()]
    path = _write(tmp_path, rows)

    call_command("import_angebote", str(path), "--skip-invalid")

    assert {"Eins", "Beratung am Telefon"} <= _titles()
    assert "Zwei" not in _titles()
    output = capsys.readouterr()
    assert f'{path}:3: field "zeiten"' in output.err
    assert "2 offer(s) imported, 1 invalid row(s) skipped" in output.out


def test_semicolon_file_with_bom_and_decimal_commas_imports(akteur, tmp_path):
    point = point_in(43)
    row = _row(
        latitude=f"{point.y:.7f}".replace(".", ","),
        longitude=f"{point.x:.7f}".replace(".", ","),
        cost="betrag",
        cost_amount="3,50",
    )
    path = _write(tmp_path, [row], delimiter=";", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbftitle;")

    _import(path)

    angebot = Angebot.objects.get(title="Offenes Frühstück")
    assert angebot.bezirk.number == 43
    assert angebot.cost_amount == Decimal("3.50")


def test_comma_file_with_bom_imports(akteur, tmp_path):
    path = _write(tmp_path, [_row()], encoding="utf-8-sig")

    _import(path)

    assert "Offenes Frühstück" in _titles()


def test_akteur_option_fills_rows_without_an_actor(akteur, tmp_path):
    path = _write(tmp_path, [_row(akteur="")])

    _import(path, "--akteur", "nachbarschaftsverein")

    assert Angebot.objects.get(title="Offenes Frühstück").akteur == akteur


def test_unknown_akteur_option_is_refused(akteur, tmp_path):
    path = _write(tmp_path, [_row(akteur="")])

    with pytest.raises(CommandError, match='no actor with the slug "gibtsnicht"'):
        _import(path, "--akteur", "gibtsnicht")


def test_missing_akteur_without_option_is_reported(akteur, tmp_path, capsys):
    path = _write(tmp_path, [_row(akteur="")])

    with pytest.raises(CommandError):
        _import(path)

    assert 'field "akteur": required' in capsys.readouterr().err


def test_unknown_and_missing_columns_are_reported_on_line_1(db, tmp_path, capsys):
    path = tmp_path / "angebote.csv"
    path.write_text("titel,summary\nTreff,Ein Treff\n", encoding="utf-8")

    with pytest.raises(CommandError, match="nothing was imported"):
        _import(path)

    errors = capsys.readouterr().err
    assert f'{path}:1: field "titel": unknown column' in errors
    assert f'{path}:1: field "title": required column is missing' in errors
    assert f'{path}:1: field "kategorien": required column is missing' in errors


def test_file_that_is_not_utf8_is_reported_with_its_line(db, tmp_path, capsys):
    path = tmp_path / "angebote.csv"
    path.write_bytes("title,summary,kategorien\nTreff,Für alle,treffpunkt\n".encode("latin-1"))

    with pytest.raises(CommandError):
        _import(path)

    assert f'{path}:2: field "file": not UTF-8' in capsys.readouterr().err


def test_row_with_too_many_values_is_reported(akteur, tmp_path, capsys):
    path = tmp_path / "angebote.csv"
    path.write_text("title,summary,kategorien\nTreff,Für alle,treffpunkt,extra\n", "utf-8")

    with pytest.raises(CommandError):
        _import(path)

    assert f'{path}:2: field "row": 4 values, but the header has 3' in capsys.readouterr().err
