from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kopdes.core.scoping import ScopedQuerySet


class NikView(models.Model):
    """One display of a full NIK (UU PDP 27/2022): who saw whose NIK, when, where (page, API or export). The NIK
    itself is not kept here, only the masked form, so the log is not a second copy of the personal data. Rows are
    written by the `kopdes.privacy.nik` logger (kopdes/operations/privacy.py), which every screen, API and export
    that shows a whole NIK calls; visible to the regency admin of the village's region."""

    class Where(models.TextChoices):
        PAGE = "page", _("Halaman")
        API = "api", _("API")
        EXPORT = "export", _("Ekspor berkas")

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    viewer_name = models.CharField(_("dilihat oleh"), max_length=150)
    viewed_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    subject_kind = models.CharField(_("jenis data"), max_length=20)
    subject_id = models.PositiveBigIntegerField(_("id data"))
    subject_label = models.CharField(_("pemilik NIK"), max_length=200)
    nik_masked = models.CharField(_("NIK (disamarkan)"), max_length=20)
    cooperative_id = models.PositiveBigIntegerField(null=True, blank=True)
    village_code = models.CharField(_("kode desa"), max_length=13, blank=True, db_index=True)
    where = models.CharField(_("tempat"), max_length=10, choices=Where.choices)
    path = models.CharField(_("alamat"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "village_code"

    class Meta:
        ordering = ["-viewed_at", "-id"]
        verbose_name = _("tampilan NIK lengkap")
        verbose_name_plural = _("tampilan NIK lengkap")
        indexes = [models.Index(fields=["village_code", "-viewed_at"], name="operations_nikview_village")]

    def __str__(self) -> str:
        return f"{self.viewer_name} → {self.subject_label} ({self.viewed_at:%Y-%m-%d %H:%M})"
