"""Reads of the training app. Lists take the user and one filter definition shared by the page, the API and the
export (STYLE.md rules 2 and 6); coverage and the progress block are GROUP BY queries over region-code prefixes
that accept only a checked `ScopedRegion` (rule 5; ADR 0004)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.choices import Position
from kopdes.cooperatives.models import Cooperative, Official
from kopdes.core.scoping import (
    ScopedRegion,
    code_prefix_q,
    ensure_scoped,
    get_object_for_user,
    scope_for,
    user_can,
)
from kopdes.regions.choices import CHILD_LEVEL, CODE_LENGTH
from kopdes.regions.models import Region
from kopdes.training import rules
from kopdes.training.choices import TIERS, ParticipantSource, PositionGroup, Tier
from kopdes.training.models import Course, Event, EventFunding, Participant, Provider
from kopdes.training.services import current_q

COVERAGE_GROUPS = [PositionGroup.KETUA, PositionGroup.SEKRETARIS, PositionGroup.BENDAHARA, PositionGroup.PENGAWAS]


def may_edit_catalogue(user) -> bool:
    """The catalogue is national: only a national admin (whole-country scope) with the capability edits it."""
    return user_can(user, Capability.MANAGE_TRAINING_CATALOGUE) and scope_for(user).everything


# --- filters --------------------------------------------------------------------------------------------------


@dataclass
class CourseFilters:
    track: str = ""
    tier: str = ""
    q: str = ""

    def apply(self, queryset: QuerySet[Course]) -> QuerySet[Course]:
        if self.track:
            queryset = queryset.filter(track=self.track)
        if self.tier:
            queryset = queryset.filter(tier=self.tier)
        if self.q:
            queryset = queryset.filter(Q(title__icontains=self.q.strip()) | Q(code__icontains=self.q.strip()))
        return queryset


@dataclass
class ProviderFilters:
    kind: str = ""
    q: str = ""
    valid_on: datetime.date | None = None

    def apply(self, queryset: QuerySet[Provider]) -> QuerySet[Provider]:
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.q:
            queryset = queryset.filter(Q(name__icontains=self.q.strip()) | Q(certification_number__icontains=self.q))
        if self.valid_on:
            queryset = queryset.filter(valid_from__lte=self.valid_on, valid_until__gte=self.valid_on)
        return queryset


@dataclass
class EventFilters:
    region: str = ""
    kind: str = ""
    year: int | None = None
    q: str = ""

    def apply(self, queryset: QuerySet[Event]) -> QuerySet[Event]:
        if self.region:
            queryset = queryset.filter(code_prefix_q("organiser_region__code", self.region.strip()))
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.year:
            queryset = queryset.filter(start_date__year=self.year)
        if self.q:
            queryset = queryset.filter(Q(title__icontains=self.q.strip()) | Q(venue__icontains=self.q.strip()))
        return queryset


@dataclass
class ParticipantFilters:
    q: str = ""
    source: str = ""
    attended: bool | None = None
    district: str = ""

    def apply(self, queryset: QuerySet[Participant]) -> QuerySet[Participant]:
        if self.q:
            text = self.q.strip()
            queryset = queryset.filter(Q(name__icontains=text) | Q(cooperative__name__icontains=text))
        if self.source:
            queryset = queryset.filter(source=self.source)
        if self.attended is not None:
            queryset = queryset.filter(attended_on__isnull=not self.attended)
        if self.district:
            queryset = queryset.filter(code_prefix_q("cooperative__village__code", self.district.strip()))
        return queryset


# --- catalogue ------------------------------------------------------------------------------------------------


def course_list(*, user, filters: CourseFilters | None = None) -> QuerySet[Course]:
    return (filters or CourseFilters()).apply(Course.objects.for_user(user))


def provider_list(*, user, filters: ProviderFilters | None = None) -> QuerySet[Provider]:
    return (filters or ProviderFilters()).apply(Provider.objects.for_user(user))


def provider_status(provider: Provider, today: datetime.date | None = None) -> str:
    """valid / expiring (within 60 days) / expired / not_yet."""
    today = today or timezone.localdate()
    if provider.valid_until < today:
        return "expired"
    if provider.valid_from > today:
        return "not_yet"
    return "expiring" if rules.certification_expiring(valid_until=provider.valid_until, today=today) else "valid"


# --- events ---------------------------------------------------------------------------------------------------


def event_list(*, user, filters: EventFilters | None = None) -> QuerySet[Event]:
    queryset = (
        Event.objects.for_user(user)
        .select_related("organiser_region", "course", "provider")
        .annotate(
            invited_count=Count("participants", filter=Q(participants__source=ParticipantSource.UNDANGAN)),
            registered_count=Count("participants", filter=Q(participants__source=ParticipantSource.PENDAFTARAN)),
            walk_in_count=Count("participants", filter=Q(participants__source=ParticipantSource.LANGSUNG)),
            attended_count=Count("participants", filter=Q(participants__attended_on__isnull=False)),
        )
        .order_by("-start_date", "-id")
    )
    return (filters or EventFilters()).apply(queryset)


def event_get(*, user, pk: int) -> Event:
    return get_object_for_user(Event.objects.select_related("organiser_region", "course", "provider"), user, pk=pk)


def event_counts(event: Event) -> dict:
    """Listed (invited + registered), attended, walk-ins and whether the walk-ins took it beyond capacity."""
    row = event.participants.aggregate(
        invited=Count("pk", filter=Q(source=ParticipantSource.UNDANGAN)),
        registered=Count("pk", filter=Q(source=ParticipantSource.PENDAFTARAN)),
        walk_ins=Count("pk", filter=Q(source=ParticipantSource.LANGSUNG)),
        attended=Count("pk", filter=Q(attended_on__isnull=False)),
        passed=Count("pk", filter=Q(passed=True)),
    )
    row["listed"] = row["invited"] + row["registered"]
    row["over_capacity"] = max(0, row["attended"] - event.capacity)
    row["budget_rp"] = event.funding.aggregate(total=Sum("amount_rp"))["total"] or 0
    return row


def participant_list(*, user, event: Event, filters: ParticipantFilters | None = None) -> QuerySet[Participant]:
    queryset = (
        Participant.objects.for_user(user)
        .filter(event=event)
        .select_related("cooperative", "cooperative__village", "cooperative__village__parent", "official")
        .order_by("cooperative__village_id", "name")
    )
    return (filters or ParticipantFilters()).apply(queryset)


def door_search(*, user, event: Event, q: str, limit: int = 20) -> dict:
    """The door's search: listed people whose name or cooperative matches (not yet ticked first), and current
    officials of the region's cooperatives who are not listed (a walk-in in one tap)."""
    text = (q or "").strip()
    listed = participant_list(user=user, event=event, filters=ParticipantFilters(q=text)).order_by(
        "-attended_on", "name"
    )
    listed = sorted(listed[:limit], key=lambda p: (p.attended_on is not None, p.name))
    others: list[Official] = []
    if len(text) >= 2:
        others = list(
            Official.objects.for_user(user)
            .filter(current_q(), code_prefix_q("cooperative__village__code", event.organiser_region_id))
            .filter(Q(name__icontains=text) | Q(cooperative__name__icontains=text))
            .exclude(training_records__event=event)
            .select_related("cooperative")
            .order_by("cooperative__name", "name")[:limit]
        )
    return {"listed": listed, "others": others}


