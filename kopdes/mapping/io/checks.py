"""What the potentials and BUMDes imports check alike in a row: its village and its business category."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kopdes.core.choices import BusinessCategory
from kopdes.core.importing import RowCheck
from kopdes.core.tabular import cell_text
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region

CATEGORY_BY_TEXT = {
    **{key: key for key in BusinessCategory.values},
    **{str(label).lower(): key for key, label in BusinessCategory.choices},
}


def parse_category(value) -> str | None:
    """A business category from its key or its label, in any case."""
    text = cell_text(value).lower()
    return CATEGORY_BY_TEXT.get(text.replace(" ", "_")) or CATEGORY_BY_TEXT.get(text)


def unknown_category(row: RowCheck, value: str) -> None:
    row.err(
        "kategori",
        _("Kategori %(value)s tidak dikenal. Pilih salah satu dari: %(keys)s.")
        % {"value": value, "keys": ", ".join(BusinessCategory.values)},
    )


def check_village(row: RowCheck, code: str, region: Region | None, in_scope) -> bool:
    """A known desa/kelurahan inside the user's scope; else the row's error for kode_wilayah."""
    if not code:
        row.err("kode_wilayah", _("Kode wilayah wajib diisi."))
    elif region is None:
        row.err("kode_wilayah", _("Kode wilayah %(code)s tidak dikenal.") % {"code": code})
    elif region.level != RegionLevel.VILLAGE:
        row.err("kode_wilayah", _("%(code)s bukan kode desa/kelurahan.") % {"code": code})
    elif not in_scope(code):
        row.err("kode_wilayah", _("%(code)s di luar wilayah Anda.") % {"code": code})
    else:
        return True
    return False
