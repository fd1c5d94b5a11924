from django.db import models
from django.utils.translation import gettext_lazy as _

from kopdes.core.scoping import ScopedQuerySet
from kopdes.regions.choices import LEVEL_BY_DOTS, RegionKind, RegionLevel


class Region(models.Model):
    """A Kemendagri administrative unit. The code is the key: "everything under Kukar" is a prefix match on
    "64.02." (indexed with a pattern index on PostgreSQL), so roll-ups never walk the tree."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=10, choices=RegionLevel.choices)
    kind = models.CharField(_("jenis"), max_length=10, choices=RegionKind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "code"

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [
            models.Index(fields=["level", "code"], name="region_level_code_idx"),
            models.Index(fields=["parent"], name="region_parent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @staticmethod
    def level_of(code: str) -> str:
        return LEVEL_BY_DOTS[code.count(".")]

    @staticmethod
    def kind_of(code: str, name: str) -> str:
        """Village kind from the code (4-digit part starting 1 = kelurahan, 2 = desa); regency kind from its name."""
        level = Region.level_of(code)
        if level == RegionLevel.VILLAGE:
            return RegionKind.KELURAHAN if code.rsplit(".", 1)[1].startswith("1") else RegionKind.DESA
        if level == RegionLevel.REGENCY:
            return RegionKind.KOTA if name.lower().startswith("kota") else RegionKind.KABUPATEN
        return ""

    @property
    def ancestors_codes(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]
