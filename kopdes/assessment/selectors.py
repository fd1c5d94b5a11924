"""Reads of the assessment. Over a checked region: the "activity" progress block (the latest assessed month's
categories, adding up to the region's cooperatives), the "perlu perhatian" list (weakest category first, then the
steepest drop), the distribution per child region; all aggregates over the village code on the rows. Per
cooperative: its month-by-month history with reasons, its visits."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Substr

from kopdes.assessment import rules
from kopdes.assessment.choices import ATTENTION_ORDER, CATEGORIES, Category
from kopdes.assessment.models import Assessment, Visit
from kopdes.cooperatives.choices import Phase
from kopdes.cooperatives.models import Cooperative
from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region

CHILD_WIDTH = {None: 2, RegionLevel.PROVINCE: 5, RegionLevel.REGENCY: 8, RegionLevel.DISTRICT: 13}


def latest_month(code: str) -> datetime.date | None:
    """The latest month assessed under `code` ("" = the country)."""
    rows = Assessment.objects.all()
    if code:
        rows = rows.filter(code_prefix_q("village__code", code))
    return rows.order_by("-month").values_list("month", flat=True).first()


def month_counts(code: str, month: datetime.date | None) -> dict[str, int]:
    """Cooperatives under `code` by category in `month`: the assessed rows by their category, and a cooperative
    registered since the run by what it would be without evidence (not legal yet: belum berbadan hukum; else papan
    nama), so the five counts add up to the region's cooperatives. Two aggregates."""
    counts = dict.fromkeys(CATEGORIES, 0)
    inside = code_prefix_q("village__code", code)
    if month is not None:
        for category, n in (
            # COUNT(*), not COUNT(id): the (month, category) index alone answers it (76 → 8 ms for the country)
            Assessment.objects.filter(inside, month=month).values_list("category").annotate(n=Count("*")).order_by()
        ):
            counts[category] += n
    cooperatives = Cooperative.objects.filter(inside)
    if month is not None:
        cooperatives = cooperatives.exclude(Exists(Assessment.objects.filter(cooperative=OuterRef("pk"), month=month)))
    rest = cooperatives.aggregate(
        unlegal=Count("pk", filter=Q(phase__lt=Phase.BADAN_HUKUM)),
        legal=Count("pk", filter=Q(phase__gte=Phase.BADAN_HUKUM)),
    )
    counts[Category.BELUM_BERBADAN_HUKUM] += rest["unlegal"]
    counts[Category.PAPAN_NAMA] += rest["legal"]
    return counts


def activity_block(*, region: ScopedRegion) -> dict:
    """The "activity" key of the progress document: {"month": "YYYY-MM" (None before any run), and the
    cooperatives of the region in each category that month}."""
    code = ensure_scoped(region).code
    month = latest_month(code)
    return {"month": f"{month:%Y-%m}" if month else None, **month_counts(code, month)}


def by_child(*, region: ScopedRegion, month: datetime.date | None) -> list[dict]:
    """Per child region (kecamatan of a regency…): the cooperatives in each category in `month`. One GROUP BY."""
    region = ensure_scoped(region)
    width = CHILD_WIDTH.get(region.level)
    if width is None or month is None:
        return []
    rows: dict[str, dict] = defaultdict(lambda: dict.fromkeys(CATEGORIES, 0))
    for child, category, n in (
        Assessment.objects.filter(code_prefix_q("village__code", region.code), month=month)
        .annotate(child=Substr("village_id", 1, width))
        .values_list("child", "category")
        .annotate(n=Count("*"))
        .order_by()
    ):
        rows[child][category] = n
    names = dict(Region.objects.filter(code__in=list(rows)).values_list("code", "name"))
    result = []
    for code, counts in sorted(rows.items()):
        total = sum(counts.values()) or 1
        result.append(
            {
                "code": code,
                "name": names.get(code, code),
                "total": sum(counts.values()),
                **counts,
                "pct": {category: round(100 * counts[category] / total, 1) for category in CATEGORIES},
            }
        )
    return result


@dataclass(frozen=True)
class AttentionFilters:
    """One filter for the list's page, API and export (STYLE.md rule 6)."""

    region: str = ""
    month: str = ""  # YYYY-MM; "" = the latest assessed
    category: str = ""


def _attention_order():
    return Case(
        *[When(category=category, then=Value(rank)) for category, rank in ATTENTION_ORDER.items()],
        output_field=IntegerField(),
    )


def attention_list(*, user, month: datetime.date, region: str = "", category: str = "") -> QuerySet[Assessment]:
    """The "perlu perhatian" list: the month's assessments in the user's scope (under `region`), weakest category
    first, then the steepest drop, then the lowest score."""
    rows = Assessment.objects.for_user(user).filter(month=month)
    if region:
        rows = rows.filter(code_prefix_q("village__code", region))
    if category:
        rows = rows.filter(category=category)
    return (
        rows.select_related("cooperative", "village", "village__parent")
        .annotate(rank=_attention_order())
        .order_by("rank", F("trend").asc(nulls_last=True), F("score").asc(nulls_last=True), "village_id")
    )


def with_next_step(rows) -> list[dict]:
    """Each row with its suggested next step (from its weakest indicators)."""
    return [{"row": row, "next_step": rules.next_step(row.reasons)} for row in rows]


def cooperative_history(*, cooperative: Cooperative, months: int = 24) -> list[Assessment]:
    return list(Assessment.objects.filter(cooperative=cooperative).order_by("-month")[:months])


def assessment_of(*, cooperative: Cooperative, month: datetime.date | None = None) -> Assessment | None:
    rows = Assessment.objects.filter(cooperative=cooperative)
    if month is not None:
        return rows.filter(month=month).first()
    return rows.order_by("-month").first()


def visits_of(*, cooperative: Cooperative, limit: int = 20) -> list[Visit]:
    return list(
        Visit.objects.filter(cooperative=cooperative).select_related("visitor").order_by("-visited_on", "-pk")[:limit]
    )


def contest_of(assessment: Assessment | None) -> Visit | None:
    """The latest visit of the assessment's month that contests its category (both are then shown)."""
    if assessment is None:
        return None
    month_end = rules.month_end(assessment.month, datetime.date.max)
    return (
        Visit.objects.filter(
            cooperative_id=assessment.cooperative_id, visited_on__gte=assessment.month, visited_on__lte=month_end
        )
        .order_by("-visited_on", "-pk")
        .first()
    )


def cooperative_panel(*, cooperative: Cooperative) -> dict:
    recent = cooperative_history(cooperative=cooperative, months=6)  # newest first: the latest is its first
    latest = recent[0] if recent else None
    visit = contest_of(latest)
    return {
        "assessment": latest,
        "next_step": rules.next_step(latest.reasons) if latest else "",
        "visit": visit,
        "contested": bool(visit and visit.contested and visit.category_proposed != latest.category),
        "history": recent[::-1],
    }


def pendamping_visits(pendamping, period) -> dict:
    """What the field visits add to a pendamping's monthly report (reporting's pendamping source): the visits the
    pendamping made in the period, counted, so the report no longer asks them to type it."""
    visits = Visit.objects.filter(visitor=pendamping, visited_on__range=(period.start, period.end))
    return {"visits": visits.count()}
