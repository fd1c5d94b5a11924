"""Reading the spreadsheets officials send around (XLSX or CSV): the one reader of every importer.

Refuses clearly what cannot be read (empty, header only, too big, too many rows) and accepts what Excel users
really produce: CSV with or without a BOM, `,` or `;` separated, Windows-1252 ("ANSI") CSV, formulas (their
cached values), merged cells (the value sits in the first cell, the others are empty).

An upload within the limits below costs bounded memory and time, whatever it claims to hold. The upload itself is
at most MAX_BYTES, but an XLSX is a zip whose parts may inflate a thousandfold (a 1 MB file can hold a 1 GB cell)
and whose sheet may place a cell in column XFD on every row (openpyxl then builds 16,384 cells a row). So before
openpyxl sees a workbook:
- the zip directory is checked: the number of parts, each part's and the total uncompressed size. `zipfile` never
  yields more bytes than a part declares (a part that lies fails its CRC check), so the declared sizes bound what
  is inflated;
- the first sheet's XML is scanned as a stream (its declared used range, then every row and cell reference), and a
  sheet wider than MAX_COLUMNS or longer than MAX_SHEET_ROWS is refused at the first cell beyond;
- rows are then read in openpyxl's read-only (streaming) mode, only as wide as the scan found, and each cell is at
  most MAX_CELL_CHARS characters (Excel's own limit).
A CSV is streamed too, its lines, columns, rows and cells bounded the same way.

`iter_table` streams the rows (the national system's 83,000-village file is read without holding it);
`read_table` keeps them as dicts by header, which the registry, potentials and BUMDes imports check as a whole.

A text cell that an export neutralised with a leading `'` (see `kopdes.core.exports`: `'=…`, `'+…`, `'-…`, `'@…`,
and `''=…` for text that itself began with `'=`) is read back without that one `'`, so that export → edit → import
round-trips."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from django.utils.translation import gettext as _

MiB = 1024 * 1024
MAX_BYTES = 20 * MiB  # the upload as sent
MAX_ROWS = 100_000  # data rows (blank rows are skipped and not counted)
MAX_SHEET_ROWS = 200_000  # rows of the sheet or lines of the CSV, blank ones included
MAX_COLUMNS = 256  # as in Excel 2003; no import has more than a few dozen
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_CSV_LINE_CHARS = MiB  # one physical line of a CSV; bounds the fields the csv module splits it into
MAX_XLSX_PARTS = 1_000  # files inside the zip; a workbook of a few sheets has about 15
MAX_XLSX_SHEET_BYTES = 256 * MiB  # one worksheet's XML, read as a stream (100,000 rows of 40 columns: ~200 MB)
MAX_XLSX_PART_BYTES = 64 * MiB  # any other part; openpyxl holds these whole (shared strings, styles)
MAX_XLSX_TOTAL_BYTES = 320 * MiB  # all parts together

# Leading characters that make a spreadsheet read text as a formula (OWASP's CSV-injection list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Such text behind one or more `'`: the exports' neutralised form, whose first `'` the reader takes off.
QUOTED_FORMULA = re.compile(r"'+[=+\-@\t\r]")

_SHEET_PART = re.compile(r"(?i).*worksheets/[^/]+\.xml")
_CELL_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})?\$?(\d+)?")
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


class TableError(Exception):
    """The file as a whole cannot be read; nothing was stored."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, object]]]
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)


