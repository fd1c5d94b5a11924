"""Importing the national system's statistics: the real files of 5 August 2026 (Paser's villages all matched to
the right Kemendagri codes, their sums equal to the regency file's KAB. PASER row), the mapping table's second
pass by id, atomic replacement of a snapshot, officers' scope, and every kind of bad input."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command

from kopdes.core.models import ImportRecord
from kopdes.exchange import services
from kopdes.exchange.choices import UnitStatus
from kopdes.exchange.models import FIGURE_COLUMNS, NationalSnapshot, NationalUnit
from kopdes.exchange.selectors import national_summary
from kopdes.exchange.services import snapshot_import
from kopdes.exchange.tests.conftest import SNAPSHOT, rows_of, to_csv
from kopdes.regions.models import Region
from kopdes.tests.factories import PASER, PASER_VILLAGE, checked

FIGURES = list(FIGURE_COLUMNS.values())


def stored() -> tuple[int, int]:
    return NationalUnit.objects.count(), NationalSnapshot.objects.count()


# ---------------------------------------------------------------------------------------------------------------
# The real files


def test_paser_village_file_every_row_matched_to_the_right_village(imported, paser_file):
    result = imported(paser_file, "stats_village_paser.csv")
    assert (result.level, result.rows) == ("village", 144)
    assert (result.matched, result.unmatched, result.ambiguous) == (144, 0, 0)
    assert result.by_method == {"id": 0, "exact": 144, "fuzzy": 0}

    # Each village row sits on the Kemendagri village of that name, inside the kecamatan of that name, in Paser.
    rows = {row["village_id"]: row for row in rows_of(paser_file)}
    units = NationalUnit.objects.filter(level="village").select_related("region__parent__parent")
    assert units.count() == 144
    codes = set()
    for unit in units:
        row = rows[unit.national_id]
        assert unit.status == UnitStatus.MATCHED and unit.method == "exact"
        assert unit.region.name.casefold() == row["village"].casefold()
        assert unit.region.parent.name.casefold() == row["subdistrict"].casefold()
        assert unit.region.parent.parent_id == PASER
        codes.add(unit.region_id)
    assert len(codes) == 144  # one Kemendagri village each
    assert codes == set(
        Region.objects.filter(code__startswith=f"{PASER}.", level="village").values_list("code", flat=True)
    )
    # Spot checks against the Kemendagri list: Janju, Muara Adang (Long Ikis) vs Muara Adang II (Long Kali).
    by_name = {(u.parent.name, u.name): u.region_id for u in units.select_related("parent")}
    assert by_name[("Tanah Grogot", "Janju")] == PASER_VILLAGE
    assert by_name[("Long Ikis", "Muara Adang")] == "64.01.06.2002"
    assert by_name[("Long Kali", "Muara Adang II")] == "64.01.08.2020"
    # The parents are in the mapping table too.
    assert NationalUnit.objects.get(level="regency").region_id == PASER
    assert NationalUnit.objects.get(level="province").region_id == "64"
    assert NationalUnit.objects.filter(level="district", status="matched").count() == 10

    record = ImportRecord.objects.get(pk=result.record.pk)
    assert (record.kind, record.status, record.rows, record.created) == ("simkopdes", "applied", 144, 144)


def test_paser_village_sums_equal_the_regency_files_paser_row(imported, paser_file, regency_file):
    imported(paser_file, "stats_village_paser.csv")
    village_rows = rows_of(paser_file)
    (paser_row,) = [row for row in rows_of(regency_file) if row["district"] == "KAB. PASER"]
    for column in FIGURES:
        total = sum(Decimal(row[column]) for row in village_rows)
        assert total == Decimal(paser_row[column]), column

    block = national_summary(region=checked(PASER))
    assert block["source"] == "village"
    assert block == {
        "snapshot_date": "2026-08-05",
        "source": "village",
        "cooperatives": int(paser_row["cooperatives"]),
        "accounts": int(paser_row["accounts_count"]),
        "npwp": int(paser_row["npwp_count"]),
        "nib": int(paser_row["nib_count"]),
        "rat": int(paser_row["rat_count"]),
        "transaction_value": int(paser_row["transaction_value"]),
        "simpanan_pokok_amount": int(paser_row["simpanan_pokok_amount"]),
        "simpanan_wajib_amount": int(paser_row["simpanan_wajib_amount"]),
        "members_pokok": int(paser_row["simpanan_pokok_members"]),
        "members_wajib": int(paser_row["simpanan_wajib_members"]),
    }


def test_regency_file_matches_every_kaltim_regency_and_keeps_the_strays_out(imported, regency_file, province_file):
    imported(province_file, "stats_province.csv")
    result = imported(regency_file, "stats_regency.csv")
    assert result.level == "regency" and result.rows == 525
    kaltim = NationalUnit.objects.filter(level="regency", parent__region_id="64")
    assert kaltim.count() == 10
    assert sorted(kaltim.values_list("region_id", flat=True)) == sorted(
        Region.objects.filter(level="regency", parent_id="64").values_list("code", flat=True)
    )
    # The provinces whose regions are not loaded in the tests are unmatched, and so are their regencies.
    assert NationalUnit.objects.filter(level="province", status="matched").count() == 1
    # KAB. TEBO is filed under Jambi and (once) under Papua Pegunungan: two units, one key each.
    assert NationalUnit.objects.filter(level="regency", national_id="95").count() == 2
    # The second import of the province file finds its units by id.
    again = snapshot_import(actor=None, data=province_file, file_name="p.csv", snapshot_date=SNAPSHOT)
    assert again.by_method["id"] == 1 and again.replaced == 38


def test_second_import_matches_by_id_and_replaces_the_snapshot(imported, paser_file):
    first = imported(paser_file)
    units_before = dict(NationalUnit.objects.values_list("key", "pk"))
    second = imported(paser_file)
    assert second.by_method == {"id": 144, "exact": 0, "fuzzy": 0}
    assert (second.replaced, second.written) == (144, 144)
    assert dict(NationalUnit.objects.values_list("key", "pk")) == units_before
    assert NationalSnapshot.objects.count() == 144
    assert set(NationalSnapshot.objects.values_list("import_record", flat=True)) == {second.record.pk}
    assert first.record.pk != second.record.pk


def test_reimport_replaces_the_snapshot_atomically(imported, paser_file, monkeypatch):
    imported(paser_file)
    rows = rows_of(paser_file)
    changed = [{**row, "nib_count": "0"} for row in rows[:-1]]  # one village fewer, no NIB anywhere

    original = services._replace_snapshot

    def fail_after_writing(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_replace_snapshot", fail_after_writing)
    with pytest.raises(RuntimeError):
        snapshot_import(actor=None, data=to_csv(changed), file_name="x.csv", snapshot_date=SNAPSHOT)
    # Nothing of the failed import is visible: the old snapshot whole.
    assert NationalSnapshot.objects.count() == 144
    assert national_summary(region=checked(PASER))["nib"] == 133

    monkeypatch.setattr(services, "_replace_snapshot", original)
    result = imported(to_csv(changed))
    assert (result.replaced, result.written) == (144, 143)
    assert NationalSnapshot.objects.count() == 143
    assert national_summary(region=checked(PASER))["nib"] == 0
    assert NationalSnapshot.objects.exclude(import_record=result.record).count() == 0


def test_snapshots_of_other_regencies_and_dates_are_kept(imported, paser_file):
    imported(paser_file)
    other = [
        {
            **row,
            "district_id": "347",
            "district": "KAB. KUTAI KARTANEGARA",
            "subdistrict_id": "9001",
            "subdistrict": "Muara Muntai",
            "village_id": str(90000 + i),
            "village": name,
        }
        for i, (row, name) in enumerate(zip(rows_of(paser_file)[:2], ["Muara Muntai Ilir", "Jantur"], strict=True))
    ]
    kukar = imported(to_csv(other))
    assert kukar.matched == 2 and kukar.replaced == 0
    assert NationalSnapshot.objects.count() == 146  # Paser's rows stay: a Kukar file replaces only Kukar's
    imported(paser_file, date=datetime.date(2026, 9, 1))
    assert NationalSnapshot.objects.count() == 290
    assert national_summary(region=checked(PASER))["snapshot_date"] == "2026-09-01"


def test_dry_run_stores_nothing_but_the_record(db, paser_file):
    result = snapshot_import(actor=None, data=paser_file, file_name="p.csv", snapshot_date=SNAPSHOT, dry_run=True)
    assert result.ok and result.matched == 144
    assert stored() == (0, 0)
    assert ImportRecord.objects.get().status == "dry_run"


def test_command_prints_json(db, paser_file, tmp_path):
    path = tmp_path / "stats_village_paser.csv"
    path.write_bytes(paser_file)
    out = io.StringIO()
    call_command("import_simkopdes", str(path), "--snapshot-date", "2026-08-05", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert {key: body[key] for key in ("rows", "matched", "unmatched", "ambiguous", "by_method")} == {
        "rows": 144,
        "matched": 144,
        "unmatched": 0,
        "ambiguous": 0,
        "by_method": {"id": 0, "exact": 144, "fuzzy": 0},
    }
    assert body["level"] == "village" and body["snapshot_date"] == "2026-08-05"
    assert NationalSnapshot.objects.count() == 144

    out = io.StringIO()
    call_command("import_simkopdes", str(path), "--snapshot-date", "2026-08-05", "--dry-run", stdout=out)
    assert "144 baris" in out.getvalue() and "uji coba" in out.getvalue()


def test_command_refuses_a_bad_file_with_exit_status_1(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"province_id,province\n1,ACEH\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_simkopdes", str(path), stdout=io.StringIO())
    assert exit_info.value.code == 1
    assert stored() == (0, 0)


# ---------------------------------------------------------------------------------------------------------------
# Officers


def test_paser_officer_imports_the_paser_file(paser_officer, paser_file):
    result = snapshot_import(actor=paser_officer, data=paser_file, file_name="p.csv", snapshot_date=SNAPSHOT)
    assert result.ok and result.matched == 144
    assert ImportRecord.objects.get().scope_code == PASER


def test_kukar_officer_imports_nothing_from_a_paser_file(kukar_officer, paser_file):
    result = snapshot_import(actor=kukar_officer, data=paser_file, file_name="p.csv", snapshot_date=SNAPSHOT)
    assert not result.ok and result.skipped_outside == 144
    assert "tidak berisi satu baris pun untuk wilayah Anda" in result.errors[0].message
    assert stored() == (0, 0)


def test_regency_officer_imports_their_rows_of_the_national_file(kukar_officer, paser_officer, national_admin):
    """The shipped national regency file (514 regencies): Kukar's officer stores Kukar's row, the other rows are
    skipped and counted, and Paser's row of the same date, imported before by Paser's officer, stays."""
    from kopdes.exchange.models import NationalSnapshot

    data = (settings.BASE_DIR / "data/simkopdes-2026-08-05/stats_regency.csv").read_bytes()
    first = snapshot_import(actor=paser_officer, data=data, file_name="r.csv", snapshot_date=SNAPSHOT)
    assert first.ok, first.errors[:3]
    assert set(NationalSnapshot.objects.values_list("region_code", flat=True)) == {PASER}
    result = snapshot_import(actor=kukar_officer, data=data, file_name="r.csv", snapshot_date=SNAPSHOT)
    assert result.ok, result.errors[:3]
    assert result.skipped_outside == result.rows - 1
    assert any("dilewati" in note for note in result.notes)
    assert set(NationalSnapshot.objects.values_list("region_code", flat=True)) == {PASER, "64.02"}
    again = snapshot_import(actor=kukar_officer, data=data, file_name="r.csv", snapshot_date=SNAPSHOT)
    assert again.ok and again.replaced == 1  # Kukar's own row replaced, Paser's untouched
    assert NationalSnapshot.objects.filter(region_code=PASER).count() == 1


# ---------------------------------------------------------------------------------------------------------------
# Bad input: clear errors per row and column, nothing stored, what was stored before unchanged


def refused(data: bytes, name: str = "bad.csv"):
    before = stored()
    snapshots_before = list(NationalSnapshot.objects.order_by("pk").values_list("pk", "nib"))
    result = snapshot_import(actor=None, data=data, file_name=name, snapshot_date=SNAPSHOT)
    assert not result.ok
    assert stored() == before
    assert list(NationalSnapshot.objects.order_by("pk").values_list("pk", "nib")) == snapshots_before
    assert ImportRecord.objects.order_by("-pk").first().status == "refused"
    return [(e.row, e.column, e.message) for e in result.errors]


@pytest.fixture
def paser_rows(paser_file, imported):
    imported(paser_file)  # something stored, which a refused file must leave alone
    return rows_of(paser_file)


def test_empty_file(paser_rows):
    assert refused(b"") == [(0, "", "Berkas kosong.")]
    assert refused(b"   \n") == [(0, "", "Berkas kosong.")]


def test_header_only(paser_rows, paser_file):
    header = paser_file.split(b"\n", 1)[0] + b"\n"
    assert refused(header) == [(0, "", "Berkas hanya berisi judul kolom, tidak ada baris data.")]


def test_missing_columns(paser_rows):
    header = [h for h in paser_rows[0] if h not in ("nib_count", "village")]
    errors = refused(to_csv(paser_rows, header))
    assert (1, "village", "Kolom wajib village tidak ada.") in errors
    assert (1, "nib_count", "Kolom wajib nib_count tidak ada.") in errors


def test_extra_columns(paser_rows):
    rows = [{**row, "catatan": "x"} for row in paser_rows]
    errors = refused(to_csv(rows))
    assert len(errors) == 1
    row, column, message = errors[0]
    assert (row, column) == (1, "catatan")
    assert message.startswith("Kolom tidak dikenal untuk berkas tingkat desa/kelurahan.")


def test_negative_and_non_numeric_figures(paser_rows):
    rows = [dict(row) for row in paser_rows]
    rows[0]["nib_count"] = "-1"
    rows[3]["simpanan_pokok_amount"] = "Rp 50.000"
    rows[4]["transaction_volume"] = "banyak"
    rows[5]["cooperatives"] = ""
    rows[6]["accounts_count"] = "1.5"
    errors = refused(to_csv(rows))
    assert errors == [
        (2, "nib_count", "tidak boleh negatif (-1)"),
        (5, "simpanan_pokok_amount", "harus bilangan bulat, bukan Rp 50.000"),
        (6, "transaction_volume", "harus angka, bukan banyak"),
        (7, "cooperatives", "wajib diisi (isi 0 bila tidak ada)"),
        (8, "accounts_count", "harus bilangan bulat, bukan 1.5"),
    ]


def test_duplicate_national_ids(paser_rows):
    rows = [*paser_rows, {**paser_rows[0], "cooperatives": "2"}]
    assert refused(to_csv(rows)) == [(146, "village_id", "ID desa/kelurahan 52116 sudah ada di baris 2.")]


def test_one_id_with_two_names(paser_rows):
    rows = [dict(row) for row in paser_rows]
    rows[20]["subdistrict"] = "Batu Engau"  # 4717 is Batu Sopang in every other row
    (error,) = refused(to_csv(rows))
    assert error == (22, "subdistrict", "ID kecamatan 4717 bernama “Batu Sopang” di baris 15, di sini “Batu Engau”.")


def test_rows_of_another_level_mixed_in(paser_rows, regency_file):
    subtotal = {**paser_rows[0], "village_id": "", "village": "", "cooperatives": "13"}
    regency_total = {**paser_rows[0], "subdistrict_id": "", "subdistrict": "", "village_id": "", "village": ""}
    errors = refused(to_csv([*paser_rows[:3], subtotal, regency_total]))
    assert errors == [
        (
            5,
            "village_id",
            "Baris tingkat kecamatan di berkas tingkat desa/kelurahan (kolom village_id dan village kosong).",
        ),
        (
            6,
            "village_id",
            "Baris tingkat kabupaten/kota di berkas tingkat desa/kelurahan (kolom village_id dan village kosong).",
        ),
    ]


def test_not_a_national_statistics_file(paser_rows):
    errors = refused(b"kode_wilayah,nama_koperasi\n64.01.04.2002,Koperasi Janju\n")
    assert errors[0][0:2] == (1, "")
    assert errors[0][2].startswith("Bukan berkas statistik SIMKOPDES")


def test_missing_ids_and_names(paser_rows):
    rows = [dict(row) for row in paser_rows[:3]]
    rows[0]["village_id"] = ""
    rows[1]["subdistrict"] = ""
    rows[2]["district_id"] = "34/8"
    assert refused(to_csv(rows)) == [
        (2, "village_id", "ID desa/kelurahan wajib diisi."),
        (3, "subdistrict", "Nama kecamatan wajib diisi."),
        (4, "district_id", "ID kabupaten/kota tidak sah: 34/8."),
    ]


def test_xlsx_and_semicolon_csv_are_read_alike(db, paser_file):
    from openpyxl import Workbook

    rows = list(csv.reader(io.StringIO(paser_file.decode())))
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([int(v) if v.isdigit() else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    from_xlsx = snapshot_import(actor=None, data=buffer.getvalue(), file_name="p.xlsx", snapshot_date=SNAPSHOT)
    assert from_xlsx.ok and from_xlsx.matched == 144

    semicolons = "\n".join(";".join(row) for row in rows).encode("utf-8-sig")
    again = snapshot_import(actor=None, data=semicolons, file_name="p.csv", snapshot_date=SNAPSHOT, dry_run=True)
    assert again.ok and again.by_method["id"] == 144
