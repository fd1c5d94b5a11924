from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopdes.cooperatives.choices import (
    CooperativeKind,
    DocumentKind,
    Gender,
    Position,
    Scheme,
    UnitStatus,
    VillageOffice,
)
from kopdes.core.choices import BusinessCategory
from kopdes.core.scoping import ScopedQuerySet

nik_validator = RegexValidator(r"^\d{16}$", _("NIK harus 16 angka."))


class Cooperative(models.Model):
    """The Koperasi Merah Putih of one desa (KDMP) or kelurahan (KKMP).

    `phase` and `warning_count` are derived facts, recomputed by the services in the same transaction as the change
    that affects them, so that dashboards count them with one indexed GROUP BY. `version` guards against two people
    editing the same record: a save with an old version is refused (409)."""

    village = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="cooperatives",
        verbose_name=_("desa/kelurahan"),
    )
    extra_villages = models.ManyToManyField(
        "regions.Region", blank=True, related_name="+", verbose_name=_("desa/kelurahan lain yang dilayani")
    )
    name = models.CharField(_("nama koperasi"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=4, choices=CooperativeKind.choices)
    scheme = models.CharField(_("skema"), max_length=20, choices=Scheme.choices, default=Scheme.PENDIRIAN_BARU)
    predecessor = models.CharField(
        _("koperasi asal"), max_length=200, blank=True, help_text=_("Untuk skema pengembangan/revitalisasi.")
    )
    akta_number = models.CharField(_("nomor akta"), max_length=100, blank=True)
    notary = models.CharField(_("notaris"), max_length=200, blank=True)
    sk_ahu_number = models.CharField(_("nomor SK AHU"), max_length=100, null=True, blank=True)
    nik_koperasi = models.CharField(_("NIK koperasi"), max_length=30, null=True, blank=True)
    nib = models.CharField(_("NIB"), max_length=20, null=True, blank=True)
    npwp = models.CharField(_("NPWP"), max_length=25, null=True, blank=True)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account = models.CharField(_("nomor rekening"), max_length=40, blank=True)
    simkopdes_id = models.CharField(_("ID SIMKOPDES"), max_length=40, null=True, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)

    phase = models.PositiveSmallIntegerField(_("tahap"), default=0, editable=False)
    warning_count = models.PositiveSmallIntegerField(_("peringatan"), default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "village__code"
    scope_cooperative_field = "pk"

    class Meta:
        ordering = ["village_id"]
        verbose_name = _("koperasi")
        verbose_name_plural = _("koperasi")
        constraints = [
            models.UniqueConstraint(
                fields=["village"],
                name="cooperative_one_per_village",
                violation_error_message=_("Desa/kelurahan ini sudah memiliki Koperasi Merah Putih."),
            ),
            models.UniqueConstraint(
                fields=["sk_ahu_number"],
                name="cooperative_unique_sk_ahu",
                violation_error_message=_("Nomor SK AHU sudah dipakai koperasi lain."),
            ),
            models.UniqueConstraint(
                fields=["nik_koperasi"],
                name="cooperative_unique_nik_koperasi",
                violation_error_message=_("NIK koperasi sudah dipakai koperasi lain."),
            ),
            models.UniqueConstraint(
                fields=["nib"],
                name="cooperative_unique_nib",
                violation_error_message=_("NIB sudah dipakai koperasi lain."),
            ),
            models.UniqueConstraint(
                fields=["npwp"],
                name="cooperative_unique_npwp",
                violation_error_message=_("NPWP sudah dipakai koperasi lain."),
            ),
            models.CheckConstraint(
                condition=models.Q(phase__lte=6),
                name="cooperative_phase_range",
                violation_error_message="0..6",
            ),
        ]
        indexes = [
            models.Index(fields=["phase"], name="cooperative_phase_idx"),
            models.Index(fields=["village", "phase"], name="cooperative_village_phase_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """A member of the board (pengurus) or the supervisors (pengawas) for a term."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="officials")
    name = models.CharField(_("nama"), max_length=150)
    nik = models.CharField(_("NIK"), max_length=16, validators=[nik_validator])
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    position = models.CharField(_("jabatan"), max_length=30, choices=Position.choices)
    village_office = models.CharField(
        _("jabatan di pemerintahan desa"), max_length=20, choices=VillageOffice.choices, blank=True
    )
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    term_start = models.DateField(_("mulai menjabat"), null=True, blank=True)
    term_end = models.DateField(_("akhir masa jabatan"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cooperative__village__code"
    scope_cooperative_field = "cooperative_id"

    class Meta:
        ordering = ["cooperative_id", "position", "name"]
        verbose_name = _("pengurus/pengawas")
        verbose_name_plural = _("pengurus/pengawas")
        indexes = [models.Index(fields=["cooperative", "position"], name="official_coop_position_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_position_display()})"


class BusinessUnit(models.Model):
    """A business line of the cooperative (gerai): planned, being built, operating or stopped."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="business_units")
    category = models.CharField(_("kategori"), max_length=30, choices=BusinessCategory.choices)
    name = models.CharField(_("nama gerai"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.RENCANA)
    since = models.DateField(_("sejak"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cooperative__village__code"
    scope_cooperative_field = "cooperative_id"

    class Meta:
        ordering = ["cooperative_id", "category"]
        verbose_name = _("unit usaha (gerai)")
        verbose_name_plural = _("unit usaha (gerai)")
        indexes = [models.Index(fields=["status", "category"], name="unit_status_category_idx")]

    def __str__(self) -> str:
        return self.name or self.get_category_display()


class Document(models.Model):
    """Evidence for the cooperative (berita acara, akta, SK...). Files live outside the web root and are served
    only through a scoped view; the sha256 proves the file was not changed after upload."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("judul"), max_length=200, blank=True)
    file = models.FileField(_("berkas"), upload_to="documents/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cooperative__village__code"
    scope_cooperative_field = "cooperative_id"

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")

    def __str__(self) -> str:
        return self.title or self.original_name
