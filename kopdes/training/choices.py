from django.db import models
from django.utils.translation import gettext_lazy as _

from kopdes.cooperatives.choices import Position


class Track(models.TextChoices):
    """What a course teaches (the issue's tracks)."""

    TATA_KELOLA = "tata_kelola", _("Tata kelola")
    KEUANGAN = "keuangan", _("Keuangan")
    USAHA = "usaha", _("Usaha")
    DIGITAL = "digital", _("Digital")


class Tier(models.TextChoices):
    """The levels of tiered training (pelatihan berjenjang), lowest first: a tier needs the one before it."""

    DASAR = "dasar", _("Dasar")
    MADYA = "madya", _("Madya")
    LANJUT = "lanjut", _("Lanjut")


TIERS = list(Tier.values)  # lowest first


class ProviderKind(models.TextChoices):
    LPK = "lpk", _("Lembaga pelatihan kerja (LPK)")
    PERGURUAN_TINGGI = "perguruan_tinggi", _("Perguruan tinggi")
    DINAS = "dinas", _("Dinas / instansi pemerintah")
    BUMN = "bumn", _("BUMN")
    LAINNYA = "lainnya", _("Lainnya")


class EventKind(models.TextChoices):
    PELATIHAN = "pelatihan", _("Pelatihan")
    BIMTEK = "bimtek", _("Bimbingan teknis")
    SOSIALISASI = "sosialisasi", _("Sosialisasi")
    TEMU_KEMITRAAN = "temu_kemitraan", _("Temu kemitraan")


class FundingSource(models.TextChoices):
    APBDES = "apbdes", _("APBDes (anggaran desa)")
    APBD = "apbd", _("APBD")
    APBN = "apbn", _("APBN")
    MITRA = "mitra", _("Mitra")
    SWADAYA = "swadaya", _("Swadaya")


class ParticipantSource(models.TextChoices):
    """How a person came to be on an event's list: invited from the registry, registered beforehand, or walked in
    at the door (counted separately)."""

    UNDANGAN = "undangan", _("Diundang")
    PENDAFTARAN = "pendaftaran", _("Mendaftar")
    LANGSUNG = "langsung", _("Datang langsung")


class PositionGroup(models.TextChoices):
    """The positions coverage is reported by (pengawas includes the ketua pengawas)."""

    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    PENGAWAS = "pengawas", _("Pengawas")
    LAINNYA = "lainnya", _("Pengurus lain")


POSITION_GROUP = {
    Position.KETUA: PositionGroup.KETUA,
    Position.SEKRETARIS: PositionGroup.SEKRETARIS,
    Position.BENDAHARA: PositionGroup.BENDAHARA,
    Position.PENGAWAS_KETUA: PositionGroup.PENGAWAS,
    Position.PENGAWAS: PositionGroup.PENGAWAS,
    Position.WAKIL_KETUA_USAHA: PositionGroup.LAINNYA,
    Position.WAKIL_KETUA_ANGGOTA: PositionGroup.LAINNYA,
}

# The order invitations fill a cooperative's quota in, when the event names no positions.
DEFAULT_INVITED_POSITIONS = [Position.KETUA, Position.BENDAHARA, Position.SEKRETARIS, Position.PENGAWAS_KETUA]

CERTIFICATE_WARNING_DAYS = 60  # a provider certificate expiring within this many days is flagged
