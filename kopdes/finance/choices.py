from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    BUMN = "bumn", _("BUMN")
    BUMD = "bumd", _("BUMD")
    SWASTA = "swasta", _("Swasta")
    EKSPORTIR = "eksportir", _("Eksportir")
    PLATFORM_DIGITAL = "platform_digital", _("Platform digital")
    BANK = "bank", _("Bank")
    PENGELOLA_SAMPAH = "pengelola_sampah", _("Pengelola sampah")


class PartnershipKind(models.TextChoices):
    PASOKAN_SEMBAKO = "pasokan_sembako", _("Pasokan sembako")
    LPG = "lpg", _("Pangkalan LPG")
    PUPUK = "pupuk", _("Penyaluran pupuk")
    OFFTAKE = "offtake", _("Offtake hasil panen")
    EKSPOR = "ekspor", _("Ekspor")
    APLIKASI_DIGITAL = "aplikasi_digital", _("Aplikasi digital")
    LOGISTIK = "logistik", _("Logistik")
    DAUR_ULANG = "daur_ulang", _("Daur ulang sampah")


class PartnershipStatus(models.TextChoices):
    DIJAJAKI = "dijajaki", _("Dijajaki")
    DIAJUKAN = "diajukan", _("Diajukan")
    AKTIF = "aktif", _("Aktif")
    BERAKHIR = "berakhir", _("Berakhir")
    DITOLAK = "ditolak", _("Ditolak")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    DISETUJUI_DESA = "disetujui_desa", _("Disetujui kepala desa / bupati")
    DIAJUKAN_BANK = "diajukan_bank", _("Diajukan ke bank")
    DINILAI = "dinilai", _("Dinilai bank")
    PERJANJIAN = "perjanjian", _("Perjanjian kredit")
    DICAIRKAN = "dicairkan", _("Dicairkan")
    MENGANGSUR = "mengangsur", _("Mengangsur")
    LUNAS = "lunas", _("Lunas")
    DITOLAK = "ditolak", _("Ditolak")


# The pipeline: which status each step moves from (PMK 49/2025 order: the village approves before the bank).
NEXT_STATUS = {
    ApplicationStatus.DRAFT: ApplicationStatus.DISETUJUI_DESA,
    ApplicationStatus.DISETUJUI_DESA: ApplicationStatus.DIAJUKAN_BANK,
    ApplicationStatus.DIAJUKAN_BANK: ApplicationStatus.DINILAI,
    ApplicationStatus.DINILAI: ApplicationStatus.PERJANJIAN,
}
# Counted as "approved" in the roll-ups: the bank signed the agreement or later.
APPROVED_STATUSES = (
    ApplicationStatus.PERJANJIAN,
    ApplicationStatus.DICAIRKAN,
    ApplicationStatus.MENGANGSUR,
    ApplicationStatus.LUNAS,
)
OPEN_STATUSES = tuple(s for s in ApplicationStatus.values if s not in ("lunas", "ditolak"))


class Activity(models.TextChoices):
    """Financed activities (PMK 49/2025)."""

    OPERASIONAL_KANTOR = "operasional_kantor", _("Operasional kantor koperasi")
    SEMBAKO = "sembako", _("Sembako")
    SIMPAN_PINJAM = "simpan_pinjam", _("Simpan pinjam")
    KLINIK = "klinik", _("Klinik desa")
    APOTEK = "apotek", _("Apotek desa")
    PERGUDANGAN = "pergudangan", _("Pergudangan (cold storage)")
    LOGISTIK = "logistik", _("Logistik desa")


class Spending(models.TextChoices):
    CAPEX = "capex", _("Belanja modal")
    OPEX = "opex", _("Belanja operasional")


class ApproverOffice(models.TextChoices):
    KEPALA_DESA = "kepala_desa", _("Kepala desa")
    BUPATI = "bupati", _("Bupati / wali kota")


class RuleKey(models.TextChoices):
    PLAFOND_MAX_RP = "plafond_max_rp", _("Plafon paling banyak per koperasi (Rp)")
    OPEX_MAX_RP = "opex_max_rp", _("Belanja operasional paling banyak (Rp)")
    RATE_BP = "rate_bp", _("Bunga per tahun (basis poin, 600 = 6%)")
    TENOR_MAX_MONTHS = "tenor_max_months", _("Tenor paling lama (bulan, termasuk masa tenggang)")
    GRACE_MIN_MONTHS = "grace_min_months", _("Masa tenggang paling singkat (bulan)")
    GRACE_MAX_MONTHS = "grace_max_months", _("Masa tenggang paling lama (bulan)")
    DUE_DAY = "due_day", _("Tanggal jatuh tempo angsuran")
    VILLAGE_FALLBACK_PCT = "village_fallback_pct", _("Dana Desa untuk angsuran paling banyak (% Dana Desa setahun)")
    ACTIVITIES = "activities", _("Kegiatan yang dibiayai")
