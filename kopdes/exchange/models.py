from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopdes.core.scoping import ScopedQuerySet
from kopdes.exchange.choices import MatchMethod, UnitStatus
from kopdes.regions.choices import RegionLevel


class NationalUnit(models.Model):
    """A province, regency, kecamatan or village as the national system (SIMKOPDES) knows it, and the Kemendagri
    region it was matched to. This is the mapping table: an import finds a unit by its national ids first, so a
    match (automatic or an officer's choice) is made once and kept.

    `key` is the path of national ids from the province down ("23/348/4723/52116"): the national system files a
    few regencies under two provinces with the same id, so an id alone does not name a unit, its path does.

    `area_code` is the region code when matched, otherwise the code of the nearest matched ancestor (empty when
    none): it decides who sees the unit (a Paser officer reviews the unmatched villages of Paser) and is copied to
    the unit's snapshot rows so that regency and kecamatan sums still count a village whose own name is not
    matched yet."""

    key = models.CharField(_("kunci ID nasional"), max_length=100, unique=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=RegionLevel.choices)
    national_id = models.CharField(_("ID SIMKOPDES"), max_length=40)
    name = models.CharField(_("nama di SIMKOPDES"), max_length=200)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("induk")
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wilayah Kemendagri"),
    )
    area_code = models.CharField(_("kode wilayah cakupan"), max_length=13, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=UnitStatus.choices, default=UnitStatus.UNMATCHED)
    method = models.CharField(_("cara"), max_length=10, choices=MatchMethod.choices, blank=True)
    score = models.DecimalField(_("skor"), max_digits=4, decimal_places=1, null=True, blank=True)
    candidates = models.JSONField(_("kandidat"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "area_code"

    class Meta:
        ordering = ["key"]
        verbose_name = _("unit SIMKOPDES")
        verbose_name_plural = _("unit SIMKOPDES")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=UnitStatus.MATCHED) & Q(region__isnull=False))
                | (~Q(status=UnitStatus.MATCHED) & Q(region__isnull=True)),
                name="national_unit_region_iff_matched",
                violation_error_message=_("Unit yang cocok harus punya wilayah, dan hanya unit yang cocok."),
            ),
        ]
        indexes = [models.Index(fields=["status", "level"], name="national_unit_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_level_display()} {self.national_id})"


# Model field → column of the national system's statistics files, in the files' order.
FIGURE_COLUMNS = {
    "cooperatives": "cooperatives",
    "accounts": "accounts_count",
    "npwp": "npwp_count",
    "nib": "nib_count",
    "rat": "rat_count",
    "transaction_volume": "transaction_volume",
    "transaction_value": "transaction_value",
    "simpanan_pokok_amount": "simpanan_pokok_amount",
    "members_pokok": "simpanan_pokok_members",
    "simpanan_pokok_tx": "simpanan_pokok_tx",
    "simpanan_wajib_amount": "simpanan_wajib_amount",
    "members_wajib": "simpanan_wajib_members",
    "simpanan_wajib_tx": "simpanan_wajib_tx",
    "savings_total_amount": "savings_total_amount",
}
FIGURE_FIELDS = tuple(FIGURE_COLUMNS)


class NationalSnapshot(models.Model):
    """One row of a national statistics file: the figures of one unit on one snapshot date. Rupiah and counts are
    integers; the traded volume may be fractional. A re-import of the same date and level replaces the rows of the
    units it covers in one transaction.

    `region_code` is the unit's `area_code` (kept in step by the import and by mapping decisions), so roll-ups are
    prefix sums on one indexed column: empty (NULL) only while not even the unit's province is matched."""

    snapshot_date = models.DateField(_("tanggal data"))
    level = models.CharField(_("tingkat"), max_length=10, choices=RegionLevel.choices)
    unit = models.ForeignKey(NationalUnit, on_delete=models.PROTECT, related_name="snapshots")
    region_code = models.CharField(_("kode wilayah"), max_length=13, null=True, blank=True, db_index=True)
    import_record = models.ForeignKey(
        "core.ImportRecord", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cooperatives = models.PositiveBigIntegerField(_("koperasi"))
    accounts = models.PositiveBigIntegerField(_("punya akun SIMKOPDES"))
    npwp = models.PositiveBigIntegerField(_("punya NPWP"))
    nib = models.PositiveBigIntegerField(_("punya NIB"))
    rat = models.PositiveBigIntegerField(_("sudah RAT"))
    transaction_volume = models.DecimalField(_("volume transaksi"), max_digits=20, decimal_places=4)
    transaction_value = models.PositiveBigIntegerField(_("nilai transaksi (Rp)"))
    simpanan_pokok_amount = models.PositiveBigIntegerField(_("simpanan pokok (Rp)"))
    members_pokok = models.PositiveBigIntegerField(_("anggota bayar simpanan pokok"))
    simpanan_pokok_tx = models.PositiveBigIntegerField(_("transaksi simpanan pokok"))
    simpanan_wajib_amount = models.PositiveBigIntegerField(_("simpanan wajib (Rp)"))
    members_wajib = models.PositiveBigIntegerField(_("anggota bayar simpanan wajib"))
    simpanan_wajib_tx = models.PositiveBigIntegerField(_("transaksi simpanan wajib"))
    savings_total_amount = models.PositiveBigIntegerField(_("total simpanan (Rp)"))

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region_code"

    class Meta:
        ordering = ["-snapshot_date", "unit_id"]
        verbose_name = _("data SIMKOPDES")
        verbose_name_plural = _("data SIMKOPDES")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot_date", "unit"],
                name="national_snapshot_one_row_per_unit",
                violation_error_message=_("Unit ini sudah punya data pada tanggal ini."),
            ),
        ]
        indexes = [
            models.Index(fields=["snapshot_date", "level", "region_code"], name="national_snapshot_rollup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} @ {self.snapshot_date}"


# The figures of the "national" block of the progress document, summed in NationalRollup.
ROLLUP_FIELDS = (
    "cooperatives",
    "accounts",
    "npwp",
    "nib",
    "rat",
    "transaction_value",
    "simpanan_pokok_amount",
    "simpanan_wajib_amount",
    "members_pokok",
    "members_wajib",
)


class NationalRollup(models.Model):
    """The national figures of one snapshot date and level summed per regency (village and kecamatan rows) or per
    unit (regency and province rows): a few hundred rows per snapshot instead of 83,000, so the country's and a
    province's national block are read in a millisecond. Derived from `NationalSnapshot` in the same transaction as
    every change to it (`services.rollup_refresh`); never edited."""

    snapshot_date = models.DateField()
    level = models.CharField(max_length=10, choices=RegionLevel.choices)
    region_code = models.CharField(max_length=13, null=True, blank=True)
    rows = models.PositiveIntegerField()
    cooperatives = models.PositiveBigIntegerField()
    accounts = models.PositiveBigIntegerField()
    npwp = models.PositiveBigIntegerField()
    nib = models.PositiveBigIntegerField()
    rat = models.PositiveBigIntegerField()
    transaction_value = models.PositiveBigIntegerField()
    simpanan_pokok_amount = models.PositiveBigIntegerField()
    simpanan_wajib_amount = models.PositiveBigIntegerField()
    members_pokok = models.PositiveBigIntegerField()
    members_wajib = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["snapshot_date", "level"], name="national_rollup_date_level_idx")]

    def __str__(self) -> str:
        return f"{self.level} {self.region_code} @ {self.snapshot_date}"
