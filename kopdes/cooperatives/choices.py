from django.db import models
from django.utils.translation import gettext_lazy as _


class CooperativeKind(models.TextChoices):
    KDMP = "KDMP", _("Koperasi Desa Merah Putih")
    KKMP = "KKMP", _("Koperasi Kelurahan Merah Putih")


class Scheme(models.TextChoices):
    PENDIRIAN_BARU = "pendirian_baru", _("Pendirian baru")
    PENGEMBANGAN = "pengembangan", _("Pengembangan koperasi yang ada")
    REVITALISASI = "revitalisasi", _("Revitalisasi koperasi yang ada")


class Gender(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Position(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    WAKIL_KETUA_USAHA = "wakil_ketua_usaha", _("Wakil ketua bidang usaha")
    WAKIL_KETUA_ANGGOTA = "wakil_ketua_anggota", _("Wakil ketua bidang anggota")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    PENGAWAS_KETUA = "pengawas_ketua", _("Ketua pengawas")
    PENGAWAS = "pengawas", _("Pengawas")


PENGURUS_POSITIONS = frozenset(
    {
        Position.KETUA,
        Position.WAKIL_KETUA_USAHA,
        Position.WAKIL_KETUA_ANGGOTA,
        Position.SEKRETARIS,
        Position.BENDAHARA,
    }
)
PENGAWAS_POSITIONS = frozenset({Position.PENGAWAS_KETUA, Position.PENGAWAS})


class VillageOffice(models.TextChoices):
    """Office an official holds in the village government, for the rule that pengurus may not be village leaders."""

    NONE = "", _("Tidak ada")
    KEPALA_DESA = "kepala_desa", _("Kepala desa / lurah")
    PERANGKAT_DESA = "perangkat_desa", _("Perangkat desa / kelurahan")
    BPD = "bpd", _("Anggota BPD")


class UnitStatus(models.TextChoices):
    RENCANA = "rencana", _("Rencana")
    PEMBANGUNAN = "pembangunan", _("Pembangunan")
    BEROPERASI = "beroperasi", _("Beroperasi")
    BERHENTI = "berhenti", _("Berhenti")


class DocumentKind(models.TextChoices):
    BERITA_ACARA = "berita_acara", _("Berita acara musyawarah")
    AKTA = "akta", _("Akta notaris")
    SK_AHU = "sk_ahu", _("SK badan hukum (AHU)")
    NIB = "nib", _("NIB")
    NPWP = "npwp", _("NPWP")
    REKENING = "rekening", _("Buku rekening")
    FOTO = "foto", _("Foto")
    LAINNYA = "lainnya", _("Lainnya")


class Phase(models.IntegerChoices):
    BELUM_MULAI = 0, _("Belum mulai")
    SOSIALISASI = 1, _("Sosialisasi")
    MUSDESUS = 2, _("Musyawarah khusus")
    AKTA = 3, _("Akta notaris")
    BADAN_HUKUM = 4, _("Berbadan hukum")
    LEGALITAS_LENGKAP = 5, _("Legalitas usaha lengkap")
    OPERASIONAL = 6, _("Beroperasi")


# Keys of the progress JSON, in phase order (phase number = index + 1).
PHASE_KEYS = ["sosialisasi", "musdesus", "akta", "badan_hukum", "legalitas_lengkap", "operasional"]
PHASE_BY_KEY = {key: number for number, key in enumerate(PHASE_KEYS, start=1)}
