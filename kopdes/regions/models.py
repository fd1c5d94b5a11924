import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from kopdes.core.scoping import ScopedQuerySet
from kopdes.regions.choices import LEVEL_BY_DOTS, RegionKind, RegionLevel

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_KIND_PREFIX = re.compile(r"^(kabupaten|kota) ")


def search_key(text: str) -> str:
    """A name as the region search compares it: lower case, runs of anything but letters and digits as one space,
    without a leading "kabupaten"/"kota" ("Kabupaten Kutai Kartanegara" → "kutai kartanegara", "Rapak-Lambur" →
    "rapak lambur"), so that what people type is a prefix the index can answer. PostgreSQL computes the same in the
    loader's MERGE (`SEARCH_KEY_SQL`)."""
    return _KIND_PREFIX.sub("", _NOT_ALNUM.sub(" ", (text or "").lower()).strip())


# The same normalisation in SQL, for the PostgreSQL loader and the migrations' backfill.
SEARCH_KEY_SQL = (
    "regexp_replace(trim(regexp_replace(lower({column}), '[^0-9a-z]+', ' ', 'g')), '^(kabupaten|kota) ', '')"
)


class Region(models.Model):
    """A Kemendagri administrative unit. The code is the key: "everything under Kukar" is a prefix match on
    "64.02." (indexed with a pattern index on PostgreSQL), so roll-ups never walk the tree."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=10, choices=RegionLevel.choices)
    kind = models.CharField(_("jenis"), max_length=10, choices=RegionKind.choices, blank=True)
    # The name as the search compares it (`search_key`), kept by the loader: an indexed prefix search, no LOWER()
    # per row.
    search_name = models.CharField(_("nama untuk pencarian"), max_length=120, blank=True, editable=False)
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
            models.Index(fields=["search_name"], name="region_search_name_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name)
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        """The name as a heading says it: "Kecamatan Tenggarong", "Desa Rapak Lambur", but "Kabupaten Kutai
        Kartanegara" (regency names carry their kind already)."""
        prefix = {
            RegionLevel.PROVINCE: _("Provinsi"),
            RegionLevel.DISTRICT: _("Kecamatan"),
            RegionLevel.VILLAGE: RegionKind(self.kind).label if self.kind else "",
        }.get(self.level, "")
        return f"{prefix} {self.name}" if prefix else self.name

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


class Boundary(models.Model):
    """The polygon of one region (display quality, from data/boundaries or a regency's own GeoJSON), keyed by its
    Kemendagri code. `geometry` is the loaded GeoJSON geometry (what locations are checked against); `display` is
    the same simplified for a map of its parent's children and rounded to the precision a screen needs. The map of
    one region's children is one indexed query on `parent_code` (the country's provinces: parent_code "")."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, primary_key=True, related_name="boundary", verbose_name=_("wilayah")
    )
    level = models.CharField(_("tingkat"), max_length=10, choices=RegionLevel.choices)
    parent_code = models.CharField(_("kode induk"), max_length=13, blank=True)
    geometry = models.TextField(_("geometri (GeoJSON)"))
    display = models.TextField(_("geometri peta (GeoJSON, disederhanakan)"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("dimuat"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region_id"

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("batas wilayah")
        verbose_name_plural = _("batas wilayah")
        indexes = [models.Index(fields=["parent_code", "region"], name="boundary_parent_idx")]

    def __str__(self) -> str:
        return self.region_id
