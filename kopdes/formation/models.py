from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopdes.core.scoping import ScopedQuerySet
from kopdes.formation.choices import PHASE_KEYS, MilestoneKind, MilestoneStatus


class MilestoneQuerySet(ScopedQuerySet):
    def reached(self) -> MilestoneQuerySet:
        """Milestones that count towards the phase: claimed or verified, not rejected."""
        return self.filter(REACHED)


# "A reached milestone is one not rejected", for filters and aggregates over Milestone rows.
REACHED = ~models.Q(status=MilestoneStatus.REJECTED)


class Milestone(models.Model):
    """A step of forming a cooperative, with its date and evidence. Claimed until someone in the regency verifies
    it against the document; rejected milestones do not count towards the phase."""

    cooperative = models.ForeignKey("cooperatives.Cooperative", on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("tahapan"), max_length=20, choices=MilestoneKind.choices)
    date = models.DateField(
        _("tanggal"),
        null=True,
        blank=True,
        help_text=_("Kosong bila tahapan diketahui tercapai (mis. dari impor NIB) tetapi tanggalnya tidak."),
    )
    document = models.ForeignKey(
        "cooperatives.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("dokumen"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.CLAIMED
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # The day a rejection took effect: the milestone counted from `date` until then, which is what progress "as of"
    # a past day needs (verified_at is a moment in UTC; this is the office's calendar day). Cleared when re-recorded.
    rejected_on = models.DateField(_("ditolak pada"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()
    scope_region_field = "cooperative__village__code"
    scope_cooperative_field = "cooperative_id"

    class Meta:
        ordering = ["cooperative_id", "date", "id"]
        verbose_name = _("tahapan")
        verbose_name_plural = _("tahapan")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "kind"],
                name="milestone_once_per_cooperative",
                violation_error_message=_("Tahapan ini sudah dicatat untuk koperasi ini."),
            )
        ]
        indexes = [
            models.Index(fields=["kind", "status"], name="milestone_kind_status_idx"),
            # "The last 7 days" of the summary: dated, verified or rejected since a day (one BitmapOr of the three,
            # not a scan of the country's 722,000 milestones).
            models.Index(fields=["date"], name="milestone_date_idx"),
            models.Index(fields=["verified_at"], name="milestone_verified_at_idx"),
            models.Index(fields=["rejected_on"], name="milestone_rejected_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date or '?'}"

    @property
    def is_reached(self) -> bool:
        """The row-level form of `Milestone.objects.reached()`, for milestones already read."""
        return self.status != MilestoneStatus.REJECTED


class Target(models.Model):
    """A target such as "all 237 operating by 28 November 2025" or Paser's "60 by June, expecting 80%"."""

    PHASE_CHOICES = [(key, key) for key in PHASE_KEYS]

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="targets")
    phase = models.CharField(_("tahap"), max_length=20, choices=PHASE_CHOICES)
    count = models.PositiveIntegerField(_("jumlah koperasi"), null=True, blank=True)
    percent = models.DecimalField(_("persen desa/kelurahan"), max_digits=5, decimal_places=2, null=True, blank=True)
    due_date = models.DateField(_("tenggat"))
    expected_pct = models.DecimalField(
        _("perkiraan capaian (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Capaian yang diperkirakan realistis, mis. 80% dari target."),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region__code"

    class Meta:
        ordering = ["region_id", "due_date"]
        verbose_name = _("target")
        verbose_name_plural = _("target")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(count__isnull=False, percent__isnull=True)
                    | models.Q(count__isnull=True, percent__isnull=False)
                ),
                name="target_count_xor_percent",
                violation_error_message=_("Isi jumlah koperasi atau persen, salah satu saja."),
            ),
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | models.Q(percent__gt=0, percent__lte=100),
                name="target_percent_range",
                violation_error_message=_("Persen harus di antara 0 dan 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.phase} {self.due_date}"
