"""Rules of the registry as pure functions, written once for the services, the import, the demo and the bench:
the kind of cooperative a village gets, what an operating gerai must say, and the governance rules of the Juklak
Menkop 1/2025 over a board (shown as warnings that name the failed rule, and counted on the cooperative for list
filters)."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kopdes.cooperatives.choices import (
    PENGAWAS_POSITIONS,
    PENGURUS_POSITIONS,
    CooperativeKind,
    Position,
    UnitStatus,
    VillageOffice,
)
from kopdes.regions.choices import RegionKind


def cooperative_kind_for(village_kind: str) -> CooperativeKind:
    """A kelurahan gets a Koperasi Kelurahan Merah Putih (KKMP), a desa a Koperasi Desa Merah Putih (KDMP)."""
    return CooperativeKind.KKMP if village_kind == RegionKind.KELURAHAN else CooperativeKind.KDMP


def business_unit_errors(*, status: str, since: datetime.date | None) -> dict[str, str]:
    """Field errors of a gerai's status: an operating gerai says since when, because the phase "beroperasi" and
    the reports count from that date. Checked on create and on update alike."""
    if status == UnitStatus.BEROPERASI and since is None:
        return {"since": _("Isi tanggal mulai beroperasi.")}
    return {}


REQUIRED_PENGURUS = (
    Position.KETUA,
    Position.WAKIL_KETUA_USAHA,
    Position.WAKIL_KETUA_ANGGOTA,
    Position.SEKRETARIS,
    Position.BENDAHARA,
)


@dataclass(frozen=True)
class GovernanceWarning:
    rule: str
    message: str


def governance_warnings(officials) -> list[GovernanceWarning]:
    """Warnings for a cooperative's current officials (an iterable of objects with position, nik, village_office)."""
    officials = list(officials)
    pengurus = [o for o in officials if o.position in PENGURUS_POSITIONS]
    pengawas = [o for o in officials if o.position in PENGAWAS_POSITIONS]
    warnings: list[GovernanceWarning] = []

    if len(pengurus) < 5 or len(pengurus) % 2 == 0:
        warnings.append(
            GovernanceWarning(
                "pengurus_ganjil_min_5",
                _("Pengurus harus berjumlah ganjil dan paling sedikit 5 orang (sekarang %(n)d).")
                % {"n": len(pengurus)},
            )
        )
    held = {o.position for o in pengurus}
    missing = [str(Position(p).label) for p in REQUIRED_PENGURUS if p not in held]
    if missing:
        warnings.append(
            GovernanceWarning(
                "pengurus_jabatan_wajib",
                _("Jabatan pengurus wajib belum terisi: %(missing)s.") % {"missing": ", ".join(missing)},
            )
        )
    if len(pengawas) < 3 or len(pengawas) % 2 == 0:
        warnings.append(
            GovernanceWarning(
                "pengawas_ganjil_min_3",
                _("Pengawas harus berjumlah ganjil dan paling sedikit 3 orang (sekarang %(n)d).")
                % {"n": len(pengawas)},
            )
        )
    ketua_pengawas = [o for o in pengawas if o.position == Position.PENGAWAS_KETUA]
    if not any(o.village_office == VillageOffice.KEPALA_DESA for o in ketua_pengawas):
        warnings.append(
            GovernanceWarning(
                "ketua_pengawas_kades",
                _("Kepala desa/lurah karena jabatannya (ex officio) adalah ketua pengawas; belum tercatat."),
            )
        )
    duplicated = sorted(nik for nik, n in Counter(o.nik for o in officials).items() if n > 1)
    if duplicated:
        warnings.append(
            GovernanceWarning(
                "nik_sekali",
                _("NIK yang sama tercatat lebih dari sekali di pengurus/pengawas (%(n)d NIK).")
                % {"n": len(duplicated)},
            )
        )
    leaders = [o for o in pengurus if o.village_office]
    if leaders:
        warnings.append(
            GovernanceWarning(
                "pengurus_bukan_pemdes",
                _("Pengurus tidak boleh dari unsur pemerintahan desa: %(names)s.")
                % {"names": ", ".join(o.name for o in leaders)},
            )
        )
    return warnings


def mask_nik(nik: str) -> str:
    """6402********0001: the region part and the last four digits are enough to tell people apart on a list."""
    if not nik or len(nik) < 8:
        return "*" * len(nik or "")
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
