"""Tiered training by certified providers, and the programme events the region organises (pelatihan, bimtek,
sosialisasi, temu kemitraan) with their invitations and the attendance taken at the door.

The catalogue (courses and providers) is national reference data: every signed-in user reads it, national admins
edit it (`ScopeKind.CATALOGUE`). An event belongs to its organiser's region (province, regency or kecamatan); a
participant belongs to a cooperative, so a pengurus sees their own officials' record and a camat their kecamatan's.

A participant row is one person at one event. For trainings it also carries the result (scores, passed, the
certificate number) and, copied from the event's course when the row is saved, the course's track and tier: the
coverage roll-up and the prerequisite rule then read one indexed table instead of joining events and courses for
every official in the country (ADR 0002: derived columns are stored and recomputed by the services)."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopdes.cooperatives.choices import Position
from kopdes.core.scoping import ScopedQuerySet, ScopeKind
from kopdes.training.choices import EventKind, FundingSource, ParticipantSource, ProviderKind, Tier, Track

NOT_NEGATIVE = _("Tidak boleh negatif.")
non_negative = MinValueValidator(0, NOT_NEGATIVE)
score_range = [MinValueValidator(0, NOT_NEGATIVE), MaxValueValidator(100, _("Nilai paling tinggi 100."))]


class Course(models.Model):
    """A course of the national curriculum: one track, one tier, its hours and competencies. The prerequisite is
    implied by the tier: the course of the lower tier of the same track, passed (`rules.prerequisite_tier`)."""

    code = models.CharField(_("kode"), max_length=20, unique=True, help_text=_("mis. TK-1"))
    title = models.CharField(_("judul"), max_length=200)
    track = models.CharField(_("bidang"), max_length=20, choices=Track.choices)
    tier = models.CharField(_("jenjang"), max_length=10, choices=Tier.choices)
    hours = models.PositiveSmallIntegerField(_("jam pelajaran"), validators=[MinValueValidator(1)])
    competencies = models.TextField(_("kompetensi"), blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_kind = ScopeKind.CATALOGUE

    class Meta:
        ordering = ["track", "tier", "code"]
        verbose_name = _("materi pelatihan")
        verbose_name_plural = _("materi pelatihan")
        indexes = [models.Index(fields=["track", "tier"], name="course_track_tier_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Provider(models.Model):
    """A training institution and its certification (lembaga pelatihan bersertifikat). A training may only use a
    provider whose certification covers every day of it; one expiring within 60 days is flagged."""

    name = models.CharField(_("nama lembaga"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=ProviderKind.choices)
    certification_number = models.CharField(_("nomor sertifikasi/akreditasi"), max_length=100, unique=True)
    issuing_body = models.CharField(_("penerbit sertifikasi"), max_length=200)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(_("berlaku sampai"))
    document = models.FileField(_("dokumen sertifikat"), upload_to="training/providers/%Y/", blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_kind = ScopeKind.CATALOGUE

    class Meta:
        ordering = ["name"]
        verbose_name = _("lembaga pelatihan")
        verbose_name_plural = _("lembaga pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="provider_valid_range",
                violation_error_message=_("Tanggal akhir berlaku tidak boleh sebelum tanggal mulai berlaku."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """One thing the region organises for the cooperatives: a training (with its course and provider), a bimtek,
    a sosialisasi or a partnership meeting. It belongs to its organiser region; its invitations go to cooperatives
    inside that region. `version` guards the edit form (409 on a stale save)."""

    kind = models.CharField(_("jenis kegiatan"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("nama kegiatan"), max_length=300)
    organiser_region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="training_events",
        verbose_name=_("wilayah penyelenggara"),
    )
    agency = models.CharField(_("instansi penyelenggara"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    venue = models.CharField(_("tempat"), max_length=300, blank=True)
    online_link = models.URLField(_("tautan daring"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])
    quota_per_cooperative = models.PositiveSmallIntegerField(
        _("kuota undangan per koperasi"), default=2, validators=[MinValueValidator(1)]
    )
    invited_positions = models.JSONField(_("jabatan yang diundang"), default=list, blank=True)
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("materi")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("lembaga")
    )
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "organiser_region__code"

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="event_date_range",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
        ]
        indexes = [
            models.Index(fields=["organiser_region", "start_date"], name="event_region_start_idx"),
            models.Index(fields=["kind", "start_date"], name="event_kind_start_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_training(self) -> bool:
        return self.kind == EventKind.PELATIHAN

    @property
    def days(self) -> list[datetime.date]:
        return [self.start_date + datetime.timedelta(days=n) for n in range((self.end_date - self.start_date).days + 1)]


class EventFunding(models.Model):
    """One funding line of an event: its source and amount in rupiah; an APBDes line names the desa that pays
    (a kepala desa may budget his cooperative's board training from the village budget)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="funding", verbose_name=_("kegiatan"))
    source = models.CharField(_("sumber dana"), max_length=10, choices=FundingSource.choices)
    amount_rp = models.BigIntegerField(_("jumlah (Rp)"), validators=[non_negative])
    village = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desa pembayar (APBDes)"),
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "event__organiser_region__code"

    class Meta:
        ordering = ["event_id", "source", "village_id"]
        verbose_name = _("sumber dana kegiatan")
        verbose_name_plural = _("sumber dana kegiatan")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_rp__gte=0), name="funding_amount_not_negative", violation_error_message=NOT_NEGATIVE
            ),
            # Two partial constraints rather than NULLS NOT DISTINCT, which SQLite lacks.
            models.UniqueConstraint(
                fields=["event", "source", "village"],
                condition=Q(village__isnull=False),
                name="funding_one_line_per_village",
                violation_error_message=_("Desa ini sudah dicatat untuk sumber dana ini."),
            ),
            models.UniqueConstraint(
                fields=["event", "source"],
                condition=Q(village__isnull=True),
                name="funding_one_line_per_source",
                violation_error_message=_("Sumber dana ini sudah dicatat untuk kegiatan ini."),
            ),
        ]
        indexes = [models.Index(fields=["source"], name="funding_source_idx")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount_rp}"


