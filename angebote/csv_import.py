"""Reads and validates a CSV file of offers before anything is written (docs/import-angebote.md).

Every row is checked first and every problem named by line and column; angebote_import() then
saves the valid rows through angebot_save() in one transaction.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from angebote.csv_values import (
    COLUMNS,
    LIST_SEPARATOR,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_zeiten,
)
from angebote.models import Angebot, Kategorie, Merkmal, Zielgruppe
from angebote.services import angebot_save
from sozialraeume.models import Akteur, Sozialraum
from sozialraeume.selectors import locate

REQUIRED_COLUMNS = ("title", "summary", "kategorien")
# Model fields whose CSV column has another name.
_COLUMN_OF_FIELD = {"point": "latitude", "slug": "title", NON_FIELD_ERRORS: "row"}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def format(self, path) -> str:
        return f'{path}:{self.line}: field "{self.column}": {self.message}'


class CsvFileError(Exception):
    """The file as a whole cannot be read (encoding, header); `problems` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


@dataclass
class OfferRow:
    """One valid CSV record, ready for angebot_save()."""

    line: int
    angebot: Angebot
    kategorien: list[Kategorie]
    zielgruppen: list[Zielgruppe]
    merkmale: list[Merkmal]
    zeiten: list[tuple[int, time, time]]


