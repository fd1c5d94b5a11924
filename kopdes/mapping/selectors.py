"""Reads of the mapping app. Lists take the user and one filter definition shared by the page, the API and
the export (STYLE.md rules 2 and 6); roll-ups are GROUP BY queries over region-code prefixes (rule 5)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Concat, Substr
from django.utils.safestring import mark_safe

from kopdes.cooperatives.choices import UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative
from kopdes.core import registry
from kopdes.core.choices import BusinessCategory
from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped
from kopdes.mapping.choices import BumdesUnitStatus, OverlapState
from kopdes.mapping.models import Bumdes, BumdesUnit, OverlapDecision, VillagePotential
from kopdes.mapping.rules import UnitFact, VerdictResult, established_q, overlap_verdict
from kopdes.regions.boundaries import ATTRIBUTION
from kopdes.regions.choices import CHILD_LEVEL, CODE_LENGTH, RegionKind, RegionLevel
from kopdes.regions.models import Region
from kopdes.regions.svg import children_svg

# Cooperative business lines the overlap rule looks at: planned or operating, not stopped.
LIVE_UNIT_STATUSES = (UnitStatus.RENCANA, UnitStatus.PEMBANGUNAN, UnitStatus.BEROPERASI)


# --- filters ------------------------------------------------------------------------------------------------


@dataclass
class PotentialFilters:
    region: str = ""
    category: str = ""
    q: str = ""
    opportunity: bool | None = None  # only potentials not yet served by a cooperative or BUMDes unit

    def apply(self, queryset: QuerySet[VillagePotential]) -> QuerySet[VillagePotential]:
        if self.region:
            queryset = queryset.filter(code_prefix_q("village__code", self.region.strip()))
        if self.category:
            queryset = queryset.filter(category=self.category)
        if self.q:
            queryset = queryset.filter(Q(commodity__icontains=self.q.strip()) | Q(village__name__icontains=self.q))
        if self.opportunity:
            queryset = queryset.filter(~_served_by_cooperative(), ~_served_by_bumdes())
        return queryset


@dataclass
class BumdesFilters:
    region: str = ""
    q: str = ""
    category: str = ""
    legal_status: str = ""

    def apply(self, queryset: QuerySet[Bumdes]) -> QuerySet[Bumdes]:
        if self.region:
            queryset = queryset.filter(code_prefix_q("village__code", self.region.strip()))
        if self.q:
            queryset = queryset.filter(Q(name__icontains=self.q.strip()) | Q(village__name__icontains=self.q))
        if self.category:
            queryset = queryset.filter(Exists(BumdesUnit.objects.filter(bumdes=OuterRef("pk"), category=self.category)))
        if self.legal_status:
            queryset = queryset.filter(legal_status=self.legal_status)
        return queryset


@dataclass
class OverlapFilters:
    region: str = ""
    state: str = OverlapState.OPEN
    category: str = ""


# --- potentials ---------------------------------------------------------------------------------------------


def _served_by_cooperative() -> Exists:
    return Exists(
        BusinessUnit.objects.filter(
            cooperative__village_id=OuterRef("village_id"),
            category=OuterRef("category"),
            status__in=LIVE_UNIT_STATUSES,
        )
    )


def _served_by_bumdes() -> Exists:
    return Exists(
        BumdesUnit.objects.filter(
            bumdes__village_id=OuterRef("village_id"), category=OuterRef("category"), status=BumdesUnitStatus.AKTIF
        )
    )


def potential_list(*, user, filters: PotentialFilters | None = None) -> QuerySet[VillagePotential]:
    queryset = VillagePotential.objects.for_user(user).select_related("village", "village__parent")
    return (filters or PotentialFilters()).apply(queryset)


def potential_summary(*, user, filters: PotentialFilters | None = None) -> list[dict]:
    """Per kecamatan: how many potentials, their value and people, and the categories with their value.
    One GROUP BY (kecamatan, category) query and one query for the kecamatan names."""
    queryset = (filters or PotentialFilters()).apply(VillagePotential.objects.for_user(user))
    rows = (
        queryset.annotate(district=Substr("village_id", 1, CODE_LENGTH[RegionLevel.DISTRICT]))
        .values("district", "category")
        .annotate(n=Count("id"), value=Sum("value_rp"), people=Sum("people"))
        .order_by("district", "category")
    )
    districts: dict[str, dict] = {}
    labels = dict(BusinessCategory.choices)
    for row in rows:
        item = districts.setdefault(
            row["district"],
            {"code": row["district"], "name": "", "count": 0, "value": 0, "people": 0, "categories": []},
        )
        item["count"] += row["n"]
        item["value"] += row["value"] or 0
        item["people"] += row["people"] or 0
        item["categories"].append(
            {"category": row["category"], "label": labels.get(row["category"], row["category"]), **_n(row)}
        )
    names = dict(Region.objects.filter(code__in=list(districts)).values_list("code", "name"))
    for code, item in districts.items():
        item["name"] = names.get(code, code)
        item["categories"].sort(key=lambda c: -(c["value"] or 0))
    return list(districts.values())


def _n(row: dict) -> dict:
    return {"count": row["n"], "value": row["value"] or 0, "people": row["people"] or 0}


# --- BUMDes -------------------------------------------------------------------------------------------------


def bumdes_list(*, user, filters: BumdesFilters | None = None) -> QuerySet[Bumdes]:
    queryset = (
        Bumdes.objects.for_user(user)
        .select_related("village", "village__parent")
        .annotate(
            unit_count=Count("units", distinct=True),
            established_count=Count(
                "units",
                filter=established_q("units__"),
                distinct=True,
            ),
        )
        .order_by("village_id")
    )
    return (filters or BumdesFilters()).apply(queryset)


def bumdes_unit_list(*, user, bumdes: Bumdes) -> QuerySet[BumdesUnit]:
    return BumdesUnit.objects.for_user(user).filter(bumdes=bumdes)


def unit_facts(units) -> list[UnitFact]:
    return [
        UnitFact(
            bumdes_name=unit.bumdes.name,
            category=unit.category,
            status=unit.status,
            performance=unit.performance,
            year=unit.year,
            unit_id=unit.pk,
        )
        for unit in units
    ]


def village_verdict(*, village: Region, category: str) -> VerdictResult:
    """The overlap verdict for the cooperative running `category` in `village`, from the stored BUMDes units."""
    units = BumdesUnit.objects.filter(bumdes__village=village, category=category).select_related("bumdes")
    return overlap_verdict(village_kind=village.kind, category=category, units=unit_facts(units))


def cooperative_verdicts(*, cooperative: Cooperative) -> list[dict]:
    """Every live business line of the cooperative with its verdict and the decision taken, if any."""
    every = registry.prefetched(cooperative, "business_units")  # the cooperative page reads its gerai once
    if every is None:
        units = list(
            BusinessUnit.objects.filter(cooperative=cooperative, status__in=LIVE_UNIT_STATUSES).order_by("category")
        )
    else:
        units = sorted((u for u in every if u.status in LIVE_UNIT_STATUSES), key=lambda u: u.category)
    categories = sorted({u.category for u in units})
    facts = unit_facts(
        BumdesUnit.objects.filter(bumdes__village_id=cooperative.village_id, category__in=categories).select_related(
            "bumdes"
        )
    )
    decisions = {d.category: d for d in OverlapDecision.objects.filter(cooperative=cooperative)}
    rows = []
    for unit in units:
        verdict = overlap_verdict(village_kind=cooperative.village.kind, category=unit.category, units=facts)
        rows.append({"unit": unit, "verdict": verdict, "decision": decisions.get(unit.category)})
    return rows


# --- overlaps -----------------------------------------------------------------------------------------------


def _established_bumdes_unit() -> Exists:
    return Exists(
        BumdesUnit.objects.filter(
            established_q(), bumdes__village_id=OuterRef("cooperative__village_id"), category=OuterRef("category")
        )
    )


def _decided() -> Exists:
    return Exists(
        OverlapDecision.objects.filter(cooperative_id=OuterRef("cooperative_id"), category=OuterRef("category"))
    )


def overlapping_units(queryset: QuerySet[BusinessUnit] | None = None) -> QuerySet[BusinessUnit]:
    """Live cooperative business units whose verdict is `tumpang_tindih` (the rule of rules.overlap_verdict,
    written as SQL: a desa whose BUMDes runs the same category, active and successful)."""
    queryset = BusinessUnit.objects.all() if queryset is None else queryset
    return queryset.filter(
        _established_bumdes_unit(), status__in=LIVE_UNIT_STATUSES, cooperative__village__kind=RegionKind.DESA
    )


def open_overlap_units(queryset: QuerySet[BusinessUnit] | None = None) -> QuerySet[BusinessUnit]:
    return overlapping_units(queryset).filter(~_decided())


def _line_count() -> Count:
    """Distinct (cooperative, category) pairs: two gerai of the same category are one business line."""
    return Count(
        Concat("cooperative_id", Value(":"), "category", output_field=CharField()),
        distinct=True,
    )


def overlap_counts(*, region: ScopedRegion) -> dict[str, int]:
    """{"open", "resolved"} under a region code ("" = the whole country): two counts, part of every progress
    document, so they are driven by the few established BUMDes units rather than by every gerai. A desa has one
    BUMDes with one unit per category, and one cooperative, so each established unit that a live gerai of the same
    category meets is exactly one open business line (the lines `open_overlap_units` lists)."""
    code = ensure_scoped(region).code
    # BUMDes exist only in desa (the services and the import refuse kelurahan), so no join to the village's kind.
    established = BumdesUnit.objects.filter(code_prefix_q("bumdes__village__code", code), established_q())
    open_count = 0
    if established.exists():  # most regions: no established BUMDes unit, and a 1 ms answer
        same_line = {"cooperative__village_id": OuterRef("bumdes__village_id"), "category": OuterRef("category")}
        live_unit = BusinessUnit.objects.filter(status__in=LIVE_UNIT_STATUSES, **same_line)
        decided = OverlapDecision.objects.filter(**same_line)
        open_count = established.filter(Exists(live_unit), ~Exists(decided)).count()
    resolved = OverlapDecision.objects.filter(code_prefix_q("cooperative__village__code", code)).count()
    return {"open": open_count, "resolved": resolved}


def overlap_list(*, user, filters: OverlapFilters | None = None) -> list[dict]:
    """Open overlaps (business lines without a decision) or resolved ones (the decisions), in the user's scope."""
    filters = filters or OverlapFilters()
    if filters.state == OverlapState.RESOLVED:
        decisions = OverlapDecision.objects.for_user(user).select_related(
            "cooperative", "cooperative__village", "decided_by", "bumdes_unit", "bumdes_unit__bumdes"
        )
        if filters.region:
            decisions = decisions.filter(code_prefix_q("cooperative__village__code", filters.region))
        if filters.category:
            decisions = decisions.filter(category=filters.category)
        return [
            {
                "cooperative": d.cooperative,
                "village": d.cooperative.village,
                "category": d.category,
                "category_label": d.get_category_display(),
                "reason": d.verdict_reason,
                "decision": d,
            }
            for d in decisions.order_by("cooperative__village_id", "category")
        ]
    units = BusinessUnit.objects.for_user(user)
    if filters.region:
        units = units.filter(code_prefix_q("cooperative__village__code", filters.region))
    if filters.category:
        units = units.filter(category=filters.category)
    return _open_overlap_rows(units)


