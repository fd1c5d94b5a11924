"""Registry import: whole file validated first, per-row errors, idempotent, round-trips with the export."""

import csv
import datetime
import io

import pytest
from openpyxl import Workbook

from kopdes.cooperatives.models import Cooperative
from kopdes.core.models import ImportRecord
from kopdes.core.tabular import parse_date
from kopdes.formation.io import COLUMNS, cooperatives_import, export_rows
from kopdes.formation.models import Milestone

HEADER = ",".join(COLUMNS)


def csv_bytes(rows: list[dict], *, header=COLUMNS, delimiter=",", bom=False, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows: list[list], header=COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    {"kode_wilayah": "64.02.01.2001", "tgl_sosialisasi": "2025-04-14", "tgl_musdesus": "10 Mei 2025"},
    {
        "kode_wilayah": "64.02.01.2002",
        "nama_koperasi": "KDMP Muara Leka",
        "skema": "pendirian_baru",
        "tgl_musdesus": "20/04/2025",
        "no_akta": "7",
        "tgl_akta": "02-06-2025",
        "notaris": "Siti Rahmah, S.H.",
        "no_sk_ahu": "AHU-0000001.AH.01.29.TAHUN 2025",
        "tgl_sk_ahu": "10 Jun 2025",
        "nib": "9120001234567",
    },
]


def run(data, name="registri.csv", actor=None, dry_run=False):
    return cooperatives_import(actor=actor, data=data, file_name=name, dry_run=dry_run)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-10", datetime.date(2025, 6, 10)),
        ("10/06/2025", datetime.date(2025, 6, 10)),
        ("10-06-2025", datetime.date(2025, 6, 10)),
        ("10 Juni 2025", datetime.date(2025, 6, 10)),
        ("10 Jun 2025", datetime.date(2025, 6, 10)),
        ("1 Agustus 2025", datetime.date(2025, 8, 1)),
        (datetime.datetime(2025, 6, 10, 0, 0), datetime.date(2025, 6, 10)),
    ],
)
def test_date_formats(text, expected):
    assert parse_date(text) == expected


def test_import_creates_then_second_time_changes_nothing(db):
    data = csv_bytes(GOOD)
    first = run(data)
    assert first.as_dict() == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "errors": []}
    coop = Cooperative.objects.get(village_id="64.02.01.2002")
    assert coop.phase == 4 and coop.name == "KDMP Muara Leka" and coop.nib == "9120001234567"
    assert set(coop.milestones.values_list("kind", flat=True)) == {"musdesus", "akta", "badan_hukum", "nib"}
    history_before = Cooperative.history.count() + Milestone.history.count()
    second = run(data)
    assert second.as_dict() == {"rows": 2, "created": 0, "updated": 0, "unchanged": 2, "errors": []}
    assert Cooperative.history.count() + Milestone.history.count() == history_before


def test_history_names_the_import(db, kukar_officer):
    result = run(csv_bytes(GOOD), actor=kukar_officer)
    record = ImportRecord.objects.get(pk=result.record.pk)
    assert record.status == "applied" and record.created == 2 and record.user == kukar_officer
    assert len(record.sha256) == 64
    coop = Cooperative.objects.get(village_id="64.02.01.2001")
    latest = coop.history.latest()
    assert latest.history_change_reason.startswith(f"Impor #{record.pk}")
    assert latest.history_user == kukar_officer


def test_update_only_what_changed(db):
    run(csv_bytes(GOOD))
    changed = [dict(GOOD[0], nama_koperasi="KDMP Perian Jaya"), GOOD[1]]
    result = run(csv_bytes(changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    coop = Cooperative.objects.get(village_id="64.02.01.2001")
    assert coop.name == "KDMP Perian Jaya" and coop.version == 2


def test_every_bad_row_is_reported_and_nothing_written(db, kukar_officer):
    rows = [
        GOOD[0],
        {"kode_wilayah": "64.02.99.9999"},
        {"kode_wilayah": "64.02.01"},
        {"kode_wilayah": "64.02.01.2003", "tgl_musdesus": "31/02/2025"},
        {"kode_wilayah": "64.02.01.2004", "tgl_akta": "2025-06-01"},
        {"kode_wilayah": "64.02.01.2001"},
        {"kode_wilayah": "64.01.04.2002", "tgl_musdesus": "2025-03-01"},
        {"kode_wilayah": "64.02.01.2005", "tgl_musdesus": "2025-05-01", "jenis": "KKMP"},
        {"kode_wilayah": "64.02.01.2006", "tgl_musdesus": "2025-05-01", "tgl_sosialisasi": "2025-06-01"},
    ]
    result = run(csv_bytes(rows), actor=kukar_officer)
    found = {(e.row, e.column) for e in result.errors}
    assert (3, "kode_wilayah") in found  # unknown code
    assert (4, "kode_wilayah") in found  # district, not village
    assert (5, "tgl_musdesus") in found  # 31 February
    assert (6, "tgl_akta") in found  # akta without musdesus
    assert (7, "kode_wilayah") in found  # same village twice
    assert (8, "kode_wilayah") in found  # outside the Kukar officer's scope
    assert (9, "jenis") in found  # a desa is KDMP
    assert (10, "tgl_sosialisasi") in found  # sosialisasi after musdesus
    messages = " ".join(e.message for e in result.errors)
    assert "tidak dikenal" in messages and "bukan desa" in messages and "di luar wilayah" in messages
    assert not Cooperative.objects.exists()
    assert ImportRecord.objects.get().status == "refused"


def test_identifier_used_by_another_cooperative(db):
    run(csv_bytes(GOOD))
    clash = [dict(GOOD[0], tgl_akta="2025-06-01", no_sk_ahu="AHU-X", tgl_sk_ahu="2025-06-05", nib="9120001234567")]
    result = run(csv_bytes(clash))
    assert [(e.row, e.column) for e in result.errors] == [(2, "nib")]
    twice = [dict(GOOD[0], npwp="01.234"), {"kode_wilayah": "64.02.01.2003", "npwp": "01.234"}]
    assert {e.column for e in run(csv_bytes(twice)).errors} >= {"npwp"}


def test_future_date_refused(db):
    future = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    result = run(csv_bytes([{"kode_wilayah": "64.02.01.2001", "tgl_musdesus": future}]))
    assert result.errors and "masa depan" in result.errors[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "kosong"),
        (b"   \n", "kosong"),
        (HEADER.encode() + b"\n", "hanya berisi judul"),
    ],
)
def test_unreadable_files(db, data, message):
    result = run(data)
    assert result.errors and message in result.errors[0].message
    assert not Cooperative.objects.exists()


