"""Tables out as XLSX or CSV: one writer for every export of the system (registry, comparisons, potentials...).

CSV is UTF-8 with a BOM so that Excel opens it with the right characters; XLSX keeps dates as date cells and
numbers as numbers, so that officials can sort and sum them."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")


def write_xlsx(stream, headers: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Data") -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(stream)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_csv(stream, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write to a binary stream."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    text.detach()


def write_table(stream, fmt: str, headers: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Data"):
    if fmt == "xlsx":
        write_xlsx(stream, headers, rows, sheet_title=sheet_title)
    elif fmt == "csv":
        write_csv(stream, headers, rows)
    else:
        raise ValueError(f"unknown export format {fmt!r}")


def table_response(fmt: str, file_stem: str, headers: Sequence[str], rows: Iterable[Sequence], **kwargs):
    """An HTTP download of the table as `file_stem.xlsx` or `file_stem.csv`."""
    buffer = io.BytesIO()
    write_table(buffer, fmt, headers, rows, **kwargs)
    content_type = XLSX_CONTENT_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_stem}.{fmt}"'
    return response
