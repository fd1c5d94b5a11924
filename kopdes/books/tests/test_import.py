"""The books' imports: the whole file validated (every bad row and column), one transaction, the same file twice
changes nothing; the web flow serves them to the pengurus and refuses the read-only bupati."""

import datetime

from django.urls import reverse

from kopdes.books.io import members_import, sales_import
from kopdes.books.models import Member, Sale
from kopdes.books.tests.conftest import nik
from kopdes.core.models import ImportRecord

D = datetime.date
V = "64.02.01.2001"


def _csv(rows: list[list]) -> bytes:
    return "\n".join(",".join(str(c) for c in row) for row in rows).encode()


def test_members_import_validates_whole_file_and_is_idempotent(books, pengurus):
    header = ["kode_desa", "nomor_anggota", "nik", "nama", "jenis_kelamin", "tanggal_masuk", "tanggal_keluar"]
    good = [
        [V, "A-1", nik(1), "Budi", "L", "2025-07-01", ""],
        [V, "A-2", nik(2, female=True), "Siti", "P", "2025-07-02", "2026-01-31"],
    ]
    bad = _csv([header, *good, [V, "A-3", nik(3), "X", "P", "2025-07-01", ""], ["64.01.04.2002", "A-4", nik(4), "Y",
               "L", "2025-07-01", ""]])  # fmt: skip
    result = members_import(actor=pengurus, data=bad, file_name="anggota.csv")
    assert {(e.row, e.column) for e in result.errors} == {(4, "nik"), (5, "kode_desa")}
    assert not Member.objects.exists()
    data = _csv([header, *good])
    first = members_import(actor=pengurus, data=data, file_name="anggota.csv")
    assert first.ok and first.created == 2 and Member.objects.get(number="A-2").left_on == D(2026, 1, 31)
    again = members_import(actor=pengurus, data=data, file_name="anggota.csv")
    assert (again.created, again.unchanged) == (0, 2) and Member.objects.count() == 2


def test_sales_import_is_idempotent_and_checks_gerai(member, pengurus):
    header = ["kode_desa", "no_bukti", "tanggal", "gerai", "nomor_anggota", "nilai", "hpp"]
    rows = [[V, "PJ-1", "2025-08-01", "sembako", "A-001", 1_000_000, 800_000], [V, "PJ-2", "2025-08-02", "sembako", "",
            500_000, 400_000]]  # fmt: skip
    refused = sales_import(actor=pengurus, data=_csv([header, *rows, [V, "PJ-3", "2025-08-03", "apotek", "", 1, 0]]),
                           file_name="p.csv")  # fmt: skip
    assert [(e.row, e.column) for e in refused.errors] == [(4, "gerai")] and not Sale.objects.exists()
    data = _csv([header, *rows])
    assert sales_import(actor=pengurus, data=data, file_name="p.csv").created == 2
    again = sales_import(actor=pengurus, data=data, file_name="p.csv")
    assert (again.created, again.unchanged) == (0, 2) and Sale.objects.count() == 2
    assert Sale.objects.get(entry__number="PJ-1").member == member


def test_web_flow(client_for, pengurus, bupati, books):
    assert client_for(bupati).get(reverse("core:import", args=["penjualan-gerai"])).status_code == 403
    assert client_for(pengurus).get(reverse("core:import", args=["anggota-koperasi"])).status_code == 200
    assert not ImportRecord.objects.exists()