def test_unknown_columns_are_reported(db):
    result = run(csv_bytes([{"kode_wilayah": "64.02.01.2001", "kolom_aneh": "x"}], header=[*COLUMNS, "kolom_aneh"]))
    assert [(e.row, e.column) for e in result.errors] == [(1, "kolom_aneh")]


def test_too_many_rows_and_too_big(db, monkeypatch):
    from kopdes.core import tabular

    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    rows = [{"kode_wilayah": f"64.02.01.200{i}"} for i in range(1, 6)]
    assert "lebih dari" in run(csv_bytes(rows)).errors[0].message
    monkeypatch.setattr(tabular, "MAX_BYTES", 10)
    assert "terlalu besar" in run(csv_bytes(rows)).errors[0].message.lower()


def test_semicolon_bom_and_latin1_csv(db):
    rows = [{"kode_wilayah": "64.02.01.2001", "nama_koperasi": "Koperasi Désa Perian", "tgl_musdesus": "2025-05-01"}]
    assert run(csv_bytes(rows, delimiter=";", bom=True)).created == 1
    result = run(csv_bytes([dict(rows[0], nama_koperasi="Koperasi Perian Ñ")], encoding="cp1252"))
    assert result.ok and result.updated == 1 and result.notes
    assert Cooperative.objects.get().name == "Koperasi Perian Ñ"


def test_xlsx_with_date_cells_formulas_and_merged_cells(db):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(["64.02.01.2001", None, None, None, None, datetime.datetime(2025, 5, 10)])
    sheet.append(["64.02.01.2002", '="KDMP "&"Muara Leka"', None, None, None, "10 Mei 2025"])
    sheet.merge_cells("N2:P2")
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(buffer.getvalue(), name="registri.xlsx")
    assert result.ok, result.errors
    assert Milestone.objects.get(cooperative__village_id="64.02.01.2001").date == datetime.date(2025, 5, 10)
    # openpyxl-written formulas carry no cached value: the cell is empty, so the default name is kept
    assert Cooperative.objects.get(village_id="64.02.01.2002").name.startswith("Koperasi Desa Merah Putih")


def test_dry_run_writes_nothing(db):
    result = run(csv_bytes(GOOD), dry_run=True)
    assert result.ok and result.created == 2
    assert not Cooperative.objects.exists()


def test_export_then_import_round_trips(db):
    run(csv_bytes(GOOD))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in export_rows(Cooperative.objects.all()):
        writer.writerow(["" if v is None else v for v in row])
    result = run(out.getvalue().encode("utf-8"))
    assert result.as_dict() == {"rows": 2, "created": 0, "updated": 0, "unchanged": 2, "errors": []}


def test_cli_json_and_exit_status(db, tmp_path):
    import json

    from django.core.management import call_command

    good = tmp_path / "baik.csv"
    good.write_bytes(csv_bytes(GOOD))
    out = io.StringIO()
    call_command("import_cooperatives", str(good), "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == 2
    bad = tmp_path / "buruk.csv"
    bad.write_bytes(csv_bytes([{"kode_wilayah": "99"}]))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("import_cooperatives", str(bad), "--json", stdout=out)
    assert exc.value.code == 1
    assert json.loads(out.getvalue())["errors"][0]["column"] == "kode_wilayah"


def test_a_kelurahan_row_creates_a_kkmp_and_refuses_kdmp(db):
    kelurahan = "64.02.06.1005"  # Melayu, kec. Tenggarong
    refused = run(csv_bytes([{"kode_wilayah": kelurahan, "tgl_musdesus": "2025-05-01", "jenis": "KDMP"}]))
    assert [(e.row, e.column) for e in refused.errors] == [(2, "jenis")]
    created = run(csv_bytes([{"kode_wilayah": kelurahan, "tgl_musdesus": "2025-05-01"}]))
    assert created.as_dict()["created"] == 1
    coop = Cooperative.objects.get(village_id=kelurahan)
    assert coop.kind == "KKMP" and coop.name.startswith("Koperasi Kelurahan Merah Putih")
