from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kopdes.core.registry import importer_label
from kopdes.core.scoping import ScopedQuerySet, ScopeKind


class ImportRecord(models.Model):
    """One import of a file: who, when, which file (name and sha256) and what it changed. The changes themselves
    carry `Impor #<id>` as their history change reason, so a record's history says which import made it.

    `kind` is a plain string: the key of an importer an app registers (`kopdes.core.registry.importers`), so a new
    importer needs no migration here. Visible in the region it was run for (`scope_code`) and always to the user who
    ran it."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Diterapkan")
        REFUSED = "refused", _("Ditolak (ada kesalahan)")
        DRY_RUN = "dry_run", _("Uji coba (tidak disimpan)")

    kind = models.CharField(_("jenis"), max_length=30)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    scope_code = models.CharField(_("cakupan"), max_length=13, blank=True)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "scope_code"
    scope_owner_field = "user"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor")
        verbose_name_plural = _("impor")

    def __str__(self) -> str:
        return f"Impor #{self.pk} {self.file_name}"

    def get_kind_display(self) -> str:
        return str(importer_label(self.kind))

    @property
    def change_reason(self) -> str:
        return f"Impor #{self.pk}: {self.file_name}"[:100]


class ExportJob(models.Model):
    """A list export too large to build during a request: queued, written by a background task with its progress,
    then kept for download by the person who asked for it and nobody else (`scope_kind` owner). Any registered list
    (`registry.list_exporters`) can use it; the job keeps the list's filters (`params`), never its rows, so the file
    holds exactly what the user could see when it is written. The file lives under MEDIA_ROOT, outside the web
    root, and is served only through the owner's view."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu giliran")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("daftar"), max_length=30)
    params = models.JSONField(_("saringan"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=4)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(_("berkas"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("kesalahan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_kind = ScopeKind.OWNER
    scope_owner_field = "user"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ekspor")
        verbose_name_plural = _("ekspor")
        indexes = [models.Index(fields=["user", "status"], name="core_exportjob_user_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=["xlsx", "csv"]),
                name="core_exportjob_format",
                violation_error_message=_("Format ekspor harus xlsx atau csv."),
            )
        ]

    def __str__(self) -> str:
        return f"Ekspor #{self.pk} ({self.format})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
