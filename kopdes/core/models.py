from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kopdes.core.registry import importer_label
from kopdes.core.scoping import ScopedQuerySet


class ImportRecord(models.Model):
    """One import of a file: who, when, which file (name and sha256) and what it changed. The changes themselves
    carry `Impor #<id>` as their history change reason, so a record's history says which import made it.

    `kind` is a plain string each importing app registers (`kopdes.core.registry.importer_kinds`), so a new importer
    needs no migration here. Visible in the region it was run for (`scope_code`) and always to the user who ran it."""

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
