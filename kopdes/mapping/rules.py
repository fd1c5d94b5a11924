"""The BUMDes overlap rule of DESIGN.md as a pure function, so that the rule can be tested over every case
without a database, and the page, the API, the decision service and the roll-ups all ask the same question.

    kelurahan                                   → boleh (no BUMDes; the cooperative leads)
    a unit of the category, aktif and berhasil  → tumpang_tindih (stay out or partner)
    a unit of the category, otherwise           → boleh_dengan_koordinasi (take over or partner, by agreement)
    no unit of the category                     → boleh
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from kopdes.core.choices import BusinessCategory
from kopdes.mapping.choices import BumdesPerformance, BumdesUnitStatus, Verdict
from kopdes.regions.choices import RegionKind


@dataclass(frozen=True)
class UnitFact:
    """What the rule needs to know about one BUMDes unit."""

    bumdes_name: str
    category: str
    status: str
    performance: str
    year: int | None = None
    unit_id: int | None = None


@dataclass(frozen=True)
class VerdictResult:
    verdict: str
    reason: str
    unit: UnitFact | None = None

    @property
    def is_overlap(self) -> bool:
        return self.verdict == Verdict.TUMPANG_TINDIH

    @property
    def label(self) -> str:
        return str(Verdict(self.verdict).label)


def is_established(unit: UnitFact) -> bool:
    """An active, successful unit: the BUMDes already does this well."""
    return unit.status == BumdesUnitStatus.AKTIF and unit.performance == BumdesPerformance.BERHASIL


def established_q(prefix: str = "") -> Q:
    """`is_established` for SQL: a filter on BumdesUnit rows, or through a relation with `prefix` ("units__")."""
    return Q(**{f"{prefix}status": BumdesUnitStatus.AKTIF, f"{prefix}performance": BumdesPerformance.BERHASIL})


def _category_label(category: str) -> str:
    try:
        return str(BusinessCategory(category).label).lower()
    except ValueError:
        return category


def _state(unit: UnitFact) -> str:
    status = str(BumdesUnitStatus(unit.status).label).lower()
    performance = str(BumdesPerformance(unit.performance).label).lower()
    if unit.year:
        return _("%(status)s dan %(performance)s pada %(year)s") % {
            "status": status,
            "performance": performance,
            "year": unit.year,
        }
    return _("%(status)s dan %(performance)s") % {"status": status, "performance": performance}


def overlap_verdict(*, village_kind: str, category: str, units: Iterable[UnitFact]) -> VerdictResult:
    """The verdict for the cooperative running `category` in a village of `village_kind` whose BUMDes has
    `units` (units of other categories are ignored), with the reason in words."""
    what = _category_label(category)
    if village_kind == RegionKind.KELURAHAN:
        return VerdictResult(
            Verdict.BOLEH,
            _("Kelurahan tidak memiliki BUMDes; koperasi memimpin usaha %(what)s.") % {"what": what},
        )
    same = [unit for unit in units if unit.category == category]
    established = [unit for unit in same if is_established(unit)]
    if established:
        unit = established[0]
        return VerdictResult(
            Verdict.TUMPANG_TINDIH,
            _("%(bumdes)s menjalankan %(what)s, %(state)s. Koperasi tidak masuk atau bermitra dengan BUMDes.")
            % {"bumdes": unit.bumdes_name, "what": what, "state": _state(unit)},
            unit,
        )
    if same:
        unit = same[0]
        return VerdictResult(
            Verdict.BOLEH_DENGAN_KOORDINASI,
            _(
                "%(bumdes)s menjalankan %(what)s, tetapi %(state)s. Koperasi boleh mengambil alih atau bermitra "
                "dengan kesepakatan tertulis."
            )
            % {"bumdes": unit.bumdes_name, "what": what, "state": _state(unit)},
            unit,
        )
    return VerdictResult(
        Verdict.BOLEH,
        _("Tidak ada unit BUMDes yang menjalankan %(what)s di desa ini.") % {"what": what},
    )
