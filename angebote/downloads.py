"""Open-data downloads of offers: CSV with the import's columns, and GeoJSON.

One query reads every offer with its codes and weekly windows as arrays, as plain values (no
model instances); both formats stream in chunks, so 10,000 offers stay cheap.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import time
from itertools import islice

from django.contrib.postgres.expressions import ArraySubquery
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import JSONObject
from django.utils.translation import gettext_lazy as _

from angebote.csv_values import (
    COLUMNS,
    LIST_SEPARATOR,
    format_bool,
    format_coordinate,
    format_zeiten,
)
from angebote.models import Angebot, Kategorie, Merkmal, Zeitfenster, Zielgruppe
from angebote.selectors import SENSITIVE, public_point

LICENCE = {
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "id": "dl-de/by-2-0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
    "attribution": "Sozialraum-Portal Jena, Stadt Jena",
}
CHUNK_ROWS = 200
# Seven decimals of a degree are about a centimetre: an export imports to the same place.
COORDINATE_DECIMALS = 7

# What each column holds, for the /daten/ page (docs/import-angebote.md says the same).
COLUMN_DESCRIPTIONS = {
    "title": _("Titel des Angebots (Pflicht)"),
    "summary": _("Kurzbeschreibung, höchstens 300 Zeichen (Pflicht)"),
    "description": _("Ausführliche Beschreibung"),
    "easy_summary": _("Kurzbeschreibung in Leichter Sprache"),
    "akteur": _("Kurzname (Slug) des Anbieters"),
    "kategorien": _("Codes der Kategorien, getrennt durch | (mindestens einer)"),
    "zielgruppen": _("Codes der Zielgruppen, getrennt durch |; leer heißt: für alle"),
    "barrierefrei": _("Codes der Merkmale der Barrierefreiheit, getrennt durch |"),
    "place_kind": _("vor-ort, telefon, online oder aufsuchend"),
    "street_address": _("Straße und Hausnummer"),
    "postal_code": _("Postleitzahl"),
    "locality": _("Ort"),
    "latitude": _("Breitengrad in Grad (WGS84), zum Beispiel 50.9271"),
    "longitude": _("Längengrad in Grad (WGS84), zum Beispiel 11.5865"),
    "sozialraum": _("Kurzname des Sozialraums; bei Angeboten vor Ort ergibt er sich aus dem Ort"),
    "cost": _("kostenlos, betrag oder auf-anfrage"),
    "cost_amount": _("Betrag in Euro, zum Beispiel 2.50"),
    "cost_note": _("Hinweis zu den Kosten"),
    "registration_required": _("Anmeldung nötig: ja oder nein"),
    "by_appointment": _("Nach Vereinbarung: ja oder nein"),
    "valid_from": _("Gültig ab (JJJJ-MM-TT)"),
    "valid_until": _("Gültig bis (JJJJ-MM-TT)"),
    "languages": _("Gesprochene Sprachen als Codes, getrennt durch |, zum Beispiel de|en"),
    "phone": _("Telefon"),
    "email": _("E-Mail-Adresse"),
    "website": _("Website"),
    "hide_address": _(
        "Keine öffentliche Adresse: ja oder nein. Bei „ja“ (auch wenn der Anbieter seine Adresse "
        "verbirgt) bleiben Straße und Postleitzahl leer, und Breiten- und Längengrad sind ein "
        "Punkt in der Mitte des Bezirks, nicht der genaue Ort"
    ),
    "contact_name": _("Ansprechstelle (Name der Stelle oder Person)"),
    "contact_phone": _("Telefon der Ansprechstelle"),
    "contact_email": _("E-Mail-Adresse der Ansprechstelle"),
    "zeiten": _(
        "Öffnungszeiten pro Woche, getrennt durch |, zum Beispiel Mo 10:00-12:00|Fr 20:00-01:00 "
        "(endet nach Mitternacht)"
    ),
    "status": _("entwurf, pruefung, veroeffentlicht oder archiviert"),
    "checked_on": _("Zuletzt geprüft am (JJJJ-MM-TT)"),
    "is_sample": _("Beispieldaten, keine echten Angebote: ja oder nein"),
}


class _X(Func):
    function = "ST_X"
    output_field = FloatField()


class _Y(Func):
    function = "ST_Y"
    output_field = FloatField()


def _codes(model) -> ArraySubquery:
    return ArraySubquery(
        model.objects.filter(angebote=OuterRef("pk")).order_by("position", "code").values("code")
    )


def _public(field: str) -> Case:
    """The field's value, or empty for offers without a public address."""
    return Case(When(SENSITIVE, then=Value("")), default=F(field))


