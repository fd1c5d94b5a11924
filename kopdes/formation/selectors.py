"""Progress roll-ups: SQL aggregates over region-code prefixes, computed at request time (STYLE.md rule 5)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from kopdes.cooperatives.choices import Position, UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Official
from kopdes.core import registry
from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped
from kopdes.formation.choices import (
    DOCUMENT_REQUIRED_TO_VERIFY,
    LEGAL_COMPLETE_KINDS,
    PHASE_BY_KEY,
    PHASE_KEYS,
    MilestoneKind,
    MilestoneStatus,
    Phase,
)
from kopdes.formation.models import Milestone, Target
from kopdes.formation.rules import GERAI, next_steps
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


# ---------------------------------------------------------------------------------------------------------------
# Progress as it stood on a past day, and its trend over time.
#
# A milestone counts from its `date` until the day it was rejected (`rejected_on`; never, if it was not). A phase
# is reached while every milestone it needs counts, so each cooperative's phase k holds over one interval
# [start_k, end_k): start = the latest date among the milestones it needs, end = the earliest rejection among them.
# Both the snapshot of one day and the monthly trend read these intervals from one SQL statement, so they agree.
# Milestones without a date (known from an import, day unknown) cannot be placed in time and do not count; the
# operating phase counts from the "mulai beroperasi" milestone (today's phase asks for an operating gerai instead).

OPEN_END = datetime.date(9999, 12, 31)  # an interval that has not ended (the milestone was never rejected)

# The milestones each phase needs, on top of those of the phases below (sosialisasi is "either of the two").
_PHASE_NEEDS: dict[int, tuple[str, ...]] = {
    2: (MilestoneKind.MUSDESUS,),
    3: (MilestoneKind.MUSDESUS, MilestoneKind.AKTA),
    4: (MilestoneKind.MUSDESUS, MilestoneKind.AKTA, MilestoneKind.BADAN_HUKUM),
}
_PHASE_NEEDS[5] = (*_PHASE_NEEDS[4], *sorted(LEGAL_COMPLETE_KINDS))
_PHASE_NEEDS[6] = (*_PHASE_NEEDS[5], MilestoneKind.OPERASIONAL)


def _greatest(values: list[str]) -> str:
    if len(values) == 1:  # one-argument MAX is SQLite's aggregate
        return values[0]
    return f"{'GREATEST' if connection.vendor == 'postgresql' else 'MAX'}({', '.join(values)})"


def _least(values: list[str]) -> str:
    if len(values) == 1:
        return values[0]
    return f"{'LEAST' if connection.vendor == 'postgresql' else 'MIN'}({', '.join(values)})"


def _phase_intervals_sql(code: str, group_length: int | None) -> tuple[str, dict]:
    """SELECT g, start_1, end_1, …, start_6, end_6: one row per cooperative under `code` ("" = the whole
    country), g = the first `group_length` characters of its village code ("" without grouping). Starts are NULL
    where the phase was never reached; ends are OPEN_END while it still holds."""
    cooperative = Cooperative._meta.db_table
    milestone = Milestone._meta.db_table
    kinds = [MilestoneKind.SOSIALISASI, *dict.fromkeys(k for needs in _PHASE_NEEDS.values() for k in needs)]
    per_kind = []
    for kind in kinds:
        per_kind.append(f"MAX(CASE WHEN m.kind = '{kind}' THEN m.date END) AS s_{kind}")
        per_kind.append(
            f"MAX(CASE WHEN m.kind = '{kind}' AND m.date IS NOT NULL THEN "
            f"(CASE WHEN m.status = '{MilestoneStatus.REJECTED}' THEN COALESCE(m.rejected_on, m.date) "
            f"ELSE %(open_end)s END) END) AS e_{kind}"
        )
    sos, mus = MilestoneKind.SOSIALISASI, MilestoneKind.MUSDESUS
    phases = [
        # Sosialisasi: either milestone; the first start, the last end (an approximation only when both were
        # rejected at different times).
        f"{_least([f'COALESCE(s_{sos}, s_{mus})', f'COALESCE(s_{mus}, s_{sos})'])} AS start_1",
        f"{_greatest([f'COALESCE(e_{sos}, e_{mus})', f'COALESCE(e_{mus}, e_{sos})'])} AS end_1",
    ]
    for number, needs in _PHASE_NEEDS.items():
        missing = " OR ".join(f"s_{kind} IS NULL" for kind in needs)
        phases.append(
            f"CASE WHEN {missing} THEN NULL ELSE {_greatest([f's_{k}' for k in needs])} END AS start_{number}"
        )
        phases.append(f"CASE WHEN {missing} THEN NULL ELSE {_least([f'e_{k}' for k in needs])} END AS end_{number}")
    params = {"open_end": OPEN_END, "n": group_length or 0}
    # Read from the milestones (a cooperative without any has no phase to count), joined to the cooperative only
    # when its village code is needed: for the region's prefix or for the child buckets.
    source, where, group_by = f"{milestone} m", "", "m.cooperative_id"
    if (code and code != NATIONAL_CODE) or group_length:
        source = f"{milestone} m JOIN {cooperative} c ON c.id = m.cooperative_id"
        group_by = "m.cooperative_id, c.village_id"
    if code and code != NATIONAL_CODE:
        where = "WHERE (c.village_id = %(code)s OR c.village_id LIKE %(prefix)s)"
        params |= {"code": code, "prefix": f"{code}.%"}
    group = "substr(c.village_id, 1, %(n)s)" if group_length else "''"
    # Only names and constants of this module are formatted in; every value is a parameter.
    sql = f"""
        SELECT g, {", ".join(phases)} FROM (
            SELECT {group} AS g, {", ".join(per_kind)}
            FROM {source}
            {where}
            GROUP BY {group_by}
        ) k"""  # noqa: S608
    return sql, params


def _phase_counts_on(code: str, group_length: int | None, day: datetime.date) -> dict[str, dict]:
    """bucket → {"cooperatives": begun by `day`, "phases": {key: count}} as the phases stood at the end of `day`."""
    intervals, params = _phase_intervals_sql(code, group_length)
    held = [f"SUM(CASE WHEN start_{n} <= %(day)s AND end_{n} > %(day)s THEN 1 ELSE 0 END)" for n in range(1, 7)]
    sql = f"SELECT g, {', '.join(held)} FROM ({intervals}) p GROUP BY g"  # noqa: S608 (no value formatted in)
    with connection.cursor() as cursor:
        cursor.execute(sql, params | {"day": day})
        rows = cursor.fetchall()
    buckets = {}
    for g, *counts in rows:
        phases = {key: int(counts[number - 1] or 0) for key, number in PHASE_BY_KEY.items()}
        buckets[g] = {"cooperatives": phases[PHASE_KEYS[0]], "phases": phases}
    return buckets


def progress_summary_as_of(*, region: ScopedRegion, as_of: datetime.date) -> dict:
    """`progress_summary` as it stood at the end of `as_of`: the same shape, the phases from the milestones' dates
    and rejections (see above). `cooperatives` counts the cooperatives that had begun (a counted step) by then.
    Village counts are today's (the Kemendagri list is not versioned). One GROUP BY over the cooperatives."""
    checked = ensure_scoped(region)
    code, level = checked.code, checked.level
    child_level = CHILD_LEVEL[level]
    child_length = CODE_LENGTH[child_level] if child_level else None

    current = progress_summary(region=checked)  # villages and children's names: not versioned
    buckets = _phase_counts_on(code, child_length, as_of)
    total = {"cooperatives": 0, "phases": dict.fromkeys(PHASE_KEYS, 0)}
    for part in buckets.values():
        total["cooperatives"] += part["cooperatives"]
        for key in PHASE_KEYS:
            total["phases"][key] += part["phases"][key]
    empty = {"cooperatives": 0, "phases": dict.fromkeys(PHASE_KEYS, 0)}
    children = [{**child, **buckets.get(child["region"]["code"], empty)} for child in current["children"]]
    return {"region": current["region"], "villages": current["villages"], **total, "children": children}


