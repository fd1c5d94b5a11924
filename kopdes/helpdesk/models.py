"""The consultation service (layanan konsultasi): questions from villages and cooperatives, answered in a thread by
the regency's cooperative office or, for topics a regency hands to them, by the camat; on time (a target in working
days per topic), and remembered (answers published, anonymised, as articles everyone signed in can search).

A consultation belongs to the village it concerns (and its cooperative, when there is one): officers see their
region, a pengurus their cooperative's, and the asker always their own (`scope_owner_field`). A camat sees the
consultations of their kecamatan routed to the camat (the selectors narrow this further). Deadlines and response
times are stored when they happen (ADR 0002: derived columns), so the overdue list and the figures per month and
per officer are indexed aggregates."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopdes.core.scoping import ScopedQuerySet, ScopeKind
from kopdes.helpdesk.choices import DEFAULT_TARGET_DAYS, AskerRole, ContactKind, Responder, Status, Topic

target_range = [MinValueValidator(1), MaxValueValidator(30, _("Paling lama 30 hari kerja."))]


class TopicSetting(models.Model):
    """Per regency and topic: who answers (the office or the camat) and the target response time in working days.
    A topic without a row is answered by the office within DEFAULT_TARGET_DAYS."""

    regency = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    topic = models.CharField(_("topik"), max_length=20, choices=Topic.choices)
    responder = models.CharField(_("dijawab oleh"), max_length=10, choices=Responder.choices, default=Responder.DINAS)
    target_days = models.PositiveSmallIntegerField(
        _("target jawaban (hari kerja)"), default=DEFAULT_TARGET_DAYS, validators=target_range
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "regency__code"

    class Meta:
        ordering = ["regency_id", "topic"]
        verbose_name = _("pengaturan topik konsultasi")
        verbose_name_plural = _("pengaturan topik konsultasi")
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "topic"],
                name="topic_setting_once_per_regency",
                violation_error_message=_("Topik ini sudah diatur untuk kabupaten ini."),
            ),
            models.CheckConstraint(
                condition=Q(target_days__gte=1, target_days__lte=30),
                name="topic_setting_target_range",
                violation_error_message=_("Target jawaban 1 sampai 30 hari kerja."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regency_id} {self.topic}"


class Consultation(models.Model):
    """One question, its thread and its deadline. `responder` and `target_days` are copied from the topic setting
    when asked, so changing a setting later does not move deadlines already promised. `due_date` is the deadline of
    the question now waiting for the office (set again when the asker replies or reopens); the first answer's
    time and whether it was on time are kept for the figures. `version` guards against two officers answering from
    the same stale page (409)."""

    title = models.CharField(_("judul pertanyaan"), max_length=200)
    question = models.TextField(_("pertanyaan"), max_length=5000)
    topic = models.CharField(_("topik"), max_length=20, choices=Topic.choices)
    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("koperasi"),
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("penanya")
    )
    asker_role = models.CharField(_("penanya sebagai"), max_length=20, choices=AskerRole.choices)
    asker_name = models.CharField(_("nama penanya"), max_length=150)
    asker_phone = models.CharField(_("telepon/WhatsApp penanya"), max_length=20, blank=True)
    refers_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("merujuk konsultasi"),
    )
    responder = models.CharField(_("dijawab oleh"), max_length=10, choices=Responder.choices, editable=False)
    target_days = models.PositiveSmallIntegerField(_("target (hari kerja)"), editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BARU, editable=False)
    asked_at = models.DateTimeField(_("diajukan"), editable=False)
    asked_on = models.DateField(_("tanggal diajukan"), editable=False)
    due_date = models.DateField(_("tenggat jawaban"), editable=False)
    first_answered_at = models.DateTimeField(_("dijawab pertama"), null=True, blank=True, editable=False)
    first_answered_on = models.DateField(null=True, blank=True, editable=False)
    first_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("penjawab pertama"),
    )
    response_days = models.PositiveSmallIntegerField(_("lama jawaban (hari kerja)"), null=True, editable=False)
    answered_on_time = models.BooleanField(_("dijawab tepat waktu"), null=True, editable=False)
    closed_on = models.DateField(_("selesai pada"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "village__code"
    scope_cooperative_field = "cooperative_id"
    scope_owner_field = "asker_id"

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = _("konsultasi")
        verbose_name_plural = _("konsultasi")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_answered_at__isnull=True) | Q(first_answered_on__isnull=False),
                name="consultation_answer_day",
                violation_error_message=_("Jawaban pertama memerlukan tanggalnya."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.SELESAI) | Q(closed_on__isnull=False),
                name="consultation_closed_day",
                violation_error_message=_("Konsultasi yang selesai memerlukan tanggal selesai."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="consultation_status_due_idx"),
            models.Index(fields=["village", "status"], name="consultation_village_idx"),
            models.Index(fields=["first_answered_by", "asked_on"], name="consultation_officer_idx"),
            models.Index(fields=["asked_on"], name="consultation_asked_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class Message(models.Model):
    """One entry of a consultation's thread after the question: the office's answer, the office asking for more,
    or the asker's reply."""

    class Kind(models.TextChoices):
        JAWABAN = "jawaban", _("Jawaban")
        PERMINTAAN = "permintaan", _("Permintaan keterangan")
        TANGGAPAN = "tanggapan", _("Tanggapan penanya")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(_("nama"), max_length=150)
    text = models.TextField(_("isi"), max_length=10000)
    created_at = models.DateTimeField(_("waktu"))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "consultation__village__code"
    scope_cooperative_field = "consultation__cooperative_id"
    scope_owner_field = "consultation__asker_id"

    class Meta:
        ordering = ["consultation_id", "created_at", "id"]
        verbose_name = _("pesan konsultasi")
        verbose_name_plural = _("pesan konsultasi")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.consultation_id}"

    @property
    def from_office(self) -> bool:
        return self.kind != self.Kind.TANGGAPAN


