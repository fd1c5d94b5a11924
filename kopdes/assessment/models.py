"""The monthly assessment of every cooperative ("bukan sekadar papan nama"): the regency's weights table, one
stored result per cooperative per month (score, category, reasons, missing evidence, trend), and field visits by
pendamping, camat or regency staff that confirm or contest the computed category.

`Assessment` is derived (ADR 0002): written only by the monthly run and the recomputation when a cooperative's
evidence changes, keyed (cooperative, month) so a second run gives the same rows. It carries the village code for
the roll-ups (indexed prefix filters), like the books' rows."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopdes.assessment.choices import (
    DEFAULT_VISIT_RADIUS_M,
    Category,
    ChecklistItem,
    LocationStatus,
    Verdict,
)
from kopdes.core.scoping import ScopedQuerySet


def _default_weights() -> dict:
    from kopdes.assessment.choices import DEFAULT_WEIGHTS

    return dict(DEFAULT_WEIGHTS)


class WeightSettings(models.Model):
    """A regency's weights of the indicators (points out of 100) and the distance a visit's position may be from
    the village's reference point while the village has no boundary. Edited by the regency (history kept; a
    `version` guards against two people saving from the same page). A regency without a row uses the defaults."""

    regency = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    weights = models.JSONField(_("bobot indikator"), default=_default_weights)
    visit_radius_m = models.PositiveIntegerField(
        _("jarak kunjungan dari titik acuan desa (meter)"),
        default=DEFAULT_VISIT_RADIUS_M,
        validators=[MinValueValidator(100), MaxValueValidator(50_000)],
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "regency__code"

    class Meta:
        verbose_name = _("bobot penilaian")
        verbose_name_plural = _("bobot penilaian")

    def __str__(self) -> str:
        return f"{self.regency_id}"


class Assessment(models.Model):
    """One cooperative's assessment for one month (the first day of the month): the score 0–100 (None when not
    scored), the category, the change from the month before, each indicator's points with its evidence in words
    (`reasons`: [{"indicator", "points", "max", "evidence"}]) and the evidence that is missing."""

    cooperative = models.ForeignKey("cooperatives.Cooperative", on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", editable=False)
    month = models.DateField(_("bulan"))
    score = models.PositiveSmallIntegerField(_("skor"), null=True, blank=True)
    category = models.CharField(_("kategori"), max_length=25, choices=Category.choices)
    trend = models.SmallIntegerField(_("perubahan skor"), null=True, blank=True)
    reasons = models.JSONField(_("alasan"), default=list)
    missing = models.JSONField(_("bukti yang belum ada"), default=list)
    evidence_day = models.DateField(_("bukti sampai"))
    computed_at = models.DateTimeField(_("dihitung"))

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "village__code"
    scope_cooperative_field = "cooperative_id"

    class Meta:
        ordering = ["cooperative_id", "month"]
        verbose_name = _("penilaian bulanan")
        verbose_name_plural = _("penilaian bulanan")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "month"],
                name="assessment_once_per_month",
                violation_error_message=_("Koperasi ini sudah dinilai untuk bulan ini."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="assessment_month_first_day"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=100), name="assessment_score_range"),
        ]
        indexes = [
            models.Index(fields=["village", "month"], name="assessment_village_month_idx"),
            models.Index(fields=["month", "category"], name="assessment_month_cat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative_id} {self.month:%Y-%m} {self.category}"


def visit_photo_path(instance, filename: str) -> str:
    return f"visits/{instance.visited_on:%Y/%m}/{instance.cooperative_id}-{filename}"


class Visit(models.Model):
    """A field visit to a cooperative: the checklist, notes, a photo, the GPS position (checked against the
    village when recorded: inside or near it, else refused) and whether the visitor confirms or contests the
    computed category of the month (`category_seen`, copied when recorded; a contest names `category_proposed`)."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", on_delete=models.CASCADE, related_name="+", verbose_name=_("koperasi")
    )
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", editable=False)
    visited_on = models.DateField(_("tanggal kunjungan"))
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    visitor_role = models.CharField(_("peran pengunjung"), max_length=20, editable=False)
    office_open = models.BooleanField(ChecklistItem.OFFICE_OPEN.label, default=False)
    gerai_open = models.BooleanField(ChecklistItem.GERAI_OPEN.label, default=False)
    goods_on_shelf = models.BooleanField(ChecklistItem.GOODS_ON_SHELF.label, default=False)
    books_kept = models.BooleanField(ChecklistItem.BOOKS_KEPT.label, default=False)
    board_present = models.BooleanField(ChecklistItem.BOARD_PRESENT.label, default=False)
    notes = models.TextField(_("catatan temuan"), max_length=3000, blank=True)
    photo = models.FileField(_("foto"), upload_to=visit_photo_path, blank=True)
    photo_type = models.CharField(max_length=50, blank=True, editable=False)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6)
    location_status = models.CharField(_("posisi"), max_length=20, choices=LocationStatus.choices, editable=False)
    distance_m = models.PositiveIntegerField(_("jarak (meter)"), null=True, blank=True, editable=False)
    verdict = models.CharField(_("penilaian pengunjung"), max_length=10, choices=Verdict.choices)
    category_seen = models.CharField(
        _("kategori hasil hitungan"), max_length=25, choices=Category.choices, blank=True, editable=False
    )
    category_proposed = models.CharField(
        _("kategori menurut pengunjung"), max_length=25, choices=Category.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "village__code"
    scope_cooperative_field = "cooperative_id"

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("kunjungan lapangan")
        verbose_name_plural = _("kunjungan lapangan")
        constraints = [
            models.CheckConstraint(
                condition=~Q(verdict="contest") | ~Q(category_proposed=""),
                name="visit_contest_names_category",
                violation_error_message=_("Bantahan harus menyebut kategori menurut pengunjung."),
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "visited_on"], name="assessment_visit_coop_idx")]

    def __str__(self) -> str:
        return f"{self.cooperative_id} {self.visited_on}"

    @property
    def checks(self) -> int:
        return sum(bool(getattr(self, item)) for item in ChecklistItem.values)

    @property
    def contested(self) -> bool:
        return self.verdict == Verdict.CONTEST
