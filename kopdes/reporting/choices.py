from django.db import models
from django.utils.translation import gettext_lazy as _


class FormKind(models.TextChoices):
    """The periodic reports: one per kecamatan (the camat), one per cooperative (its pengurus), one per business
    assistant (pendamping)."""

    CAMAT = "camat_bulanan", _("Laporan camat")
    KOPERASI = "koperasi_bulanan", _("Laporan koperasi")
    PENDAMPING = "pendamping_bulanan", _("Laporan pendamping")


class PeriodType(models.TextChoices):
    BULANAN = "bulanan", _("Bulanan")
    TRIWULANAN = "triwulanan", _("Triwulanan")


class ReportStatus(models.TextChoices):
    """The review loop (ODK-like): a draft is submitted, the reviewer returns it with comments per field or approves
    it; a returned report is resubmitted; an approved report is locked."""

    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Dikirim")
    RETURNED = "returned", _("Dikembalikan")
    RESUBMITTED = "resubmitted", _("Dikirim ulang")
    APPROVED = "approved", _("Disetujui")


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("dikirim")
    RETURN = "return", _("dikembalikan")
    RESUBMIT = "resubmit", _("dikirim ulang")
    APPROVE = "approve", _("disetujui")


Status = ReportStatus  # short names inside the app; the API documents the long ones
Action = ReviewAction

# Statuses in which the report has reached the reviewer (it counts as received).
RECEIVED_STATUSES = (Status.SUBMITTED, Status.RETURNED, Status.RESUBMITTED, Status.APPROVED)
# Statuses in which the author may still edit.
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
# Statuses waiting for the reviewer.
WAITING_STATUSES = (Status.SUBMITTED, Status.RESUBMITTED)

DEFAULT_PERIOD_TYPE = PeriodType.BULANAN
DEFAULT_DUE_DAY = 10  # of the month after the period

# What people type, per form (everything else is derived). At most five text fields for the camat.
TEXT_FIELDS = {
    FormKind.CAMAT: ("problems", "follow_up", "needs", "narrative"),
    FormKind.KOPERASI: ("problems", "needs"),
    FormKind.PENDAMPING: ("findings", "problems", "follow_up"),
}
TEXT_LABELS = {
    "problems": _("Permasalahan"),
    "follow_up": _("Tindak lanjut"),
    "needs": _("Kebutuhan"),
    "narrative": _("Uraian singkat"),
    "findings": _("Temuan"),
}

# The cooperative's figures: derived from its books in Kopdes when it keeps them there, typed otherwise.
KOPERASI_FIGURES = (
    "members",
    "new_members",
    "simpanan",
    "sales",
    "gerai_operating",
    "loans_outstanding",
    "arrears",
)
# The pendamping's figures: typed (the field visits of the assessment app add their own when they exist).
PENDAMPING_FIGURES = ("visits", "cooperatives_assisted")
FIGURE_FIELDS = {FormKind.CAMAT: (), FormKind.KOPERASI: KOPERASI_FIGURES, FormKind.PENDAMPING: PENDAMPING_FIGURES}
FIGURE_LABELS = {
    "members": _("Anggota"),
    "new_members": _("Anggota baru"),
    "simpanan": _("Simpanan terkumpul (Rp)"),
    "sales": _("Penjualan (Rp)"),
    "gerai_operating": _("Gerai beroperasi"),
    "loans_outstanding": _("Sisa pinjaman (Rp)"),
    "arrears": _("Tunggakan (Rp)"),
    "visits": _("Kunjungan"),
    "cooperatives_assisted": _("Koperasi didampingi"),
}
MONEY_FIGURES = frozenset({"simpanan", "sales", "loans_outstanding", "arrears"})
FIGURE_MAX = 10**15
TEXT_MAX = 3000
