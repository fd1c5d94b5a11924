"""Progress roll-ups: SQL aggregates over region-code prefixes, computed at request time (STYLE.md rule 5)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from kopdes.cooperatives.models import Cooperative
from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped
from kopdes.formation.choices import PHASE_BY_KEY, PHASE_KEYS
from kopdes.formation.models import Milestone, Target
from kopdes.regions.choices import CHILD_LEVEL, CODE_LENGTH, NATIONAL_CODE, RegionKind, RegionLevel
from kopdes.regions.models import Region


def _empty_summary() -> dict:
    return {
        "villages": {"total": 0, "desa": 0, "kelurahan": 0},
        "cooperatives": 0,
        "phases": dict.fromkeys(PHASE_KEYS, 0),
    }


def _grouped_counts(code: str, group_length: int | None) -> dict[str, dict]:
    """Village and cooperative counts under `code`, grouped by the first `group_length` characters of the code
    (one bucket "" when group_length is None). Two GROUP BY queries in all, whatever the size of the region."""
    buckets: dict[str, dict] = {}

    villages = Region.objects.filter(code_prefix_q("code", code), level=RegionLevel.VILLAGE)
    village_aggregates = {
        "total": Count("code"),
        "desa": Count("code", filter=Q(kind=RegionKind.DESA)),
        "kelurahan": Count("code", filter=Q(kind=RegionKind.KELURAHAN)),
    }
    if group_length:
        rows = villages.annotate(g=Substr("code", 1, group_length)).values("g").annotate(**village_aggregates)
    else:
        rows = [{"g": "", **villages.aggregate(**village_aggregates)}]
    for row in rows:
        summary = buckets.setdefault(row["g"], _empty_summary())
        summary["villages"] = {"total": row["total"], "desa": row["desa"], "kelurahan": row["kelurahan"]}

    cooperatives = Cooperative.objects.filter(code_prefix_q("village__code", code))
    coop_aggregates = {"n": Count("id")} | {
        key: Count("id", filter=Q(phase__gte=number)) for key, number in PHASE_BY_KEY.items()
    }
    if group_length:
        rows = cooperatives.annotate(g=Substr("village_id", 1, group_length)).values("g").annotate(**coop_aggregates)
    else:
        rows = [{"g": "", **cooperatives.aggregate(**coop_aggregates)}]
    for row in rows:
        summary = buckets.setdefault(row["g"], _empty_summary())
        summary["cooperatives"] = row["n"]
        summary["phases"] = {key: row[key] for key in PHASE_KEYS}
    return buckets


def _add(total: dict, part: dict) -> None:
    for key in ("total", "desa", "kelurahan"):
        total["villages"][key] += part["villages"][key]
    total["cooperatives"] += part["cooperatives"]
    for key in PHASE_KEYS:
        total["phases"][key] += part["phases"][key]


def _region_header(region: Region | None) -> dict:
    if region is None:
        return {"code": NATIONAL_CODE, "name": "Indonesia", "level": "country"}
    return {"code": region.code, "name": region.name, "level": region.level}


def _pct(part: int | Decimal, whole: int | Decimal) -> float:
    if not whole:
        return 0.0
    value = Decimal(part) * 100 / Decimal(whole)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def target_attainment(target: Target, summary: dict) -> dict:
    """How far a region is towards one target, from the same summary the dashboard shows."""
    achieved = summary["phases"][target.phase]
    if target.count is not None:
        goal = target.count
    else:
        goal = int((Decimal(summary["villages"]["total"]) * target.percent / 100).to_integral_value(ROUND_HALF_UP))
    expected = None
    if target.expected_pct is not None:
        expected = int((Decimal(goal) * target.expected_pct / 100).to_integral_value(ROUND_HALF_UP))
    return {
        "id": target.pk,
        "region": target.region_id,
        "phase": target.phase,
        "due_date": target.due_date.isoformat(),
        "target": goal,
        "achieved": achieved,
        "attainment_pct": _pct(achieved, goal),
        "expected_pct": float(target.expected_pct) if target.expected_pct is not None else None,
        "expected": expected,
        "on_track": (achieved >= expected) if expected is not None else achieved >= goal,
    }


def progress_summary(*, region: ScopedRegion) -> dict:
    """The spine of the progress document for a checked region (or the whole country): the region, its village
    and cooperative counts by phase, and the same per child region. Two GROUP BY queries and the children's names.
    Registered as the "phases" progress block (apps.py); other apps add their keys beside it."""
    region = ensure_scoped(region).region
    code = region.code if region else ""
    level = region.level if region else None
    child_level = CHILD_LEVEL[level]
    child_length = CODE_LENGTH[child_level] if child_level else None

    buckets = _grouped_counts(code, child_length)
    total = _empty_summary()
    for part in buckets.values():
        _add(total, part)

    children = []
    if child_level:
        child_regions = Region.objects.filter(level=child_level).filter(
            Q(parent_id=code) if code else Q(parent__isnull=True)
        )
        for child in child_regions.only("code", "name", "level"):
            summary = buckets.get(child.code, _empty_summary())
            children.append({"region": _region_header(child), **summary})

    return {"region": _region_header(region), **total, "children": children}


def region_targets(*, region: ScopedRegion, summary: dict) -> list[dict]:
    """The "targets" progress block: the targets set for exactly this region, with their attainment against the
    phase totals of `summary` (the document's spine, already computed)."""
    code = ensure_scoped(region).code
    if not code:
        return []
    targets = Target.objects.filter(region_id=code).order_by("due_date", "phase")
    return [target_attainment(target, summary) for target in targets]


def milestone_list(*, user, cooperative: Cooperative) -> QuerySet[Milestone]:
    return (
        Milestone.objects.for_user(user)
        .filter(cooperative=cooperative)
        .select_related("document", "recorded_by", "verified_by")
        .order_by("date", "id")
    )


def target_list(*, user, region_code: str = "") -> QuerySet[Target]:
    queryset = Target.objects.for_user(user).select_related("region")
    if region_code:
        queryset = queryset.filter(code_prefix_q("region__code", region_code))
    return queryset


def target_list_with_attainment(*, user, region_code: str = "") -> list[dict]:
    """The targets in the user's scope (under `region_code` if given), each as {"target", "attainment"}: the
    target page and the API list both read this. Ordered by region, due date and phase."""
    targets = target_list(user=user, region_code=region_code).order_by("region_id", "due_date", "phase")
    return targets_with_attainment(list(targets))


def targets_with_attainment(targets: list[Target]) -> list[dict]:
    """Each target with its attainment, counted for all their regions in one grouped query whatever the number of
    targets or regions. The numbers are those of the region's progress document (`target_attainment` over the
    same village total and phase counts)."""
    summaries = _target_region_counts({t.region_id for t in targets})
    return [{"target": t, "attainment": target_attainment(t, summaries[t.region_id])} for t in targets]


def _target_region_counts(codes: set[str]) -> dict[str, dict]:
    """Region code → its village total and its cooperatives by phase, for regions at any levels, in one query.

    Villages LEFT JOIN their cooperative (at most one each), grouped by the code's first characters: codes of one
    level have one length, so that prefix names the village's region at that level. One grouped SELECT per level
    present, joined by UNION ALL; nested regions (a province and its regency) are each counted in their own part."""
    summaries = {code: _empty_summary() for code in codes}
    if not codes:
        return summaries
    by_length: dict[int, list[str]] = {}
    for code in sorted(codes):
        by_length.setdefault(len(code), []).append(code)
    # All the codes share this region (often the user's own): an indexed range instead of the whole country.
    villages = Region.objects.filter(code_prefix_q("code", _common_region(codes)), level=RegionLevel.VILLAGE)
    counts = {"total": Count("code")} | {
        key: Count("cooperatives", filter=Q(cooperatives__phase__gte=number)) for key, number in PHASE_BY_KEY.items()
    }
    parts = [
        villages.annotate(g=Substr("code", 1, length)).filter(g__in=group).values("g").annotate(**counts).order_by()
        for length, group in by_length.items()
    ]
    for row in parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]:
        summaries[row["g"]]["villages"]["total"] = row["total"]
        summaries[row["g"]]["phases"] = {key: row[key] for key in PHASE_KEYS}
    return summaries


def _common_region(codes: set[str]) -> str:
    """The deepest region containing every code ("" = the whole country)."""
    parts = [code.split(".") for code in codes]
    common: list[str] = []
    for level in zip(*parts, strict=False):
        if len(set(level)) > 1:
            break
        common.append(level[0])
    return ".".join(common)
