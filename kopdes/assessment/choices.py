"""Choices of the assessment: the indicators (each a key of the weights table), the categories with their
thresholds, the visit's checklist and verdict."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    GERAI = "gerai", _("Gerai beroperasi")
    SALES = "sales", _("Penjualan tercatat")
    MEMBERS = "members", _("Anggota dan pertumbuhannya")
    WAJIB = "wajib", _("Simpanan wajib terkumpul")
    REPORT = "report", _("Laporan bulanan tepat waktu")
    TRAINING = "training", _("Pengurus terlatih")
    BOARD = "board", _("Kepengurusan lengkap")
    RAT = "rat", _("RAT diselenggarakan")
    FINANCING = "financing", _("Kemitraan atau pembiayaan aktif")
    VISIT = "visit", _("Temuan kunjungan lapangan")


# Points of each indicator out of 100 when a regency has not set its own (they add up to 100).
DEFAULT_WEIGHTS: dict[str, int] = {
    Indicator.GERAI: 12,
    Indicator.SALES: 18,
    Indicator.MEMBERS: 10,
    Indicator.WAJIB: 10,
    Indicator.REPORT: 10,
    Indicator.TRAINING: 10,
    Indicator.BOARD: 8,
    Indicator.RAT: 8,
    Indicator.FINANCING: 6,
    Indicator.VISIT: 8,
}
INDICATORS = list(Indicator.values)


class Category(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    BERKEMBANG = "berkembang", _("Berkembang")
    KURANG_AKTIF = "kurang_aktif", _("Kurang aktif")
    PAPAN_NAMA = "papan_nama", _("Papan nama")
    BELUM_BERBADAN_HUKUM = "belum_berbadan_hukum", _("Belum berbadan hukum")


CATEGORIES = list(Category.values)
# Lowest score of each scored category, best first (papan_nama: below 25, or no evidence at all).
THRESHOLDS: list[tuple[str, int]] = [
    (Category.AKTIF, 70),
    (Category.BERKEMBANG, 50),
    (Category.KURANG_AKTIF, 25),
    (Category.PAPAN_NAMA, 0),
]
# "Perlu perhatian" order: the weakest first.
ATTENTION_ORDER = {
    Category.PAPAN_NAMA: 0,
    Category.KURANG_AKTIF: 1,
    Category.BERKEMBANG: 2,
    Category.AKTIF: 3,
    Category.BELUM_BERBADAN_HUKUM: 4,
}

EVIDENCE_DAYS = 90  # indicators read the evidence of the last 90 days
RAT_MONTHS = 15  # a RAT counts within 15 months of the last year end
DEFAULT_VISIT_RADIUS_M = 3000


class ChecklistItem(models.TextChoices):
    OFFICE_OPEN = "office_open", _("Kantor buka")
    GERAI_OPEN = "gerai_open", _("Gerai buka")
    GOODS_ON_SHELF = "goods_on_shelf", _("Barang tersedia di rak")
    BOOKS_KEPT = "books_kept", _("Pembukuan dikerjakan")
    BOARD_PRESENT = "board_present", _("Pengurus hadir")


CHECKLIST = list(ChecklistItem.values)


class Verdict(models.TextChoices):
    CONFIRM = "confirm", _("Membenarkan kategori hasil hitungan")
    CONTEST = "contest", _("Membantah kategori hasil hitungan")


class LocationStatus(models.TextChoices):
    INSIDE = "inside", _("Di dalam desa")
    NEAR = "near", _("Dekat desa")
    OUTSIDE = "outside", _("Di luar desa")
    PLACEHOLDER = "placeholder", _("Batas desa belum pasti")
    NO_BOUNDARY = "no_boundary", _("Belum ada batas desa")
    NEAR_REFERENCE = "near_reference", _("Dekat titik acuan desa")
    NEAR_EARLIER = "near_earlier", _("Dekat posisi kunjungan sebelumnya")
    UNCHECKED = "unchecked", _("Belum dapat diperiksa (titik acuan pertama)")