def region_cooperatives(*, user, event: Event) -> QuerySet[Cooperative]:
    return Cooperative.objects.for_user(user).filter(code_prefix_q("village__code", event.organiser_region_id))


# --- coverage -------------------------------------------------------------------------------------------------


def _passed_tier(tier: str, track: str = "") -> Exists:
    rows = Participant.objects.filter(official=OuterRef("pk"), passed=True, tier=tier)
    if track:
        rows = rows.filter(track=track)
    return Exists(rows)


def _officials(code: str) -> QuerySet[Official]:
    return Official.objects.filter(current_q(), code_prefix_q("cooperative__village__code", code))


def _group() -> Case:
    return Case(
        When(position=Position.KETUA, then=Value(PositionGroup.KETUA.value)),
        When(position=Position.SEKRETARIS, then=Value(PositionGroup.SEKRETARIS.value)),
        When(position=Position.BENDAHARA, then=Value(PositionGroup.BENDAHARA.value)),
        When(position__in=[Position.PENGAWAS_KETUA, Position.PENGAWAS], then=Value(PositionGroup.PENGAWAS.value)),
        default=Value(PositionGroup.LAINNYA.value),
        output_field=CharField(),
    )


def _tier_counts() -> dict:
    return {tier: Count("pk", filter=_passed_tier(tier)) for tier in TIERS}


def _pct(n: int, total: int) -> float | None:
    return round(100 * n / total, 1) if total else None


def _coverage_row(row: dict) -> dict:
    total = row["total"]
    return {
        "officials": total,
        **{f"trained_{tier}": row[tier] for tier in TIERS},
        **{f"pct_{tier}": _pct(row[tier], total) for tier in TIERS},
    }


def training_block(*, region: ScopedRegion) -> dict:
    """The "training" key of the progress document: current officials of the region's cooperatives, how many
    passed each tier (distinct officials with at least one passed course of it), and the events organised in
    the region with their invited, attended (walk-ins included) and walk-in people. Three aggregate queries."""
    code = ensure_scoped(region).code
    # The tiers from the passed results (a GROUP BY over the participants of current officials in the region),
    # not one EXISTS per official: the country has some 670,000 officials and a fraction of them in training.
    passed = dict(
        Participant.objects.filter(passed=True, tier__in=TIERS, official__isnull=False)
        .filter(current_q("official__"), code_prefix_q("official__cooperative__village__code", code))
        .values("tier")
        .annotate(n=Count("official", distinct=True))
        .order_by()
        .values_list("tier", "n")
    )
    people = {"total": _officials(code).count(), **{tier: passed.get(tier, 0) for tier in TIERS}}
    counts = Event.objects.filter(code_prefix_q("organiser_region__code", code)).aggregate(
        events=Count("pk", distinct=True),
        invited=Count("participants", filter=Q(participants__source=ParticipantSource.UNDANGAN)),
        attended=Count("participants", filter=Q(participants__attended_on__isnull=False)),
        walk_ins=Count("participants", filter=Q(participants__source=ParticipantSource.LANGSUNG)),
    )
    return {
        "officials": people["total"],
        **{f"trained_{tier}": people[tier] for tier in TIERS},
        **counts,
    }