class Participant(models.Model):
    """One person at one event: invited from the registry, registered, or a walk-in at the door; whether and on
    which day they came; for a training the result and the certificate number (unique across the country).
    `official` links the person to the registry (NIK and position come from there); a walk-in who is not yet in
    the registry is a name and a cooperative."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("kegiatan"))
    cooperative = models.ForeignKey(  # goes with its cooperative, like its officials (history keeps the rows)
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="training_participants",
        verbose_name=_("koperasi"),
    )
    official = models.ForeignKey(
        "cooperatives.Official",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_records",
        verbose_name=_("pengurus/pengawas"),
    )
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=30, choices=Position.choices, blank=True)
    source = models.CharField(_("asal"), max_length=15, choices=ParticipantSource.choices)
    attended_on = models.DateField(_("hadir pada"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("dicatat hadir"), null=True, blank=True)
    pre_score = models.PositiveSmallIntegerField(_("nilai pra-tes"), null=True, blank=True, validators=score_range)
    post_score = models.PositiveSmallIntegerField(_("nilai pasca-tes"), null=True, blank=True, validators=score_range)
    passed = models.BooleanField(_("lulus"), default=False)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=60, null=True, blank=True)
    track = models.CharField(_("bidang"), max_length=20, choices=Track.choices, blank=True, editable=False)
    tier = models.CharField(_("jenjang"), max_length=10, choices=Tier.choices, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cooperative__village__code"
    scope_cooperative_field = "cooperative_id"

    class Meta:
        ordering = ["event_id", "cooperative_id", "name"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "official"],
                condition=Q(official__isnull=False),
                name="participant_once_per_event",
                violation_error_message=_("Orang ini sudah terdaftar di kegiatan ini."),
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                name="participant_unique_certificate",
                violation_error_message=_("Nomor sertifikat ini sudah dipakai."),
            ),
            models.CheckConstraint(
                condition=Q(passed=False) | Q(attended_on__isnull=False),
                name="participant_passed_needs_attendance",
                violation_error_message=_("Hanya peserta yang hadir yang dapat lulus."),
            ),
            models.CheckConstraint(
                condition=~Q(source=ParticipantSource.LANGSUNG) | Q(attended_on__isnull=False),
                name="participant_walk_in_attended",
                violation_error_message=_("Peserta yang datang langsung harus tercatat hadir."),
            ),
        ]
        indexes = [
            models.Index(fields=["event", "source"], name="participant_event_source_idx"),
            models.Index(fields=["official", "tier"], condition=Q(passed=True), name="participant_passed_tier_idx"),
            models.Index(fields=["cooperative", "event"], name="participant_coop_event_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def attended(self) -> bool:
        return self.attended_on is not None
