"""Reads of the Satgas app, each starting from the user's scope; the roll-ups are GROUP BY queries over the items'
`scope_code` prefixes (STYLE.md rule 5), never loops over rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped, get_object_for_user, scope_for
from kopdes.regions.choices import CHILD_LEVEL, CODE_LENGTH, RegionLevel
from kopdes.regions.models import Region
from kopdes.taskforce.choices import ACTIVE_STATUSES, ActionState, ActionStatus
from kopdes.taskforce.models import (
    ActionItem,
    ActionUpdate,
    Agency,
    Attachment,
    Decision,
    Decree,
    DecreeMember,
    Meeting,
)

OVERDUE_IN_BLOCK = 10  # overdue items the region page lists


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": ACTIVE_STATUSES, f"{prefix}due_date__lt": today})


def _counts(today: datetime.date, prefix: str = "") -> dict:
    """The block's three figures as aggregates: open (not yet closed), overdue (open past its due date), done."""
    return {
        "open": Count("id", filter=Q(**{f"{prefix}status__in": ACTIVE_STATUSES})),
        "overdue": Count("id", filter=overdue_q(today, prefix)),
        "done": Count("id", filter=Q(**{f"{prefix}status": ActionStatus.DONE})),
    }


# --- action items --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFilters:
    """One filter for the action list's page, API and export (STYLE.md rule 6)."""

    region: str = ""
    state: str = ""
    agency: int | None = None
    meeting: int | None = None
    decree: int | None = None
    decision: int | None = None
    cooperative: int | None = None
    mine: bool = False
    q: str = ""

    def apply(self, queryset: QuerySet[ActionItem], *, user=None) -> QuerySet[ActionItem]:
        if self.region:
            queryset = queryset.filter(code_prefix_q("scope_code", self.region))
        today = timezone.localdate()
        if self.state == ActionState.ACTIVE:
            queryset = queryset.filter(status__in=ACTIVE_STATUSES)
        elif self.state == ActionState.OVERDUE:
            queryset = queryset.filter(overdue_q(today))
        elif self.state:
            queryset = queryset.filter(status=self.state)
        if self.agency:
            queryset = queryset.filter(agency_id=self.agency)
        if self.meeting:
            queryset = queryset.filter(decision__meeting_id=self.meeting)
        if self.decree:
            queryset = queryset.filter(decision__decree_id=self.decree)
        if self.decision:
            queryset = queryset.filter(decision_id=self.decision)
        if self.cooperative:
            queryset = queryset.filter(subject_cooperative_id=self.cooperative)
        if self.mine and user is not None:
            queryset = queryset.filter(mine_q(user))
        if self.q:
            queryset = queryset.filter(
                Q(decision__text__icontains=self.q) | Q(unit__name__icontains=self.q) | Q(agency__short_name=self.q)
            )
        return queryset


def mine_q(user) -> Q:
    """The items a user carries out: their unit's (a camat's kecamatan, a kepala desa's village) and those of the
    agency their role speaks for in their regency."""
    scope = scope_for(user)
    if not scope.region_code:
        return Q(pk__in=[])
    mine = Q(unit_id=scope.region_code)
    role = getattr(user, "role", "")
    if role:
        mine |= Q(agency__role=role, agency__region_id=scope.region_code)
    return mine


def action_list(*, user, filters: ActionFilters | None = None) -> QuerySet[ActionItem]:
    queryset = ActionItem.objects.for_user(user).select_related(
        "decision", "decision__meeting", "decision__decree", "unit", "agency", "subject_region", "subject_cooperative"
    )
    return (filters or ActionFilters()).apply(queryset, user=user).order_by("due_date", "scope_code", "id")


def action_get(*, user, pk: int) -> ActionItem:
    return get_object_for_user(
        ActionItem.objects.select_related(
            "decision", "decision__meeting", "decision__decree", "decision__region", "unit", "agency",
            "subject_region", "subject_cooperative",
        ),
        user,
        pk=pk,
    )  # fmt: skip


def action_updates(*, item: ActionItem) -> list[ActionUpdate]:
    return list(item.updates.select_related("author").prefetch_related("attachments").order_by("date", "id"))


def action_counts(*, region: ScopedRegion, today: datetime.date | None = None) -> dict:
    """The "actions" progress block: open, overdue and done items whose unit or subject is inside the region (a
    regency-wide item counts for its regency), the same per child region, and the first overdue items. One
    aggregate, one GROUP BY on the code prefix, the children's names, one short list (ids, then rows)."""
    checked = ensure_scoped(region)
    today = today or timezone.localdate()
    items = ActionItem.objects.filter(code_prefix_q("scope_code", checked.code))
    totals = items.aggregate(**_counts(today))
    children = []
    child_level = CHILD_LEVEL[checked.level]
    if child_level is not None:
        length = CODE_LENGTH[child_level]
        rows = {
            row["g"]: row
            for row in items.annotate(g=Substr("scope_code", 1, length))
            .values("g")
            .annotate(**_counts(today))
            .order_by()
        }
        names = Region.objects.filter(
            code__in=[code for code in rows if len(code) == length], level=child_level
        ).values_list("code", "name")
        for code, name in names:
            row = rows[code]
            children.append(
                {"code": code, "name": name, "open": row["open"], "overdue": row["overdue"], "done": row["done"]}
            )
    # The first overdue ids on the prefix index alone, then their rows with the joins (joined first, PostgreSQL
    # plans the join before the limit: ~40 ms instead of <1 ms for a regency).
    order = ("due_date", "scope_code", "id")
    first = list(items.filter(overdue_q(today)).order_by(*order).values_list("id", flat=True)[:OVERDUE_IN_BLOCK])
    overdue = ActionItem.objects.filter(pk__in=first).select_related("decision", "unit", "agency").order_by(*order)
    return {
        "open": totals["open"],
        "overdue": totals["overdue"],
        "done": totals["done"],
        "children": children,
        "overdue_items": [
            {
                "id": item.pk,
                "description": item.decision.text,
                "assignee": item.unit.name if item.unit_id else str(item.agency),
                "scope_code": item.scope_code,
                "due_date": item.due_date.isoformat(),
                "days_late": (today - item.due_date).days,
            }
            for item in overdue
        ],
    }


