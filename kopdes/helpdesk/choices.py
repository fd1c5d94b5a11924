from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    PEMBENTUKAN = "pembentukan", _("Pembentukan")
    LEGALITAS = "legalitas", _("Legalitas")
    KEUANGAN = "keuangan", _("Keuangan")
    USAHA = "usaha", _("Usaha")
    PEMBIAYAAN = "pembiayaan", _("Pembiayaan")
    LAINNYA = "lainnya", _("Lainnya")


class Status(models.TextChoices):
    """Where a consultation stands: `baru` waits for the office (counted against the due date), `dijawab` was
    answered, `menunggu_penanya` waits for the asker's reply to the office's question, `selesai` is closed (the
    asker may reopen it within REOPEN_DAYS)."""

    BARU = "baru", _("Baru")
    DIJAWAB = "dijawab", _("Dijawab")
    MENUNGGU_PENANYA = "menunggu_penanya", _("Menunggu penanya")
    SELESAI = "selesai", _("Selesai")


OPEN_STATUSES = (Status.BARU, Status.DIJAWAB, Status.MENUNGGU_PENANYA)


class AskerRole(models.TextChoices):
    KEPALA_DESA = "kepala_desa", _("Kepala desa")
    LURAH = "lurah", _("Lurah")
    PENGURUS = "pengurus", _("Pengurus koperasi")
    CAMAT = "camat", _("Camat")
    PENDAMPING = "pendamping", _("Pendamping")


class Responder(models.TextChoices):
    """Who answers a topic in a regency (its topic setting): the regency's cooperative office or the camat of the
    village's kecamatan."""

    DINAS = "dinas", _("Dinas kabupaten")
    CAMAT = "camat", _("Camat")


class ContactKind(models.TextChoices):
    """Who to contact: a village's facilitator team (Paser's circular asks every kepala desa and lurah to form
    one), a kecamatan's pendamping and its camat."""

    TIM_FASILITATOR = "tim_fasilitator", _("Tim fasilitator desa")
    PENDAMPING = "pendamping", _("Pendamping kecamatan")
    CAMAT = "camat", _("Camat")


class ConsultationState(models.TextChoices):
    """The list's state filter: a status, or `overdue` (waiting for the office past its due date), `open`."""

    OPEN = "open", _("Belum selesai")
    OVERDUE = "overdue", _("Lewat tenggat")


DEFAULT_TARGET_DAYS = 3  # working days, when a regency set no target for a topic
REOPEN_DAYS = 14  # calendar days after closing in which the asker may reopen
