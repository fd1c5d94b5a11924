"""Village business potential, the BUMDes registry and the recorded decisions on overlaps with it.

Every row hangs off a village (`Region` of level village), so the one scoping mechanism applies through the
village code; roll-ups group on a prefix of that code."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopdes.core.choices import BusinessCategory
from kopdes.core.scoping import ScopedQuerySet
from kopdes.mapping.choices import (
    BumdesLegalStatus,
    BumdesPerformance,
    BumdesUnitStatus,
    OverlapDecisionKind,
    Verdict,
)

NOT_NEGATIVE = _("Tidak boleh negatif.")
non_negative = MinValueValidator(0, NOT_NEGATIVE)


class VillagePotential(models.Model):
    """One business potential of a desa/kelurahan as mapped by the camat, kades or DPMD: what (category and
    commodity), how much (volume with its unit, estimated value in rupiah) and how many people live from it.
    One row per village, category and commodity, which is also the key of the import."""

    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="potentials", verbose_name=_("desa/kelurahan")
    )
    category = models.CharField(_("kategori usaha"), max_length=30, choices=BusinessCategory.choices)
    commodity = models.CharField(_("komoditas"), max_length=150)
    volume = models.DecimalField(
        _("volume"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[non_negative]
    )
    volume_unit = models.CharField(_("satuan"), max_length=30, blank=True, help_text=_("mis. ton/tahun, ha, ekor"))
    value_rp = models.BigIntegerField(_("perkiraan nilai (Rp/tahun)"), null=True, blank=True, validators=[non_negative])
    people = models.PositiveIntegerField(_("orang terlibat"), null=True, blank=True)
    source = models.CharField(_("sumber data"), max_length=200, blank=True)
    recorded_on = models.DateField(_("tanggal data"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "village__code"

    class Meta:
        ordering = ["village_id", "category", "commodity"]
        verbose_name = _("potensi desa")
        verbose_name_plural = _("potensi desa")
        constraints = [
            models.UniqueConstraint(
                fields=["village", "category", "commodity"],
                name="potential_unique_village_category_commodity",
                violation_error_message=_("Komoditas ini sudah dicatat untuk desa/kelurahan dan kategori yang sama."),
            ),
            models.CheckConstraint(
                condition=Q(value_rp__isnull=True) | Q(value_rp__gte=0),
                name="potential_value_not_negative",
                violation_error_message=NOT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(volume__isnull=True) | Q(volume__gte=0),
                name="potential_volume_not_negative",
                violation_error_message=NOT_NEGATIVE,
            ),
        ]
        indexes = [
            models.Index(fields=["category", "village"], name="potential_category_village_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.commodity} ({self.get_category_display()})"


class Bumdes(models.Model):
    """The village-owned enterprise (Badan Usaha Milik Desa) of one desa. Kelurahan have none: the services
    refuse it, since a kelurahan is an administrative unit of the regency without village-owned assets."""

    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="bumdes", verbose_name=_("desa")
    )
    name = models.CharField(_("nama BUMDes"), max_length=200)
    legal_status = models.CharField(
        _("status badan hukum"),
        max_length=25,
        choices=BumdesLegalStatus.choices,
        default=BumdesLegalStatus.BELUM_BERBADAN_HUKUM,
    )
    registration_number = models.CharField(_("nomor registrasi/sertifikat"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "village__code"

    class Meta:
        ordering = ["village_id"]
        verbose_name = _("BUMDes")
        verbose_name_plural = _("BUMDes")
        constraints = [
            models.UniqueConstraint(
                fields=["village"],
                name="bumdes_one_per_village",
                violation_error_message=_("Desa ini sudah memiliki BUMDes."),
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                name="bumdes_unique_registration",
                violation_error_message=_("Nomor registrasi sudah dipakai BUMDes lain."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BumdesUnit(models.Model):
    """A business line of a BUMDes, with how it is doing: the facts the overlap verdict is made of.
    One unit per category per BUMDes (the verdict is per category); revenue is that of `year`."""

    bumdes = models.ForeignKey(Bumdes, on_delete=models.CASCADE, related_name="units", verbose_name=_("BUMDes"))
    category = models.CharField(_("kategori usaha"), max_length=30, choices=BusinessCategory.choices)
    name = models.CharField(_("nama unit"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=BumdesUnitStatus.choices, default=BumdesUnitStatus.AKTIF
    )
    performance = models.CharField(
        _("kinerja"), max_length=15, choices=BumdesPerformance.choices, default=BumdesPerformance.BELUM_OPTIMAL
    )
    revenue_rp = models.BigIntegerField(_("omzet setahun (Rp)"), null=True, blank=True, validators=[non_negative])
    year = models.PositiveSmallIntegerField(
        _("tahun"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000, _("Tahun tidak masuk akal.")), MaxValueValidator(2100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "bumdes__village__code"

    class Meta:
        ordering = ["bumdes_id", "category"]
        verbose_name = _("unit usaha BUMDes")
        verbose_name_plural = _("unit usaha BUMDes")
        constraints = [
            models.UniqueConstraint(
                fields=["bumdes", "category"],
                name="bumdes_unit_one_per_category",
                violation_error_message=_("BUMDes ini sudah memiliki unit untuk kategori ini."),
            ),
            models.CheckConstraint(
                condition=Q(revenue_rp__isnull=True) | Q(revenue_rp__gte=0),
                name="bumdes_unit_revenue_not_negative",
                violation_error_message=NOT_NEGATIVE,
            ),
        ]
        indexes = [
            models.Index(fields=["category", "status", "performance"], name="bumdes_unit_verdict_idx"),
        ]

    def __str__(self) -> str:
        return self.name or self.get_category_display()


class OverlapDecision(models.Model):
    """How a `tumpang_tindih` verdict for a cooperative's business line was resolved: who decided what, when,
    and why. One current decision per cooperative and category; earlier ones stay in its history."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="overlap_decisions",
        verbose_name=_("koperasi"),
    )
    category = models.CharField(_("kategori usaha"), max_length=30, choices=BusinessCategory.choices)
    bumdes_unit = models.ForeignKey(
        BumdesUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overlap_decisions",
        verbose_name=_("unit BUMDes"),
    )
    verdict = models.CharField(_("putusan aturan"), max_length=25, choices=Verdict.choices)
    verdict_reason = models.CharField(_("alasan putusan aturan"), max_length=300)
    decision = models.CharField(_("keputusan"), max_length=20, choices=OverlapDecisionKind.choices)
    agreement_number = models.CharField(_("nomor kesepakatan tertulis"), max_length=100, blank=True)
    note = models.TextField(_("catatan"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diputuskan oleh")
    )
    decided_at = models.DateTimeField(_("waktu keputusan"))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cooperative__village__code"
    scope_cooperative_field = "cooperative_id"

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("keputusan tumpang tindih")
        verbose_name_plural = _("keputusan tumpang tindih")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "category"],
                name="overlap_decision_one_per_line",
                violation_error_message=_("Sudah ada keputusan untuk usaha ini; ubah keputusan yang ada."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} · {self.get_category_display()}: {self.get_decision_display()}"
