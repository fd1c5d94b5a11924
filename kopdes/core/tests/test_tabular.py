"""The one spreadsheet reader: what Excel users send is read, and a file within the upload limit costs bounded
memory and time whatever it claims to hold (decompression bombs, far columns, huge cells, endless lines).

The hostile workbooks are built here by hand, part by part, streaming the big parts into the zip so that the test
itself never holds them."""

from __future__ import annotations

import codecs
import datetime
import io
import time
import tracemalloc
import zipfile
from collections.abc import Iterable, Iterator

import openpyxl
import pytest
from openpyxl import Workbook

from kopdes.core import tabular
from kopdes.core.tabular import TableError, iter_table, read_table

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
HEADER_ROW = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
TIME_LIMIT = 5.0  # seconds; generous for CI, the refusals take milliseconds
MEMORY_LIMIT = 50 * 1024 * 1024


def package(sheet: Iterable[bytes], shared: Iterable[bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal XLSX (one sheet, shared strings) whose two big parts are written chunk by chunk."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            with archive.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def sheet_xml(rows: Iterable[bytes], dimension: str | None = None, prologue: bytes = b"") -> Iterator[bytes]:
    yield b'<?xml version="1.0"?>' + prologue + f'<worksheet xmlns="{MAIN}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def strings_xml(*texts: str, huge_mib: int = 0, prologue: bytes = b"") -> Iterator[bytes]:
    yield b'<?xml version="1.0"?>' + prologue + f'<sst xmlns="{MAIN}">'.encode()
    for text in texts:
        yield f"<si><t>{text}</t></si>".encode()
    if huge_mib:
        yield b"<si><t>"
        chunk = b"A" * (1 << 20)
        for _ in range(huge_mib):
            yield chunk
        yield b"</t></si>"
    yield b"</sst>"


def far_column_rows(count: int) -> Iterator[bytes]:
    """`count` data rows, each holding one cell in column XFD (16,384), the last Excel has."""
    for number in range(2, count + 2):
        yield f'<row r="{number}"><c r="XFD{number}"><v>1</v></c></row>'.encode()


@pytest.fixture
def openpyxl_untouched(monkeypatch):
    """Fail if openpyxl is asked to open the workbook: the refusal must come before any sheet XML is parsed."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl.load_workbook was called")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def refused_within_bounds(data: bytes, name: str = "bom.xlsx") -> str:
    """read_table's refusal message, asserting it came fast and with little memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(TableError) as refused:
            read_table(data, name)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < TIME_LIMIT, elapsed
    assert peak < MEMORY_LIMIT, peak
    return str(refused.value)


@pytest.fixture(scope="module")
def gigabyte_cell() -> bytes:
    """About 1 MB on disk, one shared string of 1 GiB once inflated (the probe's decompression bomb)."""
    return package(sheet_xml([HEADER_ROW]), strings_xml("nama", "alamat", huge_mib=1024))


# --- the hand-built package is a valid workbook --------------------------------------------------------------


def test_hand_built_package_is_read():
    row = b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>-5</v></c></row>'
    data = package(sheet_xml([HEADER_ROW, row], "A1:B2"), strings_xml("nama", "alamat", "Koperasi Perian"))
    table = read_table(data, "registri.xlsx")
    assert table.headers == ["nama", "alamat"]
    assert table.rows == [(2, {"nama": "Koperasi Perian", "alamat": -5})]


# --- decompression bombs and far cells --------------------------------------------------------------------


def test_one_gigabyte_cell_is_refused_from_the_zip_directory(gigabyte_cell, openpyxl_untouched):
    assert len(gigabyte_cell) < 1_200_000  # the upload is small...
    with zipfile.ZipFile(io.BytesIO(gigabyte_cell)) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > 1024**3  # ...the cell is not
    message = refused_within_bounds(gigabyte_cell)
    assert "xl/sharedStrings.xml" in message and "1.024 MB setelah dibuka" in message


def test_far_column_on_every_row_is_refused_at_the_declared_range(openpyxl_untouched):
    data = package(sheet_xml([HEADER_ROW, *far_column_rows(100_000)], "A1:XFD100001"), strings_xml("nama", "x"))
    assert 400_000 < len(data) < 600_000
    message = refused_within_bounds(data)
    assert message == "Lembar pertama memakai kolom sampai XFD; paling banyak 256 kolom (sampai IV)."


def test_far_column_without_a_declared_range_is_refused_at_the_first_far_cell(openpyxl_untouched):
    data = package(sheet_xml([HEADER_ROW, *far_column_rows(100_000)]), strings_xml("nama", "x"))
    assert "kolom sampai XFD" in refused_within_bounds(data)


def test_a_declared_range_is_not_trusted_when_it_is_too_small():
    rows = [f'<row r="{n}"><c r="A{n}" t="s"><v>2</v></c><c r="C{n}"><v>{n}</v></c></row>'.encode() for n in (2, 3, 9)]
    data = package(sheet_xml([HEADER_ROW, *rows], "A1:B2"), strings_xml("nama", "alamat", "Koperasi"))
    table = iter_table(data, "kecil.xlsx")
    assert [(number, values) for number, values in table.rows] == [
        (2, ["Koperasi", None, 2]),
        (3, ["Koperasi", None, 3]),
        (9, ["Koperasi", None, 9]),
    ]


def test_too_many_sheet_rows_are_refused_before_reading(monkeypatch, openpyxl_untouched):
    monkeypatch.setattr(tabular, "MAX_SHEET_ROWS", 1000)
    rows = [b'<row r="5000"><c r="A5000"><v>1</v></c></row>']
    data = package(sheet_xml([HEADER_ROW, *rows]), strings_xml("nama", "x"))
    assert "baris sampai 5.000; paling banyak 1.000 baris" in refused_within_bounds(data)


def test_too_many_parts_and_too_much_in_total(monkeypatch, openpyxl_untouched):
    extra = {f"customXml/item{i}.xml": b"<x/>" for i in range(30)}
    data = package(sheet_xml([HEADER_ROW]), strings_xml("nama", "x"), extra)
    monkeypatch.setattr(tabular, "MAX_XLSX_PARTS", 20)
    assert "lebih dari 20 bagian" in refused_within_bounds(data)
    monkeypatch.setattr(tabular, "MAX_XLSX_PARTS", 1000)
    monkeypatch.setattr(tabular, "MAX_XLSX_TOTAL_BYTES", 1024)
    assert "setelah dibuka; paling besar 0 MB" in refused_within_bounds(data)


def test_a_worksheet_part_has_its_own_larger_limit(monkeypatch, openpyxl_untouched):
    data = package(sheet_xml([HEADER_ROW] * 2000), strings_xml("nama", "x"))
    monkeypatch.setattr(tabular, "MAX_XLSX_PART_BYTES", 10_000)  # other parts: still accepted
    monkeypatch.setattr(tabular, "MAX_XLSX_SHEET_BYTES", 20_000)
    assert "Bagian xl/worksheets/sheet1.xml" in refused_within_bounds(data)


def test_xml_entities_are_refused_in_the_sheet_and_in_the_shared_strings(openpyxl_untouched):
    laughs = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    data = package(sheet_xml([HEADER_ROW], prologue=laughs), strings_xml("nama", "x"))
    assert "DTD" in refused_within_bounds(data)


def test_xml_entities_in_the_shared_strings_are_refused_by_openpyxl_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML  # a dependency: openpyxl parses with defusedxml when it is installed
    laughs = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    data = package(sheet_xml([HEADER_ROW]), strings_xml("&lol2;", "x", prologue=laughs))
    assert "tidak dapat dibaca" in refused_within_bounds(data)


def test_a_long_cell_is_refused_with_its_reference(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_CELL_CHARS", 100)
    row = b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
    data = package(sheet_xml([HEADER_ROW, row]), strings_xml("nama", "alamat", "ok", "x" * 101))
    assert refused_within_bounds(data) == "Sel B2 berisi 101 karakter; paling banyak 100."


def test_not_a_zip_and_a_zip_without_a_workbook():
    assert "tidak dapat dibaca" in refused_within_bounds(b"PK\x03\x04 not really a zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "tidak dapat dibaca" in refused_within_bounds(out.getvalue())


# --- CSV ------------------------------------------------------------------------------------------------------


def test_csv_cell_longer_than_excel_allows_is_refused():
    data = b"nama,alamat\nKoperasi," + b"x" * 40_000 + b"\n"
    assert refused_within_bounds(data, "a.csv") == "Sel B2 berisi 40.000 karakter; paling banyak 32.767."


def test_csv_quoted_field_beyond_the_csv_module_limit_is_a_table_error():
    data = b'nama,alamat\nKoperasi,"' + b"x\n" * 100_000 + b'"\n'
    assert "tidak dapat dibaca" in refused_within_bounds(data, "a.csv")


def test_csv_line_of_separators_is_refused_before_it_is_split():
    data = b"nama,alamat\n" + b"," * (3 * 1024 * 1024) + b"\n"
    assert "lebih dari 1.048.576 karakter" in refused_within_bounds(data, "a.csv")


def test_csv_columns_and_rows_are_bounded(monkeypatch):
    wide = b"nama\n" + b",".join([b"x"] * 300) + b"\n"
    assert refused_within_bounds(wide, "a.csv") == "Baris 2 berisi lebih dari 256 kolom."
    # Trailing empty columns (Excel's ";;;;" after the last value) do not count.
    table = read_table(b"nama;alamat" + b";" * 400 + b"\nKoperasi;Jl. Poros" + b";" * 400 + b"\n", "a.csv")
    assert table.rows == [(2, {"nama": "Koperasi", "alamat": "Jl. Poros"})]
    monkeypatch.setattr(tabular, "MAX_SHEET_ROWS", 100)
    assert "lebih dari 100 baris (termasuk baris kosong)" in refused_within_bounds(b"nama\n" + b"\n" * 200, "a.csv")


def test_binary_files_are_not_read_as_csv():
    # A NUL would reach the database (PostgreSQL refuses it in text); an old .xls is binary through and through.
    for data in (b"nama\nKoperasi\x00Perian\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00 old xls"):
        assert "bukan CSV" in refused_within_bounds(data, "a.csv")


def test_csv_with_a_bom_that_lies_is_refused():
    assert "bukan UTF-8" in refused_within_bounds(codecs.BOM_UTF8 + "nama\nDésa\n".encode("cp1252"), "a.csv")


# --- what Excel users send ------------------------------------------------------------------------------------


def test_csv_encodings_and_separators():
    assert read_table("nama;alamat\nDésa;Jl.\n".encode(), "a.csv").rows == [(2, {"nama": "Désa", "alamat": "Jl."})]
    bom = read_table(codecs.BOM_UTF8 + "nama,alamat\nDésa,Jl.\n".encode(), "a.csv")
    assert bom.encoding == "utf-8-sig" and bom.rows[0][1]["nama"] == "Désa"
    latin = read_table("nama,alamat\nDésa,Jl.\n".encode("cp1252"), "a.csv")
    assert latin.encoding == "cp1252" and latin.notes and latin.rows[0][1]["nama"] == "Désa"


def test_blank_rows_keep_their_sheet_numbers_and_empty_files_are_refused():
    table = read_table(b"Nama Koperasi, Alamat \n\nKoperasi,Jl. Poros\n,\n", "a.csv")
    assert table.headers == ["nama_koperasi", "alamat"]
    assert table.rows == [(3, {"nama_koperasi": "Koperasi", "alamat": "Jl. Poros"})]
    for data, message in [
        (b"", "Berkas kosong."),
        (b"\n\n", "Berkas kosong."),
        (b",,\nKoperasi\n", "Baris judul kolom tidak ditemukan."),
        (b"nama\n\n", "Berkas hanya berisi judul kolom, tidak ada baris data."),
    ]:
        with pytest.raises(TableError, match=message):
            read_table(data, "a.csv")


def test_xlsx_written_by_openpyxl_with_dates_formulas_and_merged_cells():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["nama", "tanggal", "jumlah"])
    sheet.append(["Koperasi", datetime.datetime(2025, 5, 10), 12])
    sheet.append(["=1+1", None, None])  # written without a cached value: read as empty
    sheet.append([None, None, None])
    sheet.append(["Kedua", None, 3.0])
    sheet.merge_cells("B5:C5")
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "a.xlsx")
    assert table.rows == [
        (2, {"nama": "Koperasi", "tanggal": datetime.datetime(2025, 5, 10), "jumlah": 12}),
        (5, {"nama": "Kedua", "tanggal": None, "jumlah": None}),
    ]


def test_data_rows_limit_counts_only_rows_with_data(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    assert len(read_table(b"nama\n" + b"x\n\n" * 3, "a.csv").rows) == 3
    with pytest.raises(TableError, match="lebih dari 3 baris data"):
        read_table(b"nama\n" + b"x\n" * 4, "a.csv")


def test_rows_are_streamed():
    table = iter_table(b"nama\n" + b"Koperasi\n" * 10 + b"x" * 40_000 + b"\n", "a.csv")
    assert table.headers == ["nama"]
    assert next(table.rows) == (2, ["Koperasi"])  # read before the bad cell further down is reached
    with pytest.raises(TableError, match="Sel A12"):
        list(table.rows)


def test_neutralised_formulas_are_read_back_without_their_quote():
    data = b"nama\n\"'=SUM(1,1)\"\n'-2+3\n'@x\n'0812\n''=x\n"
    assert [row["nama"] for _, row in read_table(data, "a.csv").rows] == ["=SUM(1,1)", "-2+3", "@x", "'0812", "'=x"]
