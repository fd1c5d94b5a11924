"""The books' imports as the one web import flow serves them (`kopdes.core.import_views`): members at
/impor/anggota-koperasi/ and daily sales at /impor/penjualan-gerai/. Only roles that keep books may import; rows of
a cooperative outside the user's scope are refused row by row."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from kopdes.accounts.choices import Capability
from kopdes.books.io import MEMBER_COLUMNS, MEMBERS_KIND, SALE_COLUMNS, SALES_KIND, members_import, sales_import
from kopdes.core.registry import Importer
from kopdes.core.scoping import scope_for, user_can


def _village(user) -> str:
    scope = scope_for(user)
    return sorted(scope.village_codes)[0] if scope.village_codes else "64.02.06.2012"


class BooksMembersImporter(Importer):
    key = MEMBERS_KIND
    slug = "anggota-koperasi"
    label = gettext_lazy("Anggota koperasi")
    title = gettext_lazy("Impor anggota koperasi")
    description = gettext_lazy(
        "Daftar anggota dari buku atau Excel koperasi: NIK diperiksa (kode kecamatan, tanggal lahir, jenis kelamin) "
        "dan anggota harus berdomisili di desa/kelurahan koperasi. Nomor anggota yang sudah tersimpan tidak diubah."
    )
    columns = MEMBER_COLUMNS
    sheet_title = "anggota"
    back_url_name = "books:home"
    back_label = gettext_lazy("Pembukuan")
    order = 55

    def run(self, *, actor, data: bytes, file_name: str, dry_run: bool = False, **options):
        return members_import(actor=actor, data=data, file_name=file_name, dry_run=dry_run)

    def may_import(self, user) -> bool:
        return user_can(user, Capability.KEEP_BOOKS)

    def example_row(self, user) -> dict:
        return {"kode_desa": _village(user), "nomor_anggota": "A-0001", "nik": "6402060903850001", "nama": "Budi",
                "jenis_kelamin": "L", "tanggal_masuk": "2025-07-01", "tanggal_keluar": ""}  # fmt: skip


class BooksSalesImporter(Importer):
    key = SALES_KIND
    slug = "penjualan-gerai"
    label = gettext_lazy("Penjualan gerai")
    title = gettext_lazy("Impor penjualan harian gerai")
    description = gettext_lazy(
        "Penjualan harian per gerai (nilai dan harga pokok), tunai; nomor bukti yang sudah tersimpan dilewati, jadi "
        "berkas yang sama dua kali tidak mengubah apa pun."
    )
    columns = SALE_COLUMNS
    sheet_title = "penjualan"
    back_url_name = "books:home"
    back_label = gettext_lazy("Pembukuan")
    order = 56

    def run(self, *, actor, data: bytes, file_name: str, dry_run: bool = False, **options):
        return sales_import(actor=actor, data=data, file_name=file_name, dry_run=dry_run)

    def may_import(self, user) -> bool:
        return user_can(user, Capability.KEEP_BOOKS)

    def example_row(self, user) -> dict:
        return {"kode_desa": _village(user), "no_bukti": "PJ-0001", "tanggal": "2025-07-01", "gerai": "sembako",
                "nomor_anggota": "A-0001", "nilai": 1_250_000, "hpp": 1_000_000}  # fmt: skip
