"""The values of the offers CSV file: its columns, and how each kind of value is written.

The import (angebote/csv_import.py) parses with the parse_* functions, the open-data download
(angebote/downloads.py) writes with the format_* functions, so an export imports again.
"""

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

COLUMNS: tuple[str, ...] = (
    "title",
    "summary",
    "description",
    "easy_summary",
    "akteur",
    "kategorien",
    "zielgruppen",
    "barrierefrei",
    "place_kind",
    "street_address",
    "postal_code",
    "locality",
    "latitude",
    "longitude",
    "sozialraum",
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
    "hide_address",
    "contact_name",
    "contact_phone",
    "contact_email",
    "zeiten",
    "status",
    "checked_on",
    "is_sample",
)
LIST_SEPARATOR = "|"
WEEKDAY_NAMES = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
# German abbreviations first; English ones are accepted too.
_WEEKDAYS = {name.lower(): number for number, name in enumerate(WEEKDAY_NAMES, start=1)} | {
    "tu": 2,
    "we": 3,
    "th": 4,
    "su": 7,
}
_WINDOW = re.compile(
    r"^(?P<first>[a-z]{2})(?:\s*[-–]\s*(?P<last>[a-z]{2}))?\s+"
    r"(?P<opens>\d{1,2}[:.]\d{2})\s*[-–]\s*(?P<closes>\d{1,2}[:.]\d{2})$",
    re.IGNORECASE,
)
_TRUE = {"1", "ja", "j", "yes", "y", "true", "wahr", "x"}
_FALSE = {"", "0", "nein", "n", "no", "false", "falsch"}


def parse_decimal(value: str) -> Decimal | None:
    """`12.50` or `12,50`; empty is None."""
    if not value:
        return None
    if "," in value and "." not in value:
        value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f'"{value}" is not a number') from None
    if not number.is_finite():
        raise ValueError(f'"{value}" is not a number')
    return number


def parse_bool(value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f'"{value}" is neither ja nor nein')


def parse_date(value: str) -> date | None:
    """ISO `2025-03-31` or German `31.03.2025`; empty is None."""
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            pass
    raise ValueError(f'"{value}" is not a date like 2025-03-31 or 31.03.2025')


def parse_zeiten(value: str, problem) -> list[tuple[int, time, time]]:
    """`Mo 10:00-12:00|Mi 22:00-02:00|Mo-Fr 8:00-9:00` as (weekday, opens, closes) tuples.

    A closing time before the opening time runs past midnight.
    """
    windows = []
    for item in (part.strip() for part in value.split(LIST_SEPARATOR)):
        if not item:
            continue
        window = _window(item)
        if isinstance(window, str):
            problem(f'"{item}" {window}')
        else:
            first, last, opens, closes = window
            windows += [(day, opens, closes) for day in range(first, last + 1)]
    return windows


def _window(item: str) -> tuple[int, int, time, time] | str:
    """(first weekday, last weekday, opens, closes), or why `item` is not a weekly window."""
    match = _WINDOW.match(item)
    if not match:
        return 'is not a weekly time like "Mo 10:00-12:00"'
    first = _WEEKDAYS.get(match["first"].lower())
    last = _WEEKDAYS.get(match["last"].lower()) if match["last"] else first
    if first is None or last is None:
        return f"has an unknown weekday (known: {', '.join(WEEKDAY_NAMES)})"
    if last < first:
        return "has a day range that does not run from Monday towards Sunday"
    opens, closes = _time(match["opens"]), _time(match["closes"])
    if opens is None or closes is None:
        return "has a time that does not exist"
    if opens == closes:
        return "opens and closes at the same time"
    return first, last, opens, closes


def _time(value: str) -> time | None:
    hours, minutes = (int(part) for part in re.split(r"[:.]", value))
    if (hours, minutes) == (24, 0):
        return time(0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def format_zeiten(windows: Iterable[tuple[int, time, time]]) -> str:
    return LIST_SEPARATOR.join(
        f"{WEEKDAY_NAMES[weekday - 1]} {opens:%H:%M}-{closes:%H:%M}"
        for weekday, opens, closes in windows
    )


def format_bool(value: bool) -> str:
    return "ja" if value else "nein"


def format_coordinate(value: float | None, decimals: int = 7) -> str:
    return "" if value is None or math.isnan(value) else f"{value:.{decimals}f}"