def _open_overlap_rows(units: QuerySet[BusinessUnit]) -> list[dict]:
    lines = (
        open_overlap_units(units).values("cooperative_id", "category").distinct().order_by("cooperative_id", "category")
    )
    pairs = [(row["cooperative_id"], row["category"]) for row in lines]
    if not pairs:
        return []
    cooperatives = Cooperative.objects.select_related("village").in_bulk({pk for pk, _ in pairs})
    villages = {c.village_id for c in cooperatives.values()}
    facts: dict[str, list[UnitFact]] = {}
    for unit in BumdesUnit.objects.filter(bumdes__village_id__in=villages).select_related("bumdes"):
        facts.setdefault(unit.bumdes.village_id, []).extend(unit_facts([unit]))
    rows = []
    for pk, category in pairs:
        cooperative = cooperatives[pk]
        verdict = overlap_verdict(
            village_kind=cooperative.village.kind, category=category, units=facts.get(cooperative.village_id, [])
        )
        rows.append(
            {
                "cooperative": cooperative,
                "village": cooperative.village,
                "category": category,
                "category_label": BusinessCategory(category).label,
                "reason": verdict.reason,
                "verdict": verdict,
                "decision": None,
            }
        )
    rows.sort(key=lambda r: (r["village"].code, r["category"]))
    return rows


