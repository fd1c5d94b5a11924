"""The SIMKOPDES files go through the project's one reader and one writer: a hostile workbook is refused by the
bounded reader before it is parsed, the templates are CSV with a BOM (Excel) or XLSX, and the comparison export
holds figures as numbers and no formula."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kopdes.core.exports import write_table
from kopdes.exchange.services import snapshot_import
from kopdes.exchange.tests.conftest import SNAPSHOT, rows_of
from kopdes.tests.factories import PASER, PASER_VILLAGE, cooperative


def test_a_cell_in_column_xfd_is_refused_by_the_bounded_reader(db):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["province_id", "province"])
    sheet.cell(row=2, column=16_384, value=1)  # the far-column probe: 16,384 cells a row once read
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = snapshot_import(actor=None, data=buffer.getvalue(), file_name="s.xlsx", snapshot_date=SNAPSHOT)
    assert [(e.row, e.message) for e in result.errors] == [
        (0, "Lembar pertama memakai kolom sampai XFD; paling banyak 256 kolom (sampai IV).")
    ]


def test_the_national_file_written_by_the_export_writer_reads_alike(db, paser_file):
    rows = rows_of(paser_file)
    buffer = io.BytesIO()
    write_table(buffer, "xlsx", list(rows[0]), [list(row.values()) for row in rows])
    from_xlsx = snapshot_import(actor=None, data=buffer.getvalue(), file_name="p.xlsx", snapshot_date=SNAPSHOT)
    from_csv = snapshot_import(actor=None, data=paser_file, file_name="p.csv", snapshot_date=SNAPSHOT, dry_run=True)
    assert from_xlsx.ok and (from_xlsx.level, from_xlsx.rows) == (from_csv.level, from_csv.rows) == ("village", 144)


def test_csv_template_has_the_bom_excel_needs(client_for, national_admin):
    response = client_for(national_admin).get(
        reverse("core:import_template_variant", args=["simkopdes", "village", "csv"])
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_comparison_export_has_numbers_and_no_formula(client_for, mixed, paser_officer):
    cooperative(PASER_VILLAGE)
    response = client_for(paser_officer).get(reverse("exchange:comparison_export", args=[PASER]))
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert cells and not [cell for cell in cells if cell.data_type == "f"]
    sheet = workbook["Per wilayah"]
    header = [cell.value for cell in sheet[1]]
    total = dict(zip(header, sheet[2], strict=True))
    assert (total["koperasi_simkopdes"].data_type, total["koperasi_simkopdes"].value) == ("n", 144)
    assert (total["selisih_koperasi"].data_type, total["selisih_koperasi"].value) == ("n", -143)
    assert all(cell.font.b for cell in sheet[1])  # the header row is bold, as in every export