@dataclass
class TableStream:
    """Normalised headers and the data rows as (sheet row number, values), read as they are consumed.

    Blank rows are skipped. The iterator raises TableError when a limit is passed and closes the file when it ends;
    `close()` closes it early."""

    headers: list[str]
    rows: Iterator[tuple[int, list]]
    encoding: str
    notes: list[str] = field(default_factory=list)

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close:
            close()


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


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def column_letter(number: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


# ---------------------------------------------------------------------------------------------------------------
# Entry points


def read_table(data: bytes, filename: str) -> Table:
    """The whole file as rows of {header: value}; TableError when it cannot be read or holds no data row."""
    stream = iter_table(data, filename)
    headers = stream.headers
    rows = [
        (number, {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h})
        for number, values in stream.rows
    ]
    if not rows:
        raise TableError(_("Berkas hanya berisi judul kolom, tidak ada baris data."))
    return Table(headers=headers, rows=rows, encoding=stream.encoding, notes=stream.notes)


def read_workbook(data: bytes) -> dict[str, Table]:
    """Every worksheet of an XLSX (a workbook of several sheets, like the books template) as {sheet name: Table},
    each read under the same limits as one sheet: the package and every sheet are checked before openpyxl opens
    it. A sheet without a header row has no headers; one with only its header, no rows. TableError when the file
    cannot be read."""
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise TableError(
            _("Berkas terlalu besar (%(mb).1f MB); paling besar %(max)d MB.")
            % {"mb": len(data) / MiB, "max": MAX_BYTES // MiB}
        )
    _check_xlsx(data, all_sheets=True)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(_("Berkas XLSX tidak dapat dibaca: %(error)s") % {"error": exc}) from exc
    tables: dict[str, Table] = {}
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()
            rows = _bounded(enumerate(sheet.iter_rows(values_only=True), start=1), lambda: None)
            first = next(rows, None)
            headers = [normalise_header(h) for h in (first[1] if first else [])]
            while headers and not headers[-1]:
                headers.pop()
            data_rows = [
                (number, {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h})
                for number, values in (_data_rows(rows) if headers else [])
            ]
            tables[sheet.title] = Table(headers=headers, rows=data_rows, encoding="xlsx", notes=[])
    finally:
        workbook.close()
    return tables


def iter_table(data: bytes, filename: str) -> TableStream:
    """The header now, the rows as they are read. TableError for what cannot be read at all (raised here) or for a
    limit passed further down (raised by the row iterator)."""
    if len(data) > MAX_BYTES:
        raise TableError(
            _("Berkas terlalu besar (%(mb).1f MB); paling besar %(max)d MB.")
            % {"mb": len(data) / MiB, "max": MAX_BYTES // MiB}
        )
    if not data.strip():
        raise TableError(_("Berkas kosong."))
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        raw_rows, encoding, notes, close = _xlsx_rows(data)
    else:
        raw_rows, encoding, notes, close = _csv_rows(data)
    rows = _bounded(raw_rows, close)
    first = next(rows, None)  # the header is the sheet's first row, as Excel users lay it out
    if first is None:
        raise TableError(_("Berkas kosong."))
    headers = [normalise_header(h) for h in first[1]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        rows.close()
        raise TableError(_("Baris judul kolom tidak ditemukan."))
    return TableStream(headers=headers, rows=_data_rows(rows), encoding=encoding, notes=notes)


class _CellTooLong(Exception):
    pass


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'" and QUOTED_FORMULA.match(value):
            value = value[1:].strip()  # an export's neutralised formula-like text (kopdes.core.exports)
        if len(value) > MAX_CELL_CHARS:
            raise _CellTooLong
        return value or None
    return value


def _cell_too_long(number: int, raw: tuple | list) -> TableError:
    for index, value in enumerate(raw):
        try:
            _clean(value)
        except _CellTooLong:
            return TableError(
                _("Sel %(cell)s berisi %(length)s karakter; paling banyak %(n)s.")
                % {
                    "cell": f"{column_letter(index + 1)}{number}",
                    "length": _number(len(value.strip())),
                    "n": _number(MAX_CELL_CHARS),
                }
            )
    raise AssertionError("no long cell")  # pragma: no cover


def _bounded(raw_rows: Iterator[tuple[int, tuple | list]], close: Callable[[], None]) -> Iterator[tuple[int, list]]:
    """Every row as (sheet row number, cleaned values without trailing blanks; [] for a blank row), within the
    limits. Closes the file when it ends, fails or is closed."""
    try:
        for number, raw in raw_rows:
            if number > MAX_SHEET_ROWS:
                raise TableError(
                    _("Berkas berisi lebih dari %(n)s baris (termasuk baris kosong).") % {"n": _number(MAX_SHEET_ROWS)}
                )
            try:
                values = [_clean(v) if type(v) is str else v for v in raw]  # fast past empty cells
            except _CellTooLong:
                raise _cell_too_long(number, raw) from None
            while values and values[-1] is None:
                values.pop()
            if len(values) > MAX_COLUMNS:
                raise TableError(_("Baris %(row)d berisi lebih dari %(n)d kolom.") % {"row": number, "n": MAX_COLUMNS})
            yield number, values
    finally:
        close()


def _data_rows(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """The non-blank rows after the header, at most MAX_ROWS of them."""
    count = 0
    try:
        for number, values in rows:
            if not values:
                continue
            count += 1
            if count > MAX_ROWS:
                raise TableError(_("Berkas berisi lebih dari %(n)s baris data.") % {"n": _number(MAX_ROWS)})
            yield number, values
    finally:
        rows.close()


# ---------------------------------------------------------------------------------------------------------------
# CSV


def _is_utf8(data: bytes) -> bool:
    """Validated in 1 MB steps, so that a 20 MB file is not decoded whole just to learn its encoding."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), MiB):
            decoder.decode(view[start : start + MiB])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_rows(data: bytes):
    if b"\x00" in data:
        raise TableError(
            _("Berkas ini bukan CSV atau XLSX (berisi data biner, misalnya XLS lama). Simpan sebagai XLSX atau CSV.")
        )
    notes = []
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8-sig", data[3:]
        if not _is_utf8(data):
            raise TableError(_("Berkas CSV bertanda UTF-8 (BOM) tetapi isinya bukan UTF-8."))
    elif _is_utf8(data):
        encoding = "utf-8"
    else:
        # Excel's "CSV" on Windows is Windows-1252; read it so and say so.
        encoding = "cp1252"
        notes.append(_("Berkas CSV bukan UTF-8; dibaca sebagai Windows-1252/Latin-1. Periksa huruf beraksen."))
    first_line = data.split(b"\n", 1)[0]
    delimiter = ";" if first_line.count(b";") > first_line.count(b",") else ","
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding.replace("-sig", ""), errors="replace", newline="")

    def lines() -> Iterator[str]:
        number = 0
        while line := text.readline(MAX_CSV_LINE_CHARS + 1):
            number += 1
            if len(line) > MAX_CSV_LINE_CHARS:
                raise TableError(
                    _("Baris teks ke-%(line)s berkas CSV lebih dari %(n)s karakter.")
                    % {"line": _number(number), "n": _number(MAX_CSV_LINE_CHARS)}
                )
            yield line

    def rows() -> Iterator[tuple[int, list]]:
        reader = csv.reader(lines(), delimiter=delimiter)
        number = 0
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise TableError(
                    _("Berkas CSV tidak dapat dibaca di baris teks ke-%(line)s: %(error)s")
                    % {"line": _number(reader.line_num), "error": exc}
                ) from exc
            number += 1
            yield number, values

    return rows(), encoding, notes, text.close


# ---------------------------------------------------------------------------------------------------------------
# XLSX


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    _check_xlsx(data)
    try:
        # data_only: a formula cell gives the value Excel last calculated, not the formula text.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(_("Berkas XLSX tidak dapat dibaca: %(error)s") % {"error": exc}) from exc
    if not workbook.worksheets:
        workbook.close()
        raise TableError(_("Berkas XLSX tidak berisi lembar kerja."))
    sheet = workbook.worksheets[0]
    # Not cut to the declared range, which may be missing or wrong: every row as wide as its last cell, which the
    # scan kept within MAX_COLUMNS.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    return enumerate(rows, start=1), "xlsx", [], workbook.close


def _check_xlsx(data: bytes, *, all_sheets: bool = False) -> None:
    """Check the package, then the first sheet's cells (every sheet's with `all_sheets`), before openpyxl opens
    it."""
    unreadable = _("Berkas XLSX tidak dapat dibaca: %(error)s")
    # Each part has a central-directory entry starting with this signature; counting them bounds the directory
    # before zipfile builds an object per entry.
    if data.count(b"PK\x01\x02") > MAX_XLSX_PARTS:
        raise TableError(_("Berkas XLSX berisi lebih dari %(n)s bagian.") % {"n": _number(MAX_XLSX_PARTS)})
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise TableError(unreadable % {"error": exc}) from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_XLSX_PARTS:
            raise TableError(_("Berkas XLSX berisi lebih dari %(n)s bagian.") % {"n": _number(MAX_XLSX_PARTS)})
        total = 0
        for part in parts:
            limit = MAX_XLSX_SHEET_BYTES if _SHEET_PART.fullmatch(part.filename) else MAX_XLSX_PART_BYTES
            if part.file_size > limit:
                raise TableError(
                    _("Bagian %(part)s berkas XLSX berukuran %(mb)s MB setelah dibuka; paling besar %(max)s MB.")
                    % {"part": part.filename[:80], "mb": _number(part.file_size // MiB), "max": _number(limit // MiB)}
                )
            total += part.file_size
        if total > MAX_XLSX_TOTAL_BYTES:
            raise TableError(
                _("Berkas XLSX berukuran %(mb)s MB setelah dibuka; paling besar %(max)s MB.")
                % {"mb": _number(total // MiB), "max": _number(MAX_XLSX_TOTAL_BYTES // MiB)}
            )
        try:
            for part in _worksheet_parts(archive) if all_sheets else [_first_sheet_part(archive)]:
                _scan_sheet(archive, part)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, expat.ExpatError) as exc:
            raise TableError(unreadable % {"error": exc}) from exc


def _parse(source, start: Callable[[str, dict], None]) -> None:
    """Stream an XML part through expat, calling `start(name, attributes)` for each element (names without their
    namespace prefix, which OOXML files rarely use); a DTD or an entity is refused."""
    parser = expat.ParserCreate()

    def refuse_dtd(*args):
        raise TableError(_("Berkas XLSX berisi deklarasi DTD atau entitas XML; berkas seperti ini tidak diterima."))

    def start_element(name, attributes):
        start(name.rpartition(":")[2] if ":" in name else name, attributes)

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start_element
    parser.ParseFile(source)


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type, target part) of a part's relationships (`_rels/.rels` for the package when part is "")."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    found: dict[str, tuple[str, str]] = {}

    def start(tag, attributes):
        if tag == "Relationship" and attributes.get("TargetMode") != "External":
            target = attributes.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[attributes.get("Id", "")] = (attributes.get("Type", ""), posixpath.normpath(target))

    with archive.open(rels_name) as source:
        _parse(source, start)
    return found


def _first_sheet_part(archive: zipfile.ZipFile) -> str:
    """The part of the workbook's first worksheet (chart sheets skipped, as openpyxl's `worksheets` does)."""
    parts = _worksheet_parts(archive)
    if not parts:
        raise ValueError("no worksheet")
    return parts[0]


def _worksheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """The parts of the workbook's worksheets in their order (chart sheets skipped)."""
    workbook = next((t for kind, t in _relationships(archive, "").values() if kind.endswith("/officeDocument")), None)
    if workbook is None:
        raise ValueError("no workbook part")
    relations = _relationships(archive, workbook)
    sheet_ids: list[str] = []

    def start(tag, attributes):
        if tag == "sheet":
            sheet_ids.append(next((v for k, v in attributes.items() if k.rpartition(":")[2] == "id"), ""))

    with archive.open(workbook) as source:
        _parse(source, start)
    kinds = [relations.get(sheet_id, ("", "")) for sheet_id in sheet_ids]
    return [target for kind, target in kinds if kind.endswith("/worksheet")]


def _scan_sheet(archive: zipfile.ZipFile, part: str) -> None:
    """Refuse a worksheet whose declared range, row numbers or cell columns go beyond the limits, as soon as one is
    seen and before openpyxl parses a row. Once it passes, openpyxl makes each row only as wide as its own last
    cell (at most MAX_COLUMNS) and fills at most MAX_SHEET_ROWS missing rows, so reading costs what the XML does."""
    columns = {column_letter(number): number for number in range(1, MAX_COLUMNS + 1)}
    position = {"row": 0, "column": 0}

    def too_wide(column: str) -> TableError:
        return TableError(
            _("Lembar pertama memakai kolom sampai %(column)s; paling banyak %(n)d kolom (sampai %(last)s).")
            % {"column": column, "n": MAX_COLUMNS, "last": column_letter(MAX_COLUMNS)}
        )

    def check_row(number: int) -> None:
        if number > MAX_SHEET_ROWS:
            raise TableError(
                _("Lembar pertama memakai baris sampai %(row)s; paling banyak %(n)s baris.")
                % {"row": _number(number), "n": _number(MAX_SHEET_ROWS)}
            )

    def start(tag, attributes):
        if tag == "c":
            reference = attributes.get("r")
            if reference:
                letters = reference.rstrip("0123456789").lstrip("$").rstrip("$").upper()
                column = columns.get(letters)
                if column is None:
                    raise too_wide(letters[:3] or reference[:10])
                position["column"] = column
            else:  # a cell without a reference is the one after the previous cell
                position["column"] += 1
                if position["column"] > MAX_COLUMNS:
                    raise too_wide(column_letter(position["column"]))
        elif tag == "row":
            number = attributes.get("r")
            position["row"] = int(number) if number and number.isdigit() else position["row"] + 1
            position["column"] = 0
            check_row(position["row"])
        elif tag == "dimension":
            column, row = _reference((attributes.get("ref") or "").rpartition(":")[2])
            if column > MAX_COLUMNS:
                raise too_wide(column_letter(column))
            check_row(row)

    with archive.open(part) as source:
        _parse(source, start)


def _reference(reference: str | None) -> tuple[int, int]:
    """ "XFD12" → (16384, 12); (0, 0) for what is missing."""
    match = _CELL_REFERENCE.fullmatch(reference or "")
    if not match:
        return 0, 0
    letters, digits = match.groups()
    return (_column_number(letters) if letters else 0), (int(digits) if digits else 0)


# ---------------------------------------------------------------------------------------------------------------
# Dates

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
