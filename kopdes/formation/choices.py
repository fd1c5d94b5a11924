from django.db import models
from django.utils.translation import gettext_lazy as _

# The phase is a column of Cooperative (derived here, from the milestones): its choices live with the column.
from kopdes.cooperatives.choices import PHASE_BY_KEY, PHASE_KEYS, Phase  # noqa: F401  (re-exported)


class MilestoneKind(models.TextChoices):
    SOSIALISASI = "sosialisasi", _("Sosialisasi")
    MUSDESUS = "musdesus", _("Musyawarah desa/kelurahan khusus")
    AKTA = "akta", _("Akta notaris")
    BADAN_HUKUM = "badan_hukum", _("SK badan hukum (AHU)")
    NIK_KOPERASI = "nik_koperasi", _("NIK koperasi")
    NIB = "nib", _("NIB")
    NPWP = "npwp", _("NPWP")
    REKENING = "rekening", _("Rekening bank")
    SIMKOPDES = "simkopdes", _("Terdaftar di SIMKOPDES")
    OPERASIONAL = "operasional", _("Mulai beroperasi")


class MilestoneStatus(models.TextChoices):
    CLAIMED = "claimed", _("Diklaim")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")


# A milestone may not be dated before the one it depends on (DESIGN.md business rules).
DEPENDS_ON = {
    MilestoneKind.SOSIALISASI: None,
    MilestoneKind.MUSDESUS: MilestoneKind.SOSIALISASI,
    MilestoneKind.AKTA: MilestoneKind.MUSDESUS,
    MilestoneKind.BADAN_HUKUM: MilestoneKind.AKTA,
    MilestoneKind.NIK_KOPERASI: MilestoneKind.BADAN_HUKUM,
    MilestoneKind.NIB: MilestoneKind.BADAN_HUKUM,
    MilestoneKind.NPWP: MilestoneKind.BADAN_HUKUM,
    MilestoneKind.REKENING: MilestoneKind.BADAN_HUKUM,
    MilestoneKind.SIMKOPDES: MilestoneKind.BADAN_HUKUM,
    MilestoneKind.OPERASIONAL: MilestoneKind.BADAN_HUKUM,
}
# The musyawarah is what starts a cooperative; a separate sosialisasi is often not recorded, so it is optional.
OPTIONAL_PREREQUISITES = frozenset({MilestoneKind.SOSIALISASI})
DOCUMENT_REQUIRED_TO_VERIFY = frozenset({MilestoneKind.MUSDESUS, MilestoneKind.AKTA, MilestoneKind.BADAN_HUKUM})
LEGAL_COMPLETE_KINDS = frozenset(
    {MilestoneKind.NIK_KOPERASI, MilestoneKind.NIB, MilestoneKind.NPWP, MilestoneKind.REKENING}
)
