"""Periodic reports (issue 16): the camat's report per kecamatan, the cooperative's per cooperative and the
pendamping's per business assistant, one per period, mostly derived from the other apps and frozen on submission;
a review loop (returned with comments per field, resubmitted, approved and locked); and the settings per regency
(period type, due day).

A report belongs to its unit's region: the kecamatan (camat), the village (cooperative) or the regency (pendamping),
so officers see their region, a pengurus their cooperative's reports and a pendamping their own
(`scope_owner_field`). The due date and whether the first submission was on time are stored when they happen
(ADR 0002), so reporting rates are indexed aggregates."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopdes.core.scoping import ScopedQuerySet
from kopdes.reporting.choices import (
    DEFAULT_DUE_DAY,
    DEFAULT_PERIOD_TYPE,
    Action,
    FormKind,
    PeriodType,
    Status,
)


class ReportSetting(models.Model):
    """Per regency and form: the period type and the due day. A form without a row is monthly, due the 10th of the
    following month."""

    regency = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    kind = models.CharField(_("formulir"), max_length=20, choices=FormKind.choices)
    period_type = models.CharField(_("periode"), max_length=12, choices=PeriodType.choices, default=DEFAULT_PERIOD_TYPE)
    due_day = models.PositiveSmallIntegerField(
        _("tenggat (tanggal bulan berikutnya)"),
        default=DEFAULT_DUE_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "regency__code"

    class Meta:
        ordering = ["regency_id", "kind"]
        verbose_name = _("pengaturan laporan")
        verbose_name_plural = _("pengaturan laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "kind"],
                name="report_setting_once_per_regency",
                violation_error_message=_("Formulir ini sudah diatur untuk kabupaten ini."),
            ),
            models.CheckConstraint(
                condition=Q(due_day__gte=1, due_day__lte=28),
                name="report_setting_due_day_range",
                violation_error_message=_("Tenggat tanggal 1 sampai 28."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regency_id} {self.kind}"


class Report(models.Model):
    """One unit's report for one period. `derived` holds the figures computed from the other apps, frozen when the
    report is submitted (a draft shows today's); `figures` the numbers typed where nothing is derived; the text
    fields what people write. `comments` are the reviewer's comments per field of the last return. `on_time` is
    decided by the first submission and never changes; `version` guards edits and reviews from a stale page (409)."""

    kind = models.CharField(_("formulir"), max_length=20, choices=FormKind.choices)
    period_type = models.CharField(_("periode"), max_length=12, choices=PeriodType.choices, editable=False)
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"), editable=False)
    due_date = models.DateField(_("tenggat"), editable=False)
    regency = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    # The unit's region: the kecamatan (camat), the village (cooperative), the regency (pendamping).
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("koperasi"),
    )
    pendamping = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pendamping"),
    )
    unit_key = models.CharField(max_length=30, editable=False)  # "k:64.02.01", "c:12", "p:7": one per period
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False)
    derived = models.JSONField(default=dict, blank=True, editable=False)
    from_books = models.BooleanField(_("dari pembukuan"), default=False, editable=False)
    figures = models.JSONField(default=dict, blank=True)
    problems = models.TextField(_("permasalahan"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    needs = models.TextField(_("kebutuhan"), blank=True)
    narrative = models.TextField(_("uraian singkat"), blank=True)
    findings = models.TextField(_("temuan"), blank=True)
    comments = models.JSONField(default=dict, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_submitted_on = models.DateField(_("pertama dikirim"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True, editable=False)
    on_time = models.BooleanField(_("tepat waktu"), null=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    reviewed_at = models.DateTimeField(_("diperiksa"), null=True, blank=True, editable=False)
    approved_on = models.DateField(_("disetujui pada"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region__code"
    scope_cooperative_field = "cooperative_id"
    scope_owner_field = "pendamping_id"

    class Meta:
        ordering = ["-period_start", "kind", "region_id", "id"]
        verbose_name = _("laporan berkala")
        verbose_name_plural = _("laporan berkala")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "unit_key", "period_start"],
                name="report_once_per_unit_period",
                violation_error_message=_("Laporan unit ini untuk periode tersebut sudah ada."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=FormKind.KOPERASI) | Q(cooperative__isnull=False),
                name="report_cooperative_has_cooperative",
                violation_error_message=_("Laporan koperasi memerlukan koperasinya."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=FormKind.PENDAMPING) | Q(pendamping__isnull=False),
                name="report_pendamping_has_pendamping",
                violation_error_message=_("Laporan pendamping memerlukan pendampingnya."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(first_submitted_on__isnull=False, on_time__isnull=False),
                name="report_received_has_day",
                violation_error_message=_("Laporan yang dikirim memerlukan tanggal kirimnya."),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "period_start", "region"], name="report_kind_period_region_idx"),
            models.Index(fields=["kind", "cooperative", "due_date"], name="report_kind_coop_due_idx"),
            models.Index(fields=["status", "kind"], name="report_status_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit_key} {self.period_start:%Y-%m}"

    @property
    def period_key(self) -> str:
        return f"{self.period_start:%Y-%m}"


class ReviewStep(models.Model):
    """One step of the review loop: who submitted, returned (with the comments per field), resubmitted or
    approved, and when. Append-only."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("langkah"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("waktu"))
    comments = models.JSONField(default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "report__region__code"
    scope_cooperative_field = "report__cooperative_id"
    scope_owner_field = "report__pendamping_id"

    class Meta:
        ordering = ["report_id", "at", "id"]
        verbose_name = _("langkah pemeriksaan")
        verbose_name_plural = _("langkah pemeriksaan")

    def __str__(self) -> str:
        return f"{self.report_id} {self.action}"
