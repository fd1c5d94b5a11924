from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten/Kota")
    DISTRICT = "district", _("Kecamatan")
    VILLAGE = "village", _("Desa/Kelurahan")


class RegionKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")


# Number of characters of a code at each level: "64", "64.02", "64.02.05", "64.02.05.2003".
CODE_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.REGENCY: 5,
    RegionLevel.DISTRICT: 8,
    RegionLevel.VILLAGE: 13,
}
LEVEL_BY_DOTS = [RegionLevel.PROVINCE, RegionLevel.REGENCY, RegionLevel.DISTRICT, RegionLevel.VILLAGE]
CHILD_LEVEL = {
    None: RegionLevel.PROVINCE,
    RegionLevel.PROVINCE: RegionLevel.REGENCY,
    RegionLevel.REGENCY: RegionLevel.DISTRICT,
    RegionLevel.DISTRICT: RegionLevel.VILLAGE,
    RegionLevel.VILLAGE: None,
}
NATIONAL_CODE = "ID"


class LocationStatus(models.TextChoices):
    """How a recorded location (a cooperative's, a gerai's, a field visit's GPS) relates to its village polygon."""

    INSIDE = "inside", _("Di dalam wilayah")
    NEAR = "near", _("Dekat batas wilayah")
    OUTSIDE = "outside", _("Di luar wilayah")
    PLACEHOLDER = "placeholder", _("Koordinat pengganti")
    NO_BOUNDARY = "no_boundary", _("Batas belum dimuat")
