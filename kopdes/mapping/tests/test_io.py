"""Imports: whole file validated first, errors per row and column, idempotent; exports round-trip."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from kopdes.core.importing import parse_number
from kopdes.core.models import ImportRecord
from kopdes.mapping.io.bumdes import BUMDES_COLUMNS, bumdes_export_rows, bumdes_import
from kopdes.mapping.io.potentials import POTENTIAL_COLUMNS, potential_export_rows, potentials_import
from kopdes.mapping.io.regency import regency_workbook
from kopdes.mapping.models import Bumdes, BumdesUnit, VillagePotential
from kopdes.mapping.selectors import regency_view
from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE, PASER_VILLAGE, checked

from .conftest import KUKAR_KELURAHAN, KUKAR_OTHER_VILLAGE

pytestmark = pytest.mark.django_db


def csv_bytes(header: list[str], *rows: list) -> bytes:
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(header, *rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


POT_HEADER = ["kode_wilayah", "kategori", "komoditas", "volume", "satuan", "nilai_rp", "jumlah_orang"]
GOOD_POTENTIALS = csv_bytes(
    POT_HEADER,
    [KUKAR_VILLAGE, "perikanan", "Ikan patin", "120", "ton/tahun", "3000000000", "85"],
    [KUKAR_VILLAGE, "Perkebunan", "Karet", '"45,5"', "ton/tahun", '"1.200.000.000"', "40"],
    [KUKAR_OTHER_VILLAGE, "kerajinan", "Anyaman purun dari sampah plastik", "", "", "", "12"],
)


@pytest.mark.parametrize("number", ["1.500.000", "1500000", "Rp 1.500.000", 1500000, 1500000.0])
def test_parse_number_rupiah(number):
    assert parse_number(number) == 1_500_000


def test_potentials_import_is_idempotent(dpmd):
    result = potentials_import(actor=dpmd, data=GOOD_POTENTIALS, file_name="potensi.csv")
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    karet = VillagePotential.objects.get(commodity="Karet")
    assert karet.category == "perkebunan" and karet.value_rp == 1_200_000_000 and str(karet.volume) == "45.50"
    assert karet.history.first().history_change_reason.startswith("Impor #")
    again = potentials_import(actor=dpmd, data=GOOD_POTENTIALS, file_name="potensi.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert VillagePotential.history.count() == 3
    changed = csv_bytes(POT_HEADER, [KUKAR_VILLAGE, "perikanan", "Ikan patin", "130", "", "", ""])
    result = potentials_import(actor=dpmd, data=changed, file_name="ubah.csv")
    assert (result.created, result.updated) == (0, 1)
    patin = VillagePotential.objects.get(commodity="Ikan patin")
    assert patin.volume == 130 and patin.value_rp == 3_000_000_000  # empty cell keeps the stored value


def test_potentials_import_xlsx(dpmd):
    data = xlsx_bytes(POT_HEADER, [KUKAR_VILLAGE, "pertanian", "Padi sawah", 300.5, "ton", 1_500_000_000, 120])
    assert potentials_import(actor=dpmd, data=data, file_name="p.xlsx").created == 1


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ([PASER_VILLAGE, "pertanian", "Padi"], "kode_wilayah", "di luar wilayah Anda"),
        (["64.02.01", "pertanian", "Padi"], "kode_wilayah", "bukan kode desa/kelurahan"),
        (["99.99.99.9999", "pertanian", "Padi"], "kode_wilayah", "tidak dikenal"),
        ([KUKAR_VILLAGE, "tambang", "Batu bara"], "kategori", "tidak dikenal"),
        ([KUKAR_VILLAGE, "pertanian", ""], "komoditas", "wajib"),
        ([KUKAR_VILLAGE, "pertanian", "Padi", "-5"], "volume", "negatif"),
        ([KUKAR_VILLAGE, "pertanian", "Padi", "", "", "-100"], "nilai_rp", "negatif"),
        ([KUKAR_VILLAGE, "pertanian", "Padi", "", "", "", "banyak"], "jumlah_orang", "bukan angka"),
    ],
)
def test_potentials_import_bad_rows_write_nothing(dpmd, row, column, message):
    good = [KUKAR_VILLAGE, "perikanan", "Ikan patin"]
    data = csv_bytes(POT_HEADER, good, row)
    result = potentials_import(actor=dpmd, data=data, file_name="x.csv")
    assert not result.ok
    (error,) = result.errors
    assert (error.row, error.column) == (3, column)
    assert message in error.message
    assert not VillagePotential.objects.exists()
    assert result.record.status == ImportRecord.Status.REFUSED


def test_potentials_import_duplicate_rows_and_unknown_columns(dpmd):
    data = csv_bytes([*POT_HEADER[:3], "warna"], [KUKAR_VILLAGE, "pertanian", "Padi", "merah"])
    result = potentials_import(actor=dpmd, data=data, file_name="x.csv")
    assert [e.column for e in result.errors] == ["warna"]
    data = csv_bytes(POT_HEADER[:3], [KUKAR_VILLAGE, "pertanian", "Padi"], [KUKAR_VILLAGE, "pertanian", "Padi"])
    result = potentials_import(actor=dpmd, data=data, file_name="x.csv")
    assert "baris 2" in result.errors[0].message


def test_potentials_import_needs_the_capability(bupati):
    with pytest.raises(PermissionDenied):
        potentials_import(actor=bupati, data=GOOD_POTENTIALS, file_name="x.csv")


def test_potentials_dry_run_and_export_round_trip(dpmd, kukar_officer):
    result = potentials_import(actor=dpmd, data=GOOD_POTENTIALS, file_name="p.csv", dry_run=True)
    assert result.ok and result.created == 3 and not VillagePotential.objects.exists()
    potentials_import(actor=dpmd, data=GOOD_POTENTIALS, file_name="p.csv")
    rows = list(potential_export_rows(VillagePotential.objects.all()))
    exported = xlsx_bytes(POTENTIAL_COLUMNS, *rows)
    again = potentials_import(actor=kukar_officer, data=exported, file_name="ekspor.xlsx")
    assert again.ok and again.unchanged == 3, again.errors


BUM_HEADER = ["kode_wilayah", "nama_bumdes", "status_hukum", "kategori", "status_unit", "kinerja", "omzet_rp", "tahun"]
GOOD_BUMDES = csv_bytes(
    BUM_HEADER,
    [KUKAR_VILLAGE, "BUMDes Maju Bersama", "berbadan_hukum", "sembako", "aktif", "berhasil", "250000000", "2025"],
    [KUKAR_VILLAGE, "BUMDes Maju Bersama", "", "pertanian", "tidak aktif", "merugi", "", "2024"],
    [KUKAR_OTHER_VILLAGE, "BUMDes Muara Leka", "", "", "", "", "", ""],
)


def test_bumdes_import_is_idempotent(dpmd):
    result = bumdes_import(actor=dpmd, data=GOOD_BUMDES, file_name="bumdes.csv")
    assert result.ok, result.errors
    assert result.created == 4  # two BUMDes, two units
    unit = BumdesUnit.objects.get(category="pertanian")
    assert (unit.status, unit.performance, unit.year) == ("tidak_aktif", "merugi", 2024)
    assert Bumdes.objects.get(village_id=KUKAR_VILLAGE).legal_status == "berbadan_hukum"
    again = bumdes_import(actor=dpmd, data=GOOD_BUMDES, file_name="bumdes.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    update = csv_bytes(BUM_HEADER, [KUKAR_VILLAGE, "BUMDes Maju Bersama", "", "pertanian", "aktif", "", "", ""])
    result = bumdes_import(actor=dpmd, data=update, file_name="u.csv")
    assert (result.updated, result.unchanged) == (1, 1)
    assert BumdesUnit.objects.get(category="pertanian").status == "aktif"
    rows = list(bumdes_export_rows(Bumdes.objects.all()))
    assert len(rows) == 3
    assert bumdes_import(actor=dpmd, data=xlsx_bytes(BUMDES_COLUMNS, *rows), file_name="e.xlsx").unchanged == 4


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ([KUKAR_KELURAHAN, "BUMDes Melayu", "", "", "", "", "", ""], "kode_wilayah", "kelurahan"),
        ([PASER_VILLAGE, "BUMDes Janju", "", "", "", "", "", ""], "kode_wilayah", "di luar wilayah"),
        ([KUKAR_VILLAGE, "BUMDes X", "", "tambang", "aktif", "berhasil", "", ""], "kategori", "tidak dikenal"),
        ([KUKAR_VILLAGE, "BUMDes X", "", "lpg", "aktif", "berhasil", "-1", ""], "omzet_rp", "negatif"),
        ([KUKAR_VILLAGE, "BUMDes X", "", "lpg", "jalan", "", "", ""], "status_unit", "Harus salah satu"),
        ([KUKAR_VILLAGE, "BUMDes X", "", "lpg", "", "hebat", "", ""], "kinerja", "Harus salah satu"),
        ([KUKAR_VILLAGE, "BUMDes X", "", "lpg", "", "", "", "1500"], "tahun", "Tahun"),
        ([KUKAR_VILLAGE, "BUMDes X", "resmi", "", "", "", "", ""], "status_hukum", "Harus salah satu"),
        ([KUKAR_VILLAGE, "", "", "", "", "", "", ""], "nama_bumdes", "wajib"),
    ],
)
def test_bumdes_import_bad_rows_write_nothing(dpmd, row, column, message):
    data = csv_bytes(BUM_HEADER, [KUKAR_OTHER_VILLAGE, "BUMDes Muara Leka", "", "", "", "", "", ""], row)
    result = bumdes_import(actor=dpmd, data=data, file_name="x.csv")
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert message in result.errors[0].message
    assert not Bumdes.objects.exists() and not BumdesUnit.objects.exists()


def test_bumdes_import_inconsistent_names(dpmd):
    data = csv_bytes(
        BUM_HEADER,
        [KUKAR_VILLAGE, "BUMDes A", "", "lpg", "", "", "", ""],
        [KUKAR_VILLAGE, "BUMDes B", "", "klinik", "", "", "", ""],
    )
    result = bumdes_import(actor=dpmd, data=data, file_name="x.csv")
    assert [(e.row, e.column) for e in result.errors] == [(3, "nama_bumdes")]


def test_import_commands(tmp_path, dpmd, capsys):
    path = tmp_path / "potensi.csv"
    path.write_bytes(GOOD_POTENTIALS)
    call_command("import_potentials", str(path), "--dry-run", "--json", "--user", dpmd.username)
    assert json.loads(capsys.readouterr().out)["created"] == 3
    assert not VillagePotential.objects.exists()
    call_command("import_potentials", str(path))
    assert VillagePotential.objects.count() == 3
    bad = tmp_path / "bumdes.csv"
    bad.write_bytes(csv_bytes(BUM_HEADER, [KUKAR_KELURAHAN, "BUMDes Melayu", "", "", "", "", "", ""]))
    with pytest.raises(SystemExit):
        call_command("import_bumdes", str(bad))
    assert "kelurahan" in capsys.readouterr().out


def test_regency_workbook(kukar_overlap, kukar_village):
    from kopdes.mapping.services import potential_create

    potential_create(actor=None, village=kukar_village, category="perikanan", commodity="Patin", value_rp=9)
    data = regency_workbook(regency_view(region=checked(KUKAR)))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Ringkasan", "Peluang", "Tumpang tindih", "Kelurahan"]
    assert wb["Peluang"].max_row == 2 and wb["Tumpang tindih"].max_row == 2 and wb["Kelurahan"].max_row == 45