def phase_trend(*, region: ScopedRegion, until: datetime.date, months: int = 24) -> dict:
    """Each phase month by month up to `until`: {"months": ["2025-04", …], "phases": {key: [count at each month's
    end (`until` for the last)]}}. One grouped query over the intervals (by the month each began and ended),
    summed up here over the ≤ `months` buckets, never one query per month. Starts at the first month with a step."""
    code = ensure_scoped(region).code
    intervals, params = _phase_intervals_sql(code, None)
    which = " UNION ALL ".join(f"SELECT {n} AS n" for n in range(1, 7))
    start = "CASE k.n " + " ".join(f"WHEN {n} THEN start_{n}" for n in range(1, 7)) + " END"
    end = "CASE k.n " + " ".join(f"WHEN {n} THEN end_{n}" for n in range(1, 7)) + " END"
    sql = f"""
        SELECT k.n, substr(CAST({start} AS TEXT), 1, 7) AS began,
               CASE WHEN {end} <= %(until)s THEN substr(CAST({end} AS TEXT), 1, 7) ELSE 'open' END AS ended,
               COUNT(*)
        FROM ({intervals}) p CROSS JOIN ({which}) k
        WHERE {start} IS NOT NULL AND {start} < {end} AND {start} <= %(until)s
        GROUP BY k.n, began, ended"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params | {"until": until})
        rows = cursor.fetchall()

    last = f"{until:%Y-%m}"
    first = min((began for _n, began, _e, _c in rows), default=last)
    month_list = _months_between(max(first, _month_add(last, -(months - 1))), last)
    series = {key: [0] * len(month_list) for key in PHASE_KEYS}
    for number, began, ended, count in rows:
        values = series[PHASE_KEYS[number - 1]]
        for index, month in enumerate(month_list):
            # Held at the end of `month` (at `until` for the last): begun by then, not ended by then ("open" sorts
            # after every month: not ended by `until`).
            if began <= month < ended:
                values[index] += count
    return {"months": month_list, "phases": series}


def _month_add(month: str, delta: int) -> str:
    year, number = int(month[:4]), int(month[5:7]) - 1 + delta
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def _months_between(first: str, last: str) -> list[str]:
    months = [first]
    while months[-1] < last:
        months.append(_month_add(months[-1], 1))
    return months


# ---------------------------------------------------------------------------------------------------------------
# Where each cooperative stands: days in its phase, the next step, missing evidence, the chair's phone. A fixed
# number of queries for any number of rows (the cooperatives, then their milestones, then their chairs).


@dataclass
class CooperativeStatus:
    id: int
    name: str
    village_code: str
    village_name: str
    district_name: str
    phase: int
    last_step: datetime.date | None
    days_in_phase: int | None
    next_steps: list[str] = field(default_factory=list)
    missing_evidence: list[str] = field(default_factory=list)
    chair_name: str = ""
    chair_phone: str = ""

    @property
    def phase_label(self) -> str:
        return Phase(self.phase).label

    @property
    def next_labels(self) -> list[str]:
        return [step_label(step) for step in self.next_steps]

    @property
    def missing_labels(self) -> list[str]:
        return [MilestoneKind(kind).label for kind in self.missing_evidence]


def step_label(step: str) -> str:
    return str(_("Gerai beroperasi")) if step == GERAI else MilestoneKind(step).label


def cooperative_status_rows(
    *, region: ScopedRegion, today: datetime.date, stuck_first: bool = False, limit: int | None = None
) -> list[CooperativeStatus]:
    """The cooperatives under a checked region with where they stand. `stuck_first`: the longest in their phase
    first, operating ones (done) left out, at most `limit`. Otherwise in village order."""
    code = ensure_scoped(region).code
    operating = BusinessUnit.objects.filter(cooperative=OuterRef("pk"), status=UnitStatus.BEROPERASI)
    queryset = (
        Cooperative.objects.filter(code_prefix_q("village__code", code))
        .annotate(last_step=Max("milestones__date", filter=~Q(milestones__status=MilestoneStatus.REJECTED)))
        .annotate(operating=Exists(operating))
        .values("id", "name", "village_id", "village__name", "village__parent__name", "phase", "last_step", "operating")
    )
    if stuck_first and limit:
        # The few stuck longest, found from the milestones alone (one GROUP BY cooperative, no names joined to
        # every row: the country has 722,000 milestones); their details are read for those few only.
        stuck = (
            Milestone.objects.filter(code_prefix_q("cooperative__village__code", code))
            .filter(cooperative__phase__lt=Phase.OPERASIONAL, date__isnull=False)
            .reached()
            .values("cooperative_id")
            .annotate(last=Max("date"))
            .order_by("last", "cooperative_id")[:limit]
        )
        ids = [row["cooperative_id"] for row in stuck]
        queryset = queryset.filter(pk__in=ids).order_by("last_step", "id")
    elif stuck_first:
        queryset = queryset.filter(phase__lt=Phase.OPERASIONAL, last_step__isnull=False).order_by("last_step", "id")
    else:
        queryset = queryset.order_by("village_id")
    if limit:
        queryset = queryset[:limit]
    rows = list(queryset)
    ids = [row["id"] for row in rows]
    reached: dict[int, set[str]] = {pk: set() for pk in ids}
    missing: dict[int, list[str]] = {pk: [] for pk in ids}
    for cooperative_id, kind, status, document_id in (
        Milestone.objects.filter(cooperative_id__in=ids)
        .order_by("cooperative_id", "date", "id")
        .values_list("cooperative_id", "kind", "status", "document_id")
    ):
        if status == MilestoneStatus.REJECTED:
            continue
        reached[cooperative_id].add(kind)
        if kind in DOCUMENT_REQUIRED_TO_VERIFY and document_id is None and status != MilestoneStatus.VERIFIED:
            missing[cooperative_id].append(kind)
    chairs = {
        cooperative_id: (name, phone)
        for cooperative_id, name, phone in Official.objects.filter(
            cooperative_id__in=ids, position=Position.KETUA
        ).values_list("cooperative_id", "name", "phone")
    }
    result = []
    for row in rows:
        pk = row["id"]
        last = row["last_step"]
        chair = chairs.get(pk, ("", ""))
        result.append(
            CooperativeStatus(
                id=pk,
                name=row["name"],
                village_code=row["village_id"],
                village_name=row["village__name"],
                district_name=row["village__parent__name"] or "",
                phase=row["phase"],
                last_step=last,
                days_in_phase=(today - last).days if last else None,
                next_steps=next_steps(reached[pk], row["operating"]),
                missing_evidence=missing[pk],
                chair_name=chair[0],
                chair_phone=chair[1],
            )
        )
    return result


def recent_changes(*, region: ScopedRegion, since: datetime.date, limit: int = 15) -> dict:
    """What moved since `since` under a checked region: milestones dated, verified or rejected since then, newest
    first (at most `limit`), and how many of each event. Two queries."""
    code = ensure_scoped(region).code
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=timezone.get_current_timezone())
    recorded = Q(date__gte=since)
    verified = Q(status=MilestoneStatus.VERIFIED, verified_at__gte=start)
    rejected = Q(status=MilestoneStatus.REJECTED, rejected_on__gte=since)
    queryset = Milestone.objects.filter(code_prefix_q("cooperative__village__code", code)).filter(
        recorded | verified | rejected
    )
    counts = queryset.aggregate(
        total=Count("id"),
        recorded=Count("id", filter=recorded),
        verified=Count("id", filter=verified),
        rejected=Count("id", filter=rejected),
    )
    rows = list(
        queryset.select_related("cooperative__village")
        .only("kind", "date", "status", "verified_at", "rejected_on", "cooperative__name", "cooperative__village__name")
        .order_by("-date", "-id")[:limit]
    )
    return {"since": since, "counts": counts, "rows": rows}


def cooperative_checklist(*, user, cooperative: Cooperative) -> dict:
    """The steps of one cooperative in order, each done (verified or claimed), rejected or to do, with the evidence
    it still lacks, the next steps marked; the gerai comes after the legal identifiers. Two queries, none on the
    cooperative page (its milestones and gerai prefetched there, `registry.CooperativePanel.prefetch`)."""
    rows = registry.prefetched(cooperative, "milestones")
    if rows is None:
        rows = Milestone.objects.for_user(user).filter(cooperative=cooperative)
    milestones = {m.kind: m for m in rows}
    units = registry.prefetched(cooperative, "business_units")
    if units is None:
        operating = cooperative.business_units.filter(status=UnitStatus.BEROPERASI).exists()
    else:
        operating = any(unit.status == UnitStatus.BEROPERASI for unit in units)
    reached = [kind for kind, m in milestones.items() if m.is_reached]
    upcoming = next_steps(reached, operating)
    steps = []
    kinds = [kind for kind in MilestoneKind.values if kind != MilestoneKind.OPERASIONAL]
    for kind in [*kinds, GERAI, MilestoneKind.OPERASIONAL]:
        milestone = milestones.get(kind)
        if kind == GERAI:
            state = "done" if operating else "todo"
        elif milestone is None:
            state = "todo"
        else:
            state = {MilestoneStatus.VERIFIED: "verified", MilestoneStatus.REJECTED: "rejected"}.get(
                milestone.status, "claimed"
            )
        steps.append(
            {
                "key": kind,
                "label": step_label(kind),
                "state": state,
                "milestone": milestone,
                "optional": kind in (MilestoneKind.SOSIALISASI, MilestoneKind.SIMKOPDES),
                "is_next": kind in upcoming,
                "needs_evidence": (
                    milestone is not None
                    and state == "claimed"
                    and kind in DOCUMENT_REQUIRED_TO_VERIFY
                    and milestone.document_id is None
                ),
            }
        )
    return {
        "steps": steps,
        "next": [step_label(step) for step in upcoming],
        "missing_evidence": [step["label"] for step in steps if step["needs_evidence"]],
        "waiting": [step["label"] for step in steps if step["state"] == "claimed"],
        "rejected": [step for step in steps if step["state"] == "rejected"],
    }
