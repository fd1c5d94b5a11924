from django.db import models
from django.utils.translation import gettext_lazy as _


class DecreeKind(models.TextChoices):
    KEPUTUSAN = "keputusan", _("Keputusan (SK)")
    SURAT_EDARAN = "surat_edaran", _("Surat edaran")
    INSTRUKSI = "instruksi", _("Instruksi")


class MemberRole(models.TextChoices):
    """The seats of a Satgas decree, in the order the decree lists them."""

    PENGARAH = "pengarah", _("Pengarah")
    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    ANGGOTA = "anggota", _("Anggota")


class MeetingKind(models.TextChoices):
    RAKOR = "rakor", _("Rapat koordinasi")
    EVALUASI = "evaluasi", _("Rapat evaluasi")
    TEKNIS = "teknis", _("Rapat teknis")


class AttendanceStatus(models.TextChoices):
    HADIR = "hadir", _("Hadir")
    DIWAKILI = "diwakili", _("Diwakili")
    TIDAK_HADIR = "tidak_hadir", _("Tidak hadir")


class AssigneeKind(models.TextChoices):
    """Who a decision is addressed to: one agency, or a role in every unit of an area (fanned out: one action item
    per kecamatan for the camat, per desa/kelurahan for the kepala desa and lurah)."""

    AGENCY = "agency", _("Perangkat daerah (OPD)")
    CAMAT = "camat", _("Setiap camat")
    KEPALA_DESA = "kepala_desa", _("Setiap kepala desa dan lurah")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Belum dikerjakan")
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    DONE = "done", _("Selesai")
    DROPPED = "dropped", _("Dibatalkan")


ACTIVE_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


class ActionState(models.TextChoices):
    """The list filter: a status, or "overdue" (still open after its due date), or "active" (not closed)."""

    ACTIVE = "active", _("Belum selesai")
    OVERDUE = "overdue", _("Lewat tenggat")
    OPEN = "open", _("Belum dikerjakan")
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    DONE = "done", _("Selesai")
    DROPPED = "dropped", _("Dibatalkan")
