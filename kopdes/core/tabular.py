"""Reading the spreadsheets officials send around (XLSX or CSV) into rows with their sheet row numbers.

Refuses clearly what cannot be read (empty, header only, too big, too many rows) and accepts what Excel users
really produce: CSV with or without a BOM, `,` or `;` separated, Windows-1252 ("ANSI") CSV, formulas (their
cached values), merged cells (the value sits in the first cell, the others are empty)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000


class TableError(Exception):
    """The file as a whole cannot be read; nothing was stored."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, object]]]
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)


@dataclass
class RowError:
    """One problem of an imported file: its sheet row (1 = the header, 0 = the whole file), column and reason."""

    row: int
    column: str
    message: str


def cell_text(value: object) -> str:
    """A cell as trimmed text; Excel's whole-number floats (NIB, account numbers) without their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def normalise_header(value: object) -> str:
    text = str(value or "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def read_table(data: bytes, filename: str) -> Table:
    if len(data) > MAX_BYTES:
        raise TableError(_("Berkas terlalu besar (%(mb).1f MB); paling besar 20 MB.") % {"mb": len(data) / 1_048_576})
    if not data.strip():
        raise TableError(_("Berkas kosong."))
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        table = _read_xlsx(data)
    else:
        table = _read_csv(data)
    if not table.headers or not any(table.headers):
        raise TableError(_("Baris judul kolom tidak ditemukan."))
    if not table.rows:
        raise TableError(_("Berkas hanya berisi judul kolom, tidak ada baris data."))
    return table


def _strip(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _collect(header_row, value_rows, first_row_number: int) -> tuple[list[str], list[tuple[int, dict]]]:
    headers = [normalise_header(h) for h in header_row]
    while headers and not headers[-1]:
        headers.pop()
    rows = []
    for offset, values in enumerate(value_rows):
        values = [_strip(v) for v in values]
        if not any(v not in (None, "") for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise TableError(_("Berkas berisi lebih dari %(n)s baris data.") % {"n": f"{MAX_ROWS:,}".replace(",", ".")})
        row = {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h}
        rows.append((first_row_number + offset, row))
    return headers, rows


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        # data_only: a formula cell gives the value Excel last calculated, not the formula text.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(_("Berkas XLSX tidak dapat dibaca: %(error)s") % {"error": exc}) from exc
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header = next(iterator, None)
        if header is None:
            raise TableError(_("Berkas kosong."))
        headers, rows = _collect(header, iterator, 2)
    finally:
        workbook.close()
    return Table(headers=headers, rows=rows, encoding="xlsx")


def _read_csv(data: bytes) -> Table:
    notes = []
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            # Excel's "CSV" on Windows is Windows-1252; read it so and say so.
            text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
            notes.append(_("Berkas CSV bukan UTF-8; dibaca sebagai Windows-1252/Latin-1. Periksa huruf beraksen."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise TableError(_("Berkas kosong."))
    headers, rows = _collect(header, reader, 2)
    return Table(headers=headers, rows=rows, encoding=encoding, notes=notes)


INDONESIAN_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "nopember": 11, "desember": 12, "des": 12, "dec": 12, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12, "january": 1, "february": 2, "march": 3,
}  # fmt: skip


def parse_date(value: object) -> datetime.date:
    """2025-06-10, 10/06/2025, 10-06-2025, 10 Juni 2025, 10 Jun 2025, or an Excel date cell."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    match = re.fullmatch(r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})", text)
    if match:
        return datetime.date(int(match[3]), int(match[2]), int(match[1]))
    match = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text)
    if match and match[2].lower() in INDONESIAN_MONTHS:
        return datetime.date(int(match[3]), INDONESIAN_MONTHS[match[2].lower()], int(match[1]))
    raise ValueError(text)