def angebote_export_values(queryset: QuerySet[Angebot]) -> Iterator[dict]:
    """Every public field of the offers as plain values, in one streamed query.

    Offers without a public address give no street and postal code, and their district's
    point instead of their own (selectors.public_point).
    """
    zeiten = (
        Zeitfenster.objects.filter(angebot=OuterRef("pk"))
        .order_by("weekday", "opens")
        .values(window=JSONObject(weekday="weekday", opens="opens", closes="closes"))
    )
    return (
        queryset.order_by("title", "pk")
        .annotate(
            akteur_slug=F("akteur__slug"),
            akteur_name=F("akteur__name"),
            bezirk_number=F("bezirk__number"),
            bezirk_name=F("bezirk__name"),
            sozialraum_slug=F("sozialraum__slug"),
            sozialraum_name=F("sozialraum__name"),
            kategorie_codes=_codes(Kategorie),
            zielgruppe_codes=_codes(Zielgruppe),
            merkmal_codes=_codes(Merkmal),
            windows=ArraySubquery(zeiten),
            public_street=_public("street_address"),
            public_postal_code=_public("postal_code"),
            sensitive=ExpressionWrapper(SENSITIVE, output_field=BooleanField()),
            lon=_X(public_point()),
            lat=_Y(public_point()),
        )
        .values(
            "slug",
            "title",
            "summary",
            "description",
            "easy_summary",
            "akteur_slug",
            "akteur_name",
            "kategorie_codes",
            "zielgruppe_codes",
            "merkmal_codes",
            "place_kind",
            "public_street",
            "public_postal_code",
            "locality",
            "lat",
            "lon",
            "bezirk_number",
            "bezirk_name",
            "sozialraum_slug",
            "sozialraum_name",
            "cost",
            "cost_amount",
            "cost_note",
            "registration_required",
            "by_appointment",
            "valid_from",
            "valid_until",
            "languages",
            "phone",
            "email",
            "website",
            "sensitive",
            "contact_name",
            "contact_phone",
            "contact_email",
            "windows",
            "status",
            "checked_on",
            "updated_at",
            "is_sample",
        )
        .iterator(chunk_size=2000)
    )


def _windows(row: dict) -> list[tuple[int, time, time]]:
    return [
        (w["weekday"], time.fromisoformat(w["opens"]), time.fromisoformat(w["closes"]))
        for w in (json.loads(w) if isinstance(w, str) else w for w in row["windows"])
    ]


def _csv_values(row: dict) -> dict[str, str]:
    def iso(value) -> str:
        return value.isoformat() if value else ""

    return {
        "title": row["title"],
        "summary": row["summary"],
        "description": row["description"],
        "easy_summary": row["easy_summary"],
        "akteur": row["akteur_slug"],
        "kategorien": LIST_SEPARATOR.join(row["kategorie_codes"]),
        "zielgruppen": LIST_SEPARATOR.join(row["zielgruppe_codes"]),
        "barrierefrei": LIST_SEPARATOR.join(row["merkmal_codes"]),
        "place_kind": row["place_kind"],
        "street_address": row["public_street"],
        "postal_code": row["public_postal_code"],
        "locality": row["locality"],
        "latitude": format_coordinate(row["lat"], COORDINATE_DECIMALS),
        "longitude": format_coordinate(row["lon"], COORDINATE_DECIMALS),
        "sozialraum": row["sozialraum_slug"],
        "cost": row["cost"],
        "cost_amount": "" if row["cost_amount"] is None else str(row["cost_amount"]),
        "cost_note": row["cost_note"],
        "registration_required": format_bool(row["registration_required"]),
        "by_appointment": format_bool(row["by_appointment"]),
        "valid_from": iso(row["valid_from"]),
        "valid_until": iso(row["valid_until"]),
        "languages": LIST_SEPARATOR.join(row["languages"]),
        "phone": row["phone"],
        "email": row["email"],
        "website": row["website"],
        "hide_address": format_bool(row["sensitive"]),
        "contact_name": row["contact_name"],
        "contact_phone": row["contact_phone"],
        "contact_email": row["contact_email"],
        "zeiten": format_zeiten(_windows(row)),
        "status": row["status"],
        "checked_on": iso(row["checked_on"]),
        "is_sample": format_bool(row["is_sample"]),
    }