def coverage_by_position(*, region: ScopedRegion) -> list[dict]:
    """Per position (ketua, sekretaris, bendahara, pengawas): officials and how many passed each tier. One query."""
    code = ensure_scoped(region).code
    rows = {
        row["group"]: row
        for row in _officials(code)
        .annotate(group=_group())
        .values("group")
        .annotate(total=Count("pk"), **_tier_counts())
    }
    empty = {"total": 0, **dict.fromkeys(TIERS, 0)}
    return [
        {"group": group.value, "label": group.label, **_coverage_row(rows.get(group.value, empty))}
        for group in COVERAGE_GROUPS
    ]


def coverage_by_child(*, region: ScopedRegion) -> list[dict]:
    """Per child region (kecamatan of a regency, ...): officials and how many passed each tier. One GROUP BY over
    the code prefix, one query for the names."""
    region = ensure_scoped(region)
    child = CHILD_LEVEL.get(region.level)
    if child is None:
        return []
    length = CODE_LENGTH[child]
    rows = list(
        _officials(region.code)
        .annotate(child=Substr("cooperative__village_id", 1, length))
        .values("child")
        .annotate(total=Count("pk"), **_tier_counts())
        .order_by("child")
    )
    names = dict(Region.objects.filter(code__in=[r["child"] for r in rows]).values_list("code", "name"))
    return [{"code": r["child"], "name": names.get(r["child"], r["child"]), **_coverage_row(r)} for r in rows]


def needs_tier(*, user, region: str = "", tier: str = Tier.DASAR, track: str = "") -> QuerySet[Official]:
    """Current officials in the user's scope (under `region`) who have not passed `tier` (of `track`, or of any
    track): the next invitation list. Those ready for it (the lower tier passed) first."""
    queryset = Official.objects.for_user(user).filter(current_q()).filter(~_passed_tier(tier, track))
    if region:
        queryset = queryset.filter(code_prefix_q("cooperative__village__code", region.strip()))
    lower = rules.prerequisite_tier(tier)
    ready = _passed_tier(lower, track) if lower else Value(True)
    return (
        queryset.annotate(ready=ready)
        .select_related("cooperative", "cooperative__village", "cooperative__village__parent")
        .order_by("-ready", "cooperative__village_id", "position", "name")
    )


def spending(*, region: ScopedRegion) -> dict:
    """Funding of the region's events by source, and the APBDes lines by paying village. Two GROUP BY queries."""
    code = ensure_scoped(region).code
    lines = EventFunding.objects.filter(code_prefix_q("event__organiser_region__code", code))
    by_source = list(
        lines.values("source").annotate(total=Sum("amount_rp"), events=Count("event", distinct=True)).order_by("source")
    )
    by_village = list(
        lines.filter(village__isnull=False)
        .values("village_id", "village__name")
        .annotate(total=Sum("amount_rp"), events=Count("event", distinct=True))
        .order_by("-total", "village_id")
    )
    return {"by_source": by_source, "by_village": by_village, "total": sum(r["total"] or 0 for r in by_source)}


# --- a cooperative's record -----------------------------------------------------------------------------------


def cooperative_training(*, user, cooperative: Cooperative) -> dict:
    """The cooperative panel: its current officials with the tiers each passed, coverage by position, and the
    events its people were listed for. Four queries."""
    officials = list(
        Official.objects.for_user(user)
        .filter(current_q(), cooperative=cooperative)
        .annotate(group=_group(), **{f"passed_{tier}": _passed_tier(tier) for tier in TIERS})
        .order_by("position", "name")
    )
    records = list(
        Participant.objects.for_user(user)
        .filter(cooperative=cooperative)
        .select_related("event", "event__course")
        .order_by("-event__start_date", "name")
    )
    # A record of an event outside the user's scope (a regency event, seen from the pengurus's cooperative) keeps
    # the event's own name out of sight: the panel shows its kind, course and date.
    visible = set(
        Event.objects.for_user(user).filter(pk__in={r.event_id for r in records}).values_list("pk", flat=True)
    )
    for record in records:
        record.event_visible = record.event_id in visible
    coverage = []
    for group in COVERAGE_GROUPS:
        members = [o for o in officials if o.group == group.value]
        row = {
            "total": len(members),
            **{tier: sum(1 for o in members if getattr(o, f"passed_{tier}")) for tier in TIERS},
        }
        coverage.append({"group": group.value, "label": group.label, **_coverage_row(row)})
    return {"officials": officials, "records": records, "coverage": coverage}