# --- regency view -------------------------------------------------------------------------------------------


def opportunity_list(*, code: str) -> QuerySet[VillagePotential]:
    """Potentials under `code` that no live cooperative unit and no active BUMDes unit of the category serves."""
    return (
        VillagePotential.objects.filter(code_prefix_q("village__code", code))
        .filter(~_served_by_cooperative(), ~_served_by_bumdes())
        .select_related("village")
        .order_by("village_id", "-value_rp", "category")
    )


# Below this level the view lists every village's rows; above it (province, country) only the roll-up.
DETAIL_LEVELS = (RegionLevel.REGENCY, RegionLevel.DISTRICT, RegionLevel.VILLAGE)


def regency_view(*, region: ScopedRegion) -> dict:
    """Opportunities, open overlaps and the kelurahan where the cooperative leads, per child region (usually
    the kecamatan of a regency) and, for a regency or smaller, per village, for a checked region."""
    region, code = ensure_scoped(region).region, region.code
    level = region.level if region else None
    child_level = CHILD_LEVEL[level] or RegionLevel.VILLAGE
    length = CODE_LENGTH[child_level]

    children = {
        r.code: {
            "code": r.code,
            "name": r.name,
            "kind": r.kind,
            "potentials": 0,
            "opportunities": 0,
            "opportunity_value": 0,
            "open_overlaps": 0,
            "resolved_overlaps": 0,
            "kelurahan": 0,
        }
        for r in (
            Region.objects.filter(code=code) if level == RegionLevel.VILLAGE else
            Region.objects.filter(level=child_level).filter(Q(parent_id=code) if code else Q(parent__isnull=True))
        ).only("code", "name", "kind")
    }  # fmt: skip

    def bucket(key: str) -> dict | None:
        return children.get(key)

    potentials = VillagePotential.objects.filter(code_prefix_q("village__code", code))
    for row in potentials.annotate(g=Substr("village_id", 1, length)).values("g").annotate(n=Count("id")):
        if item := bucket(row["g"]):
            item["potentials"] = row["n"]
    opportunities = opportunity_list(code=code)
    for row in (
        opportunities.annotate(g=Substr("village_id", 1, length))
        .values("g")
        .annotate(n=Count("id"), value=Sum("value_rp"))
        .order_by()
    ):
        if item := bucket(row["g"]):
            item["opportunities"], item["opportunity_value"] = row["n"], row["value"] or 0
    units = BusinessUnit.objects.filter(code_prefix_q("cooperative__village__code", code))
    for row in (
        open_overlap_units(units)
        .annotate(g=Substr("cooperative__village_id", 1, length))
        .values("g")
        .annotate(n=_line_count())
        .order_by()
    ):
        if item := bucket(row["g"]):
            item["open_overlaps"] = row["n"]
    for row in (
        OverlapDecision.objects.filter(code_prefix_q("cooperative__village__code", code))
        .annotate(g=Substr("cooperative__village_id", 1, length))
        .values("g")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if item := bucket(row["g"]):
            item["resolved_overlaps"] = row["n"]
    kelurahan = Region.objects.filter(code_prefix_q("code", code), level=RegionLevel.VILLAGE, kind=RegionKind.KELURAHAN)
    for row in kelurahan.annotate(g=Substr("code", 1, length)).values("g").annotate(n=Count("code")).order_by():
        if item := bucket(row["g"]):
            item["kelurahan"] = row["n"]

    rows = list(children.values())
    totals = {
        key: sum(r[key] for r in rows)
        for key in (
            "potentials",
            "opportunities",
            "opportunity_value",
            "open_overlaps",
            "resolved_overlaps",
            "kelurahan",
        )
    }
    detail = level in DETAIL_LEVELS
    return {
        "region": region,
        "child_level": child_level,
        "children": rows,
        "totals": totals,
        "detail": detail,
        "opportunities": list(opportunities) if detail else [],
        "open_overlaps": _open_overlap_rows(units) if detail else [],
        "kelurahan": _kelurahan_rows(kelurahan) if detail else [],
    }


def _kelurahan_rows(kelurahan: QuerySet[Region]) -> list[dict]:
    """Kelurahan have no BUMDes, so the cooperative leads: each with its cooperative and its live lines."""
    cooperatives = {
        c.village_id: c
        for c in Cooperative.objects.filter(village__in=kelurahan).annotate(
            live_units=Count("business_units", filter=Q(business_units__status__in=LIVE_UNIT_STATUSES))
        )
    }
    return [
        {"village": village, "cooperative": cooperatives.get(village.code)}
        for village in kelurahan.select_related("parent").order_by("code")
    ]


# The opportunity map's classes: share of the busiest child's opportunities (at least `floor`), darkest last.
OPPORTUNITY_CLASSES = ((0.66, "#08519c"), (0.33, "#4292c6"), (0.0001, "#9ecae1"), (0, "#f0f0f0"))


def opportunity_map(*, code: str, children: list[dict]) -> dict:
    """The children of the region coloured by their unserved potentials (the regency view's rows), as an inline SVG
    ("" when no boundaries are loaded) with its legend: where the opportunities are, at a glance and in print."""
    busiest = max((child["opportunities"] for child in children), default=0)

    def fill(count: int) -> str:
        share = count / busiest if busiest else 0
        return next(colour for floor, colour in OPPORTUNITY_CLASSES if share >= floor)

    fills = {child["code"]: fill(child["opportunities"]) for child in children}
    titles = {child["code"]: f"{child['name']}: {child['opportunities']}" for child in children}
    svg = children_svg(code, fills=fills, titles=titles, width=420)
    legend = [
        {"colour": colour, "from": round(floor * busiest) if floor else 0}
        for floor, colour in OPPORTUNITY_CLASSES
        if busiest or not floor
    ]
    return {"svg": mark_safe(svg), "legend": legend, "busiest": busiest, "attribution": ATTRIBUTION}  # noqa: S308
