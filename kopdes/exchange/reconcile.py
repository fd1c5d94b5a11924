"""Reconciliation against the database: each national unit's Kemendagri region, from the mapping table first (a
unit matched before, by name or by an officer, is found by its national ids), then by name
(`kopdes.exchange.matching`), level by level from the provinces down, each level only inside the regions its
parents were matched to.

Set-based: the stored units are read in chunks of keys, the candidate regions of a level in one query per chunk
of parents, and each parent's children are indexed once. Nothing here writes; the services decide what to store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple, Protocol

from kopdes.exchange.choices import MatchMethod, UnitStatus
from kopdes.exchange.matching import PROVINCE, ChildIndex, match_siblings
from kopdes.exchange.models import NationalUnit
from kopdes.regions.models import Region

LEVELS = ("province", "regency", "district", "village")
CHUNK = 5000


class Spec(Protocol):
    key: str
    level: str
    name: str
    parent_key: str | None


class StoredUnit(NamedTuple):
    id: int
    key: str
    level: str
    national_id: str
    name: str
    parent_id: int | None
    status: str
    method: str
    region_id: str | None
    score: Decimal | None
    candidates: list
    area_code: str


STORED_FIELDS = StoredUnit._fields


@dataclass(slots=True)
class UnitState:
    """What the mapping table should say about one unit after reconciliation. `via_id`: taken from the mapping
    table as it was (the import reports these as matched "by id")."""

    status: str
    method: str = ""
    region_code: str | None = None
    score: float | None = None
    candidates: list = field(default_factory=list)
    area_code: str = ""
    via_id: bool = False

    @property
    def matched(self) -> bool:
        return self.status == UnitStatus.MATCHED

    def fields(self) -> dict:
        return {
            "status": self.status,
            "method": self.method,
            "region_id": self.region_code,
            "score": None if self.score is None else Decimal(str(self.score)).quantize(Decimal("0.1")),
            "candidates": self.candidates,
            "area_code": self.area_code,
        }


def load_stored(keys: Iterable[str]) -> dict[str, StoredUnit]:
    """The mapping table's rows for these keys (chunked: a whole-country file names some 91,000 units)."""
    keys = list(keys)
    stored: dict[str, StoredUnit] = {}
    for start in range(0, len(keys), CHUNK):
        for row in NationalUnit.objects.filter(key__in=keys[start : start + CHUNK]).values_list(*STORED_FIELDS):
            stored[row[1]] = StoredUnit(*row)
    return stored


def _fits(region_code: str, level: str, parent_region: str | None) -> bool:
    if level == PROVINCE:
        return "." not in region_code
    return parent_region is not None and region_code.startswith(f"{parent_region}.")


def _children(level: str, parent_codes: set[str]) -> dict[str | None, list[tuple[str, str]]]:
    """Candidate regions of `level` under each parent code (all provinces under None)."""
    children: dict[str | None, list[tuple[str, str]]] = defaultdict(list)
    if level == PROVINCE:
        children[None] = list(Region.objects.filter(level=PROVINCE).values_list("code", "name"))
        return children
    codes = sorted(parent_codes)
    for start in range(0, len(codes), CHUNK):
        for code, name, parent in Region.objects.filter(
            level=level, parent_id__in=codes[start : start + CHUNK]
        ).values_list("code", "name", "parent_id"):
            children[parent].append((code, name))
    return children


def reconcile(
    specs: Iterable[Spec], stored: dict[str, StoredUnit], *, fixed: dict[str, UnitState] | None = None
) -> dict[str, UnitState]:
    """The state of every unit in `specs` (any levels; parents are looked up in `specs` or in `fixed`).

    A stored manual decision is kept as it is. A stored match is kept while its region still lies under the
    region its parent is matched to now; anything else is matched again by name."""
    states: dict[str, UnitState] = dict(fixed or {})
    by_level: dict[str, list[Spec]] = defaultdict(list)
    for spec in specs:
        by_level[spec.level].append(spec)
    for level in LEVELS:
        pending: dict[str | None, list[Spec]] = defaultdict(list)
        taken: dict[str | None, set[str]] = defaultdict(set)
        for spec in by_level.get(level, ()):
            parent = states.get(spec.parent_key) if spec.parent_key else None
            parent_region = parent.region_code if parent is not None and parent.matched else None
            parent_area = parent.area_code if parent is not None else ""
            known = stored.get(spec.key)
            if known is not None and known.method == MatchMethod.MANUAL:
                states[spec.key] = UnitState(
                    status=known.status,
                    method=MatchMethod.MANUAL,
                    region_code=known.region_id,
                    candidates=known.candidates,
                    area_code=known.region_id or parent_area,
                    via_id=True,
                )
                if known.region_id:
                    taken[spec.parent_key].add(known.region_id)
                continue
            if (
                known is not None
                and known.status == UnitStatus.MATCHED
                and known.region_id
                and _fits(known.region_id, level, parent_region)
            ):
                states[spec.key] = UnitState(
                    status=UnitStatus.MATCHED,
                    method=known.method,
                    region_code=known.region_id,
                    score=None if known.score is None else float(known.score),
                    candidates=known.candidates,
                    area_code=known.region_id,
                    via_id=True,
                )
                taken[spec.parent_key].add(known.region_id)
                continue
            pending[spec.parent_key].append(spec)
        if not pending:
            continue

        def parent_region_of(parent_key: str | None) -> str | None:
            parent = states.get(parent_key) if parent_key else None
            return parent.region_code if parent is not None and parent.matched else None

        parent_codes = {code for code in map(parent_region_of, pending) if code}
        children = _children(level, parent_codes)
        # Parents are visited grouped by region, and each region's index is dropped once used (the whole
        # country's villages would otherwise stay indexed at once).
        order = sorted(pending, key=lambda key: parent_region_of(key) or "")
        index: ChildIndex | None = None
        indexed_region: str | None = "-"
        for parent_key in order:
            group = pending.pop(parent_key)
            parent = states.get(parent_key) if parent_key else None
            parent_area = parent.area_code if parent is not None else ""
            region = parent_region_of(parent_key)
            if level != PROVINCE and region is None:
                current = None
            else:
                if region != indexed_region:
                    index, indexed_region = ChildIndex(level, children.get(region, ())), region
                current = index
            outcomes = match_siblings(current, [spec.name for spec in group], taken=taken[parent_key])
            for spec, outcome in zip(group, outcomes, strict=True):
                states[spec.key] = UnitState(
                    status=outcome.status,
                    method=outcome.method,
                    region_code=outcome.code,
                    score=outcome.score,
                    candidates=outcome.candidates if outcome.method != MatchMethod.EXACT else [],
                    area_code=outcome.code or parent_area,
                )
        del children, index
    return states