class Attachment(models.Model):
    """A file sent with the question or a message (the draft deed, a letter): PDF, JPEG or PNG, checked from its
    bytes (`kopdes.core.uploads`), stored outside the web root and served only by a scoped view."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to="konsultasi/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "consultation__village__code"
    scope_cooperative_field = "consultation__cooperative_id"
    scope_owner_field = "consultation__asker_id"

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("lampiran konsultasi")
        verbose_name_plural = _("lampiran konsultasi")

    def __str__(self) -> str:
        return self.original_name


class Article(models.Model):
    """An answer published as a question-and-answer article: the texts are the anonymised ones the publisher
    reviewed (no names, phone numbers, NIK), so every signed-in user may read it (`ScopeKind.CATALOGUE`). A
    withdrawn article stays for history but is no longer listed. `scope_code` is the publishing regency: its
    officers may withdraw it."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="article"
    )
    topic = models.CharField(_("topik"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("judul"), max_length=200)
    question = models.TextField(_("pertanyaan"), max_length=5000)
    answer = models.TextField(_("jawaban"), max_length=10000)
    scope_code = models.CharField(_("wilayah penerbit"), max_length=13)
    published_at = models.DateTimeField(_("diterbitkan"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diperiksa oleh")
    )
    withdrawn_at = models.DateTimeField(_("ditarik"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_kind = ScopeKind.CATALOGUE

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("artikel tanya-jawab")
        verbose_name_plural = _("artikel tanya-jawab")
        indexes = [models.Index(fields=["topic", "published_at"], name="article_topic_idx")]

    def __str__(self) -> str:
        return self.title


class Contact(models.Model):
    """Who to contact: a member of a village's facilitator team (name, role in the team, phone), or a kecamatan's
    pendamping or camat. Shown on the village and cooperative pages and with each consultation."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kecamatan")
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=ContactKind.choices)
    name = models.CharField(_("nama"), max_length=150)
    role_title = models.CharField(_("peran/jabatan"), max_length=100, blank=True)
    phone = models.CharField(_("telepon/WhatsApp"), max_length=20, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region__code"

    class Meta:
        ordering = ["region_id", "kind", "name"]
        verbose_name = _("kontak pendampingan")
        verbose_name_plural = _("kontak pendampingan")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "name"],
                name="contact_once_per_region",
                violation_error_message=_("Orang ini sudah tercatat sebagai kontak di wilayah ini."),
            )
        ]

    def __str__(self) -> str:
        return self.name
