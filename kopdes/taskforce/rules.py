"""The Satgas's rules as pure functions over plain values, so the pages, the API and the demo loader refuse the same
things with the same words."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from kopdes.core.scoping import code_covers
from kopdes.regions.choices import RegionLevel
from kopdes.taskforce.choices import AssigneeKind

# The unit a role-addressed decision fans out to: one item per kecamatan for the camat, per desa/kelurahan for the
# kepala desa and lurah.
UNIT_LEVEL = {AssigneeKind.CAMAT: RegionLevel.DISTRICT, AssigneeKind.KEPALA_DESA: RegionLevel.VILLAGE}
LEVEL_DEPTH = {RegionLevel.PROVINCE: 0, RegionLevel.REGENCY: 1, RegionLevel.DISTRICT: 2, RegionLevel.VILLAGE: 3}


def decision_errors(
    *,
    owner_code: str,
    source_date: datetime.date,
    due_date: datetime.date | None,
    assignee_kind: str,
    agency_region_code: str | None,
    assignee_code: str | None,
    assignee_level: str | None,
    subject_code: str | None,
    locked: bool,
    correction: bool,
) -> dict[str, str]:
    """Field → message for a decision that may not be recorded as given."""
    errors: dict[str, str] = {}
    if locked and not correction:
        errors["__all__"] = _(
            "Notulen rapat ini sudah ditandatangani: keputusannya terkunci. Catat koreksi sebagai keputusan baru "
            "yang merujuk keputusan lama."
        )
    if due_date is not None and due_date < source_date:
        errors["due_date"] = _("Tenggat tidak boleh sebelum tanggal rapat/surat (%(date)s).") % {
            "date": source_date.isoformat()
        }
    if assignee_kind == AssigneeKind.AGENCY:
        if agency_region_code is None:
            errors["assignee_agency"] = _("Pilih OPD yang ditugasi.")
        elif agency_region_code != owner_code:
            errors["assignee_agency"] = _("OPD ini bukan perangkat daerah %(code)s.") % {"code": owner_code}
    else:
        if assignee_code is None:
            errors["assignee_region"] = _("Pilih wilayah yang setiap camat/kepala desanya ditugasi.")
        elif not code_covers(owner_code, assignee_code):
            errors["assignee_region"] = _("Wilayah %(code)s di luar wilayah rapat/surat (%(owner)s).") % {
                "code": assignee_code,
                "owner": owner_code,
            }
        elif LEVEL_DEPTH.get(assignee_level, 9) > LEVEL_DEPTH[UNIT_LEVEL[assignee_kind]]:
            errors["assignee_region"] = _("Wilayah %(code)s lebih kecil dari unit yang ditugasi.") % {
                "code": assignee_code
            }
    if subject_code is not None and not code_covers(owner_code, subject_code):
        errors["subject_region"] = _("Wilayah atau koperasi yang dibahas di luar wilayah rapat/surat (%(owner)s).") % {
            "owner": owner_code
        }
    return errors


def item_scope_code(
    *, unit_code: str | None, subject_cooperative_code: str | None, subject_code: str | None, owner_code: str
) -> str:
    """The most specific region an item is about: who does it (a unit), else what it is about, else the regency."""
    return unit_code or subject_cooperative_code or subject_code or owner_code


def may_close(*, everything: bool, user_region_code: str | None, unit_code: str | None, owner_code: str) -> bool:
    """May this user close (or reopen) an item? The item's own official (the camat of its kecamatan, the kepala
    desa of its village) or the regency (a user whose region covers the item's owner, the regency, or above).
    A camat watches the villages of the kecamatan but does not close their items."""
    if everything:
        return True
    if not user_region_code:
        return False
    if unit_code is not None and user_region_code == unit_code:
        return True
    return code_covers(user_region_code, owner_code)
