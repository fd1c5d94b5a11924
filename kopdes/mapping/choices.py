"""Choices of the mapping app. The business categories themselves are the shared list in kopdes.core.choices
(re-exported here), so that a potential, a BUMDes unit and a gerai are compared in the same words."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kopdes.core.choices import BusinessCategory

__all__ = [
    "BusinessCategory",
    "BumdesLegalStatus",
    "BumdesUnitStatus",
    "BumdesPerformance",
    "Verdict",
    "OverlapDecisionKind",
    "OverlapState",
]


class BumdesLegalStatus(models.TextChoices):
    BELUM_BERBADAN_HUKUM = "belum_berbadan_hukum", _("Belum berbadan hukum")
    BERBADAN_HUKUM = "berbadan_hukum", _("Berbadan hukum (terdaftar di Kemenkumham)")


class BumdesUnitStatus(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    TIDAK_AKTIF = "tidak_aktif", _("Tidak aktif")


class BumdesPerformance(models.TextChoices):
    BERHASIL = "berhasil", _("Berhasil")
    BELUM_OPTIMAL = "belum_optimal", _("Belum optimal")
    MERUGI = "merugi", _("Merugi")


class Verdict(models.TextChoices):
    """The answer to "may the cooperative run this business line in this village?" (DESIGN.md, BUMDes overlap)."""

    BOLEH = "boleh", _("Boleh")
    BOLEH_DENGAN_KOORDINASI = "boleh_dengan_koordinasi", _("Boleh dengan koordinasi")
    TUMPANG_TINDIH = "tumpang_tindih", _("Tumpang tindih")


class OverlapDecisionKind(models.TextChoices):
    TIDAK_MASUK = "tidak_masuk", _("Koperasi tidak masuk usaha ini")
    KEMITRAAN = "kemitraan", _("Bermitra dengan BUMDes")
    AMBIL_ALIH = "ambil_alih", _("Mengambil alih unit dengan kesepakatan tertulis")


class OverlapState(models.TextChoices):
    OPEN = "open", _("Belum diputuskan")
    RESOLVED = "resolved", _("Sudah diputuskan")
