"""Choices of the cooperative's books: the kinds of simpanan, of costs, of journal entries, the SAK EP chart of
accounts every cooperative starts from, and the SHU division items of the AD/ART."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SavingKind(models.TextChoices):
    POKOK = "pokok", _("Simpanan pokok")
    WAJIB = "wajib", _("Simpanan wajib")
    SUKARELA = "sukarela", _("Simpanan sukarela")


class CostKind(models.TextChoices):
    PEMBELIAN = "pembelian", _("Pembelian barang dagangan")
    GAJI = "gaji", _("Gaji dan honor")
    SEWA = "sewa", _("Sewa")
    LISTRIK_AIR = "listrik_air", _("Listrik dan air")
    TRANSPORTASI = "transportasi", _("Transportasi")
    ADMINISTRASI = "administrasi", _("Administrasi dan umum")
    PENYUSUTAN = "penyusutan", _("Penyusutan")
    LAINNYA = "lainnya", _("Lain-lain")


class EntryKind(models.TextChoices):
    SIMPANAN = "simpanan", _("Simpanan")
    PENJUALAN = "penjualan", _("Penjualan")
    BIAYA = "biaya", _("Biaya")
    MANUAL = "manual", _("Jurnal umum")
    PEMBALIK = "pembalik", _("Jurnal pembalik")
    PINJAMAN = "pinjaman", _("Pencairan pinjaman anggota")
    ANGSURAN = "angsuran", _("Angsuran pinjaman anggota")
    PEMBIAYAAN = "pembiayaan", _("Pembiayaan bank")


class AccountKind(models.TextChoices):
    ASET = "aset", _("Aset")
    KEWAJIBAN = "kewajiban", _("Kewajiban")
    EKUITAS = "ekuitas", _("Ekuitas")
    PENDAPATAN = "pendapatan", _("Pendapatan")
    HPP = "hpp", _("Harga pokok penjualan")
    BEBAN = "beban", _("Beban")


# Normal balance: debit for assets, cost of goods and expenses; credit for the rest.
DEBIT_KINDS = frozenset({AccountKind.ASET, AccountKind.HPP, AccountKind.BEBAN})


class Account(models.TextChoices):
    """The default chart of accounts for a cooperative under SAK EP (code, name). The kind is the first digit:
    1 aset, 2 kewajiban, 3 ekuitas, 4 pendapatan, 5 harga pokok penjualan, 6 beban."""

    KAS = "1101", _("Kas")
    BANK = "1102", _("Bank")
    PIUTANG_ANGGOTA = "1201", _("Piutang anggota")
    PIUTANG_PINJAMAN = "1202", _("Piutang pinjaman anggota")
    PERSEDIAAN = "1301", _("Persediaan barang dagangan")
    PERALATAN = "1501", _("Peralatan dan inventaris")
    AKUMULASI_PENYUSUTAN = "1509", _("Akumulasi penyusutan")
    UTANG_USAHA = "2101", _("Utang usaha")
    SIMPANAN_SUKARELA = "2201", _("Simpanan sukarela")
    UTANG_SHU = "2301", _("Utang SHU (dana-dana dan bagian desa)")
    UTANG_BANK = "2401", _("Utang bank (pembiayaan)")
    UTANG_DESA = "2402", _("Utang kepada desa (talangan Dana Desa)")
    SIMPANAN_POKOK = "3101", _("Simpanan pokok")
    SIMPANAN_WAJIB = "3102", _("Simpanan wajib")
    CADANGAN = "3201", _("Cadangan")
    SHU_BERJALAN = "3301", _("SHU tahun berjalan")
    PENJUALAN = "4101", _("Penjualan")
    JASA_PINJAMAN = "4201", _("Pendapatan jasa pinjaman anggota")
    PENDAPATAN_LAIN = "4901", _("Pendapatan lain-lain")
    HPP = "5101", _("Harga pokok penjualan")
    BEBAN_GAJI = "6101", _("Beban gaji dan honor")
    BEBAN_SEWA = "6102", _("Beban sewa")
    BEBAN_LISTRIK_AIR = "6103", _("Beban listrik dan air")
    BEBAN_TRANSPORTASI = "6104", _("Beban transportasi")
    BEBAN_ADMINISTRASI = "6105", _("Beban administrasi dan umum")
    BEBAN_PENYUSUTAN = "6106", _("Beban penyusutan")
    BEBAN_LAIN = "6199", _("Beban lain-lain")
    BEBAN_BUNGA = "6201", _("Beban bunga pinjaman bank")


ACCOUNT_KIND = {
    "1": AccountKind.ASET,
    "2": AccountKind.KEWAJIBAN,
    "3": AccountKind.EKUITAS,
    "4": AccountKind.PENDAPATAN,
    "5": AccountKind.HPP,
    "6": AccountKind.BEBAN,
}

SAVING_ACCOUNT = {
    SavingKind.POKOK: Account.SIMPANAN_POKOK,
    SavingKind.WAJIB: Account.SIMPANAN_WAJIB,
    SavingKind.SUKARELA: Account.SIMPANAN_SUKARELA,
}

COST_ACCOUNT = {
    CostKind.PEMBELIAN: Account.PERSEDIAAN,
    CostKind.GAJI: Account.BEBAN_GAJI,
    CostKind.SEWA: Account.BEBAN_SEWA,
    CostKind.LISTRIK_AIR: Account.BEBAN_LISTRIK_AIR,
    CostKind.TRANSPORTASI: Account.BEBAN_TRANSPORTASI,
    CostKind.ADMINISTRASI: Account.BEBAN_ADMINISTRASI,
    CostKind.PENYUSUTAN: Account.BEBAN_PENYUSUTAN,
    CostKind.LAINNYA: Account.BEBAN_LAIN,
}


class ShuItem(models.TextChoices):
    CADANGAN = "cadangan", _("Cadangan")
    JASA_MODAL = "jasa_modal", _("Jasa modal anggota")
    JASA_ANGGOTA = "jasa_anggota", _("Jasa usaha anggota")
    BAGIAN_DESA = "bagian_desa", _("Bagian desa (PADes)")
    DANA_PENGURUS = "dana_pengurus", _("Dana pengurus dan pengawas")
    DANA_PENDIDIKAN = "dana_pendidikan", _("Dana pendidikan")
    DANA_SOSIAL = "dana_sosial", _("Dana sosial")
    DANA_PEMBANGUNAN_DAERAH = "dana_pembangunan_daerah", _("Dana pembangunan daerah kerja")


DEFAULT_SHU_DIVISION = {
    "cadangan": 25,
    "jasa_modal": 15,
    "jasa_anggota": 20,
    "bagian_desa": 20,
    "dana_pengurus": 5,
    "dana_pendidikan": 5,
    "dana_sosial": 5,
    "dana_pembangunan_daerah": 5,
}
KDMP_MIN_BAGIAN_DESA = 20  # Permendes 10/2025


class LoanMethod(models.TextChoices):
    """How a member loan's instalments are computed: flat (interest on the original amount every month) or annuity
    (equal instalments, interest on the outstanding balance)."""

    FLAT = "flat", _("Flat")
    ANUITAS = "anuitas", _("Anuitas")


class LoanStatus(models.TextChoices):
    AKTIF = "aktif", _("Berjalan")
    LUNAS = "lunas", _("Lunas")
    BATAL = "batal", _("Dibatalkan (dibalik)")


class Collectability(models.TextChoices):
    """Collectability of a member loan by days past due; the bands are rows of `CollectabilityBand`."""

    LANCAR = "lancar", _("Lancar")
    KURANG_LANCAR = "kurang_lancar", _("Kurang lancar")
    DIRAGUKAN = "diragukan", _("Diragukan")
    MACET = "macet", _("Macet")
