"""Reads and validates a GeoJSON file of statistical districts before anything is written."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon

from jena_sozialraum.slugs import german_slugify
from sozialraeume.models import Sozialraum

# GeoJSON (RFC 7946) is always WGS84; older files may still name it in a "crs" member.
_WGS84_NAMES = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326"}


@dataclass(frozen=True)
class BezirkRecord:
    index: int
    number: int
    name: str
    slug: str
    sozialraum: Sozialraum
    ortsteil: str
    geometry: MultiPolygon
    population: dict[int, int] = field(default_factory=dict)


class BezirkeFileError(Exception):
    """The file cannot be imported; `problems` lists every reason, each naming where it is."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s)")


def read_bezirke_file(path: Path) -> list[BezirkRecord]:
    """All districts of the file, or BezirkeFileError with every problem found."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise BezirkeFileError(path, [f"cannot read file: {error.strerror}"]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BezirkeFileError(path, [f"not valid UTF-8 JSON: {error}"]) from None

    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BezirkeFileError(path, ['top level: "type" must be "FeatureCollection"'])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BezirkeFileError(path, ['top level: "features" must be a non-empty list'])
    crs_name = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if crs_name is not None and crs_name not in _WGS84_NAMES:
        raise BezirkeFileError(path, [f'top level: "crs" is {crs_name!r}, only WGS84 is accepted'])

    spaces = {s.name.casefold(): s for s in Sozialraum.objects.all()}
    spaces.update({s.slug: s for s in spaces.values()})
    problems: list[str] = []
    records: list[BezirkRecord] = []
    for index, feature in enumerate(features):
        record, feature_problems = _read_feature(index, feature, spaces)
        problems += feature_problems
        if record:
            records.append(record)

    problems += _duplicates(records, "number", "bezirk_nr")
    problems += _duplicates(records, "slug", "name")
    if problems:
        raise BezirkeFileError(path, problems)
    return records


def _read_feature(index: int, feature, spaces: dict[str, Sozialraum]):
    where = f"features[{index}]"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return None, [f"{where}: not a GeoJSON Feature"]
    props = feature.get("properties") or {}
    if isinstance(props.get("bezirk_nr"), int):
        where += f" (bezirk_nr {props['bezirk_nr']})"
    problems: list[str] = []

    def problem(field_name: str, message: str) -> None:
        problems.append(f'{where}, field "{field_name}": {message}')

    number = props.get("bezirk_nr")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        problem("bezirk_nr", f"must be a positive whole number, got {number!r}")
    name = props.get("name")
    if not isinstance(name, str) or not name.strip() or not german_slugify(name):
        problem("name", f"must be a non-empty text, got {name!r}")
    space_name = props.get("sozialraum")
    space = spaces.get(space_name.strip().casefold()) if isinstance(space_name, str) else None
    if space is None:
        known = ", ".join(sorted(s.name for s in set(spaces.values())))
        problem("sozialraum", f"unknown social space {space_name!r} (known: {known})")
    ortsteil = props.get("ortsteil") or ""
    if not isinstance(ortsteil, str):
        problem("ortsteil", f"must be a text, got {ortsteil!r}")
    population = _read_population(props.get("einwohner"), problem)
    geometry = _read_geometry(feature.get("geometry"), problem)

    if problems:
        return None, problems
    record = BezirkRecord(
        index=index,
        number=number,
        name=name.strip(),
        slug=german_slugify(name),
        sozialraum=space,
        ortsteil=ortsteil.strip(),
        geometry=geometry,
        population=population,
    )
    return record, []


def _read_population(value, problem) -> dict[int, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem("einwohner", "must be an object of year -> residents")
        return {}
    population = {}
    for year, residents in value.items():
        if not (str(year).isdigit() and 1900 <= int(year) <= 2200):
            problem("einwohner", f"year {year!r} is not a year between 1900 and 2200")
        elif not isinstance(residents, int) or isinstance(residents, bool) or residents < 0:
            problem(
                "einwohner", f"residents in {year} must be a whole number ≥ 0, got {residents!r}"
            )
        else:
            population[int(year)] = residents
    return population


def _read_geometry(value, problem) -> MultiPolygon | None:
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        kind = value.get("type") if isinstance(value, dict) else value
        problem("geometry", f"must be a Polygon or MultiPolygon, got {kind!r}")
        return None
    # Only type and coordinates reach GDAL/GEOS: a "crs" inside the geometry is never parsed.
    clean = json.dumps({"type": value["type"], "coordinates": value.get("coordinates")})
    try:
        geometry = GEOSGeometry(clean, srid=settings.GEO_SRID)
    except (GEOSException, ValueError, TypeError) as error:
        problem("geometry", f"cannot be read: {error}")
        return None
    if geometry.empty:
        problem("geometry", "is empty")
        return None
    if not geometry.valid:
        problem("geometry", f"is not a valid polygon: {geometry.valid_reason}")
        return None
    min_x, min_y, max_x, max_y = geometry.extent
    if not (-180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90):
        problem("geometry", "coordinates are not longitude/latitude in WGS84")
        return None
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon(geometry, srid=settings.GEO_SRID)
    return geometry


def _duplicates(records: list[BezirkRecord], attribute: str, field_name: str) -> list[str]:
    seen: dict = {}
    problems = []
    for record in records:
        value = getattr(record, attribute)
        if value in seen:
            problems.append(
                f'features[{record.index}], field "{field_name}": {value!r} already used by '
                f"features[{seen[value]}]"
            )
        else:
            seen[value] = record.index
    return problems