class _Line:
    """A file-like object whose write() returns the line, for csv.writer in a stream."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """The CSV file in chunks: UTF-8 with BOM (spreadsheets then read umlauts right)."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for chunk in _chunked(rows):
        values = (_csv_values(row) for row in chunk)
        yield "".join(writer.writerow([v[column] for column in COLUMNS]) for v in values)


def geojson_chunks(rows: Iterable[dict], *, detail_url: str) -> Iterator[str]:
    """A GeoJSON FeatureCollection in chunks; offers without a fixed place have no geometry.

    `detail_url` contains `__slug__`, replaced by each offer's slug.
    """
    head = {"type": "FeatureCollection", "license": LICENCE}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ['
    separator = ""
    for chunk in _chunked(rows):
        features = [
            json.dumps(_feature(row, detail_url), ensure_ascii=False, cls=DjangoJSONEncoder)
            for row in chunk
        ]
        yield separator + ",".join(features)
        separator = ","
    yield "]}"


def _feature(row: dict, detail_url: str) -> dict:
    geometry = None
    if row["lon"] is not None:
        coordinates = [
            round(row["lon"], COORDINATE_DECIMALS),
            round(row["lat"], COORDINATE_DECIMALS),
        ]
        geometry = {"type": "Point", "coordinates": coordinates}
    properties = {
        "slug": row["slug"],
        "url": detail_url.replace("__slug__", row["slug"]),
        "title": row["title"],
        "summary": row["summary"],
        "description": row["description"],
        "easy_summary": row["easy_summary"],
        "akteur": row["akteur_slug"],
        "akteur_name": row["akteur_name"],
        "kategorien": row["kategorie_codes"],
        "zielgruppen": row["zielgruppe_codes"],
        "barrierefrei": row["merkmal_codes"],
        "place_kind": row["place_kind"],
        "street_address": row["public_street"],
        "postal_code": row["public_postal_code"],
        "locality": row["locality"],
        "bezirk": row["bezirk_number"],
        "bezirk_name": row["bezirk_name"],
        "sozialraum": row["sozialraum_slug"],
        "sozialraum_name": row["sozialraum_name"],
        "cost": row["cost"],
        "cost_amount": row["cost_amount"],
        "cost_note": row["cost_note"],
        "registration_required": row["registration_required"],
        "by_appointment": row["by_appointment"],
        "valid_from": row["valid_from"],
        "valid_until": row["valid_until"],
        "languages": row["languages"],
        "phone": row["phone"],
        "email": row["email"],
        "website": row["website"],
        "hide_address": row["sensitive"],
        "contact_name": row["contact_name"],
        "contact_phone": row["contact_phone"],
        "contact_email": row["contact_email"],
        "zeiten": [
            {"weekday": weekday, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
            for weekday, opens, closes in _windows(row)
        ],
        "checked_on": row["checked_on"],
        "updated_at": row["updated_at"],
        "is_sample": row["is_sample"],
    }
    return {"type": "Feature", "id": row["slug"], "geometry": geometry, "properties": properties}


def _chunked(rows: Iterable[dict]) -> Iterator[list[dict]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK_ROWS)):
        yield chunk