def cooperative_actions(*, user, cooperative) -> list[ActionItem]:
    """The items about one cooperative, newest due date last; for its page."""
    return list(
        ActionItem.objects.for_user(user)
        .filter(subject_cooperative=cooperative)
        .select_related("decision", "unit", "agency")
        .order_by("status", "due_date")
    )


def agency_matrix(*, user, region: str = "") -> list[dict]:
    """Agencies × status: one GROUP BY over the agencies' items in the user's scope."""
    today = timezone.localdate()
    items = ActionItem.objects.for_user(user).filter(agency__isnull=False)
    if region:
        items = items.filter(code_prefix_q("scope_code", region))
    by_status = {ActionStatus.OPEN: "open", ActionStatus.IN_PROGRESS: "in_progress"}
    rows = (
        items.values("agency_id", "agency__short_name", "agency__name", "agency__region_id")
        .annotate(
            **{key: Count("id", filter=Q(status=status)) for status, key in by_status.items()},
            done=Count("id", filter=Q(status=ActionStatus.DONE)),
            dropped=Count("id", filter=Q(status=ActionStatus.DROPPED)),
            overdue=Count("id", filter=overdue_q(today)),
            total=Count("id"),
        )
        .order_by("agency__region_id", "agency__short_name")
    )
    return list(rows)


def decision_compliance(*, decision: Decision) -> list[dict]:
    """Per kecamatan, how many of a fanned-out decision's items are done: "facilitator team formed: 97/144". One
    GROUP BY over the first 8 characters of the unit code; the rows add up to the decision's items."""
    length = CODE_LENGTH[RegionLevel.DISTRICT]
    rows = (
        decision.items.filter(unit__isnull=False)
        .annotate(district=Substr("unit_id", 1, length))
        .values("district")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=ActionStatus.DONE)),
            dropped=Count("id", filter=Q(status=ActionStatus.DROPPED)),
            overdue=Count("id", filter=overdue_q(timezone.localdate())),
        )
        .order_by("district")
    )
    rows = list(rows)
    names = dict(Region.objects.filter(code__in=[r["district"] for r in rows]).values_list("code", "name"))
    return [{**row, "name": names.get(row["district"], row["district"])} for row in rows]


def decision_status_counts(decisions) -> dict[int, dict]:
    """decision id → {status: n, "overdue": n, "total": n}, for a meeting's or a circular's decisions: one query."""
    today = timezone.localdate()
    rows = (
        ActionItem.objects.filter(decision__in=decisions)
        .values("decision_id")
        .annotate(
            total=Count("id"),
            **{status: Count("id", filter=Q(status=status)) for status in ActionStatus.values},
            overdue=Count("id", filter=overdue_q(today)),
        )
        .order_by()
    )
    return {row.pop("decision_id"): row for row in rows}


# --- decrees, meetings, agencies -------------------------------------------------------------------------------


def decree_list(*, user, region: str = "") -> QuerySet[Decree]:
    queryset = (
        Decree.objects.for_user(user)
        .select_related("region")
        .annotate(member_count=Count("members", distinct=True), decision_count=Count("decisions", distinct=True))
    )
    if region:
        queryset = queryset.filter(code_prefix_q("region__code", region))
    return queryset.order_by("-date", "number")


def decree_members(*, decree: Decree) -> list[DecreeMember]:
    return list(decree.members.select_related("agency").order_by("order", "id"))


def meeting_list(*, user, region: str = "") -> QuerySet[Meeting]:
    queryset = (
        Meeting.objects.for_user(user)
        .select_related("region")
        .annotate(decision_count=Count("decisions", distinct=True))
    )
    if region:
        queryset = queryset.filter(code_prefix_q("region__code", region))
    return queryset.order_by("-date", "-id")


def source_decisions(*, meeting: Meeting | None = None, decree: Decree | None = None) -> list[dict]:
    """The decisions of a meeting or circular, each with its items' progress since (one query for all)."""
    decisions = list(
        (Decision.objects.filter(meeting=meeting) if meeting else Decision.objects.filter(decree=decree))
        .select_related("assignee_agency", "assignee_region", "subject_region", "subject_cooperative", "corrects")
        .order_by("number")
    )
    counts = decision_status_counts(decisions)
    empty = {"total": 0, "overdue": 0, **dict.fromkeys(ActionStatus.values, 0)}
    return [{"decision": decision, "counts": counts.get(decision.pk, empty)} for decision in decisions]


def attachments_of(**owner) -> list[Attachment]:
    return list(Attachment.objects.filter(**owner).order_by("uploaded_at", "id"))


def agency_list(*, user, region: str = "") -> QuerySet[Agency]:
    queryset = Agency.objects.for_user(user).select_related("region")
    if region:
        queryset = queryset.filter(code_prefix_q("region__code", region))
    return queryset.order_by("region_id", "order", "short_name")