@dataclass
class ImportResult:
    created: list[Angebot] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number of the record's first line, values by column) for every non-empty record.

    UTF-8 with or without BOM; the delimiter (`,` or `;`) is the one the header line uses.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CsvFileError([Problem(1, "file", f"cannot read file: {error.strerror}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = "not UTF-8 text; please save the file as CSV UTF-8"
        raise CsvFileError([Problem(line, "file", message)]) from None
    # Only \n, \r and \r\n end a line (str.splitlines() would also split at \f or U+2028).
    lines = io.StringIO(text, newline="")
    first_line = lines.readline()
    if not first_line.strip():
        raise CsvFileError([Problem(1, "file", "the file is empty or has no header line")])
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    lines.seek(0)
    reader = csv.reader(lines, delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    _check_header(header)

    records = []
    previous_end = reader.line_num
    for values in reader:
        line, previous_end = previous_end + 1, reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            records.append((line, {"": f"{len(values)} values, but the header has {len(header)}"}))
            continue
        records.append((line, dict(zip(header, values, strict=True))))
    return records


def _check_header(header: list[str]) -> None:
    problems = []
    for index, name in enumerate(header):
        if name not in COLUMNS:
            problems.append(Problem(1, name, f"unknown column (known: {', '.join(COLUMNS)})"))
        elif name in header[:index]:
            problems.append(Problem(1, name, "column appears twice"))
    problems += [
        Problem(1, name, "required column is missing")
        for name in REQUIRED_COLUMNS
        if name not in header
    ]
    if problems:
        raise CsvFileError(problems)


class RowValidator:
    """Turns one record into an OfferRow, or lists every problem of the record.

    Vocabularies and social spaces are read once; actors once per slug.
    """

    def __init__(self, *, akteur: Akteur | None = None):
        self.default_akteur = akteur
        self.vocabularies = {
            model: {item.code: item for item in model.objects.all()}
            for model in (Kategorie, Zielgruppe, Merkmal)
        }
        self.spaces = {space.slug: space for space in Sozialraum.objects.all()}
        self.akteure: dict[str, Akteur | None] = {}
        self.languages = [code for code, _ in settings.OFFER_LANGUAGES]

    def __call__(self, line: int, values: dict[str, str]) -> tuple[OfferRow | None, list[Problem]]:
        problems: list[Problem] = []

        def problem(column: str, message: str) -> None:
            problems.append(Problem(line, column, message))

        if "" in values:
            problem("row", values[""])
            return None, problems

        def text(column: str) -> str:
            return (values.get(column) or "").strip()

        angebot = self._texts(text, problem)
        self._actor(angebot, text("akteur"), problem)
        kategorien = self._codes(Kategorie, "kategorien", text("kategorien"), problem)
        if not kategorien and not any(p.column == "kategorien" for p in problems):
            problem("kategorien", "at least one category code is required")
        zielgruppen = self._codes(Zielgruppe, "zielgruppen", text("zielgruppen"), problem)
        merkmale = self._codes(Merkmal, "barrierefrei", text("barrierefrei"), problem)
        angebot.languages = self._languages(text("languages"), problem)
        zeiten = parse_zeiten(text("zeiten"), lambda message: problem("zeiten", message))
        self._place(angebot, text, problem)
        self._cost(angebot, text, problem)
        self._status_flags_dates(angebot, text, problem)
        self._model_validation(angebot, problems, problem)
        if problems:
            return None, problems
        return OfferRow(line, angebot, kategorien, zielgruppen, merkmale, zeiten), []

    def _texts(self, text, problem) -> Angebot:
        angebot = Angebot(
            title=text("title"),
            summary=text("summary"),
            description=text("description"),
            easy_summary=text("easy_summary"),
            street_address=text("street_address"),
            postal_code=text("postal_code"),
            locality=text("locality") or "Jena",
            cost_note=text("cost_note"),
            phone=text("phone"),
            email=text("email"),
            website=text("website"),
            contact_name=text("contact_name"),
            contact_phone=text("contact_phone"),
            contact_email=text("contact_email"),
        )
        for column in ("title", "summary"):
            if not text(column):
                problem(column, "required")
        if angebot.postal_code and not re.fullmatch(r"\d{5}", angebot.postal_code):
            problem("postal_code", f'"{angebot.postal_code}" is not a five-digit postal code')
        return angebot

    def _cost(self, angebot: Angebot, text, problem) -> None:
        amount = _parse(parse_decimal, "cost_amount", text("cost_amount"), problem)
        default = Angebot.Cost.AMOUNT if amount is not None else Angebot.Cost.FREE
        angebot.cost = self._choice("cost", text("cost") or default, Angebot.Cost, problem)
        angebot.cost_amount = amount
        if amount is not None and amount < 0:
            problem("cost_amount", "must not be negative")
        if angebot.cost == Angebot.Cost.AMOUNT and amount is None:
            problem("cost_amount", 'required when cost is "betrag"')

    def _status_flags_dates(self, angebot: Angebot, text, problem) -> None:
        status = text("status") or Angebot.Status.DRAFT
        angebot.status = self._choice("status", status, Angebot.Status, problem)
        for column in ("registration_required", "by_appointment", "hide_address", "is_sample"):
            setattr(angebot, column, _parse(parse_bool, column, text(column), problem) or False)
        for column in ("valid_from", "valid_until", "checked_on"):
            setattr(angebot, column, _parse(parse_date, column, text(column), problem))
        if angebot.valid_from and angebot.valid_until and angebot.valid_until < angebot.valid_from:
            problem("valid_until", "must not be before valid_from")

    def _actor(self, angebot: Angebot, slug: str, problem) -> None:
        if not slug:
            if self.default_akteur is None:
                problem("akteur", "required (the actor's slug), or give --akteur")
            else:
                angebot.akteur = self.default_akteur
            return
        if slug not in self.akteure:
            self.akteure[slug] = Akteur.objects.filter(slug=slug).first()
        if self.akteure[slug] is None:
            problem("akteur", f'unknown actor "{slug}"')
        else:
            angebot.akteur = self.akteure[slug]

    def _codes(self, model, column: str, value: str, problem) -> list:
        items = self.vocabularies[model]
        codes = [code.strip() for code in value.split(LIST_SEPARATOR) if code.strip()]
        unknown = [code for code in codes if code not in items]
        if unknown:
            problem(column, f"unknown code(s) {', '.join(unknown)} (known: {', '.join(items)})")
        return [items[code] for code in dict.fromkeys(codes) if code in items]

    def _languages(self, value: str, problem) -> list[str]:
        codes = [code.strip().lower() for code in value.split(LIST_SEPARATOR) if code.strip()]
        unknown = [code for code in codes if code not in self.languages]
        if unknown:
            known = ", ".join(self.languages)
            problem("languages", f"unknown language code(s) {', '.join(unknown)} (known: {known})")
        return [code for code in dict.fromkeys(codes) if code in self.languages]

    def _choice(self, column: str, value: str, choices, problem) -> str:
        if value not in choices.values:
            problem(column, f'"{value}" is not one of {", ".join(choices.values)}')
        return value

    def _point(self, latitude: str, longitude: str, problem) -> Point | None:
        if not latitude and not longitude:
            return None
        if not latitude or not longitude:
            problem("longitude" if latitude else "latitude", "give latitude and longitude, or none")
            return None
        lat = _parse(parse_decimal, "latitude", latitude, problem)
        lon = _parse(parse_decimal, "longitude", longitude, problem)
        if lat is None or lon is None:
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problem("latitude", "latitude must lie between -90 and 90, longitude -180 and 180")
            return None
        return Point(float(lon), float(lat), srid=settings.GEO_SRID)

    def _place(self, angebot: Angebot, text, problem) -> None:
        """Point, district and social space: the point decides where there is one."""
        point = self._point(text("latitude"), text("longitude"), problem)
        place_kind = text("place_kind") or Angebot.PlaceKind.ON_SITE
        angebot.place_kind = self._choice("place_kind", place_kind, Angebot.PlaceKind, problem)
        space_slug = text("sozialraum")
        space = self.spaces.get(space_slug) if space_slug else None
        if space_slug and space is None:
            problem("sozialraum", f'unknown social space "{space_slug}" (known: {self._spaces()})')
        if angebot.place_kind != Angebot.PlaceKind.ON_SITE:
            if space is not None:
                angebot.sozialraum = space
            elif not space_slug:
                problem("sozialraum", f"required for offers without a point ({self._spaces()})")
            return
        if point is None:
            problem("latitude", 'offers on site (place_kind "vor-ort") need a point')
            return
        location = locate(point)
        if location is None:
            problem("latitude", f"the point {point.y}, {point.x} is not inside Jena")
            return
        angebot.point = point
        angebot.bezirk, angebot.sozialraum = location.bezirk, location.sozialraum

    def _spaces(self) -> str:
        return ", ".join(self.spaces)

    def _model_validation(self, angebot: Angebot, problems: list[Problem], problem) -> None:
        # Relations were resolved above; the service checks constraints again when saving.
        try:
            angebot.full_clean(
                exclude=["slug", "akteur", "sozialraum", "bezirk"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            seen = {p.column for p in problems}
            for name, messages in error.message_dict.items():
                column = _COLUMN_OF_FIELD.get(name, name)
                if column not in seen:
                    problem(column, " ".join(messages))


@transaction.atomic
def angebote_import(*, rows: Iterable[OfferRow], skip_invalid: bool = False) -> ImportResult:
    """Save valid rows through angebot_save(), all in one transaction.

    A row that still fails while saving is reported; then nothing is kept unless
    `skip_invalid`, in which case only that row is left out.
    """
    result = ImportResult()
    for row in rows:
        try:
            angebot = angebot_save(
                angebot=row.angebot,
                kategorien=row.kategorien,
                zielgruppen=row.zielgruppen,
                merkmale=row.merkmale,
                zeiten=row.zeiten,
            )
        except ValidationError as error:
            result.problems += _problems_of(row.line, error)
        except IntegrityError as error:
            result.problems.append(Problem(row.line, "row", str(error).splitlines()[0]))
        else:
            result.created.append(angebot)
    if result.problems and not skip_invalid:
        transaction.set_rollback(True)
        result.created = []
    return result


def _problems_of(line: int, error: ValidationError) -> list[Problem]:
    if not hasattr(error, "error_dict"):
        return [Problem(line, "row", " ".join(error.messages))]
    return [
        Problem(line, _COLUMN_OF_FIELD.get(name, name), " ".join(messages))
        for name, messages in error.message_dict.items()
    ]


def _parse(parser, column: str, value: str, problem):
    try:
        return parser(value)
    except ValueError as error:
        problem(column, str(error))
        return None
