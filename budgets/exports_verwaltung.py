"""Tables of the budget office as downloads: CSV for German Excel and XLSX (openpyxl).

CSV: UTF-8 with a byte order mark, `;` between fields, decimal comma and dates as 31.12.2026 —
what a German Excel opens correctly with a double click (with `,` it shows everything in one
column). For further processing the XLSX has real numbers and dates.

Text written by applicants (titles, names) never becomes a formula: in CSV a leading = + - @
gets a leading apostrophe, in XLSX such text is stored as text.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import openpyxl
from django.http import Http404, HttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = '#,##0.00 "€"'

Cell = str | int | Decimal | date | None


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    total: list[Cell] | None = None
    money_columns: set[int] = field(default_factory=set)  # indexes of the euro columns


def _csv_value(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return str(value)


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(header) for header in table.headers])
    for row in [*table.rows, *([table.total] if table.total else [])]:
        writer.writerow([_csv_value(value) for value in row])
    return response


def xlsx_response(table: Table, filename: str) -> HttpResponse:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    # Excel allows 31 characters and none of []:*?/\ in a sheet name.
    sheet.title = "".join(c for c in str(table.title) if c not in "[]:*?/\\")[:31]
    sheet.append([str(header) for header in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        _append(sheet, row, table.money_columns)
    if table.total:
        _append(sheet, table.total, table.money_columns)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, header in enumerate(table.headers, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(len(str(header)) + 2, 40))
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _append(sheet, row: list[Cell], money_columns: set[int]) -> None:
    # Control characters would make openpyxl refuse the whole file.
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for index, cell in enumerate(sheet[sheet.max_row]):
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"  # text that starts with "=" stays text
        elif index in money_columns:
            cell.number_format = MONEY_FORMAT
        elif isinstance(row[index], date):
            cell.number_format = "DD.MM.YYYY"


def export_response(table: Table, filename: str, fmt: str) -> HttpResponse:
    if fmt == "csv":
        return csv_response(table, filename)
    if fmt == "xlsx":
        return xlsx_response(table, filename)
    raise Http404
