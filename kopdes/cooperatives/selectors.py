"""Reads of the registry, always through the user's scope."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Document, Official
from kopdes.cooperatives.rules import GovernanceWarning, governance_warnings, mask_nik
from kopdes.core import registry
from kopdes.core.scoping import code_prefix_q, user_can

# The key of the registry list, under which other apps register its extra filters (registry.list_filters_for).
LIST_KEY = "cooperatives"


def current_officials(cooperative: Cooperative) -> QuerySet[Official]:
    today = timezone.localdate()
    return cooperative.officials.filter(Q(term_end__isnull=True) | Q(term_end__gte=today))


def cooperative_warnings(cooperative: Cooperative) -> list[GovernanceWarning]:
    board = registry.prefetched(cooperative, "officials")  # the cooperative page's one read of its board
    if board is None:
        return governance_warnings(current_officials(cooperative))
    today = timezone.localdate()
    return governance_warnings([o for o in board if o.term_end is None or o.term_end >= today])


@dataclass(frozen=True)
class CooperativeFilters:
    """One filter definition for the list page, the API and the exports (STYLE.md rule 6)."""

    region: str = ""
    phase: int | None = None
    min_phase: int | None = None
    kind: str = ""
    scheme: str = ""
    has_warnings: bool | None = None
    q: str = ""
    flags: tuple[str, ...] | list[str] = ()  # keys of registered list filters that are on (registry.list_filters)
    nothing: bool = False  # the page's form was invalid: show no rows rather than all

    def apply(self, queryset: QuerySet[Cooperative]) -> QuerySet[Cooperative]:
        if self.nothing:
            return queryset.none()
        if self.region:
            queryset = queryset.filter(code_prefix_q("village__code", self.region))
        if self.phase is not None:
            queryset = queryset.filter(phase=self.phase)
        if self.min_phase is not None:
            queryset = queryset.filter(phase__gte=self.min_phase)
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.scheme:
            queryset = queryset.filter(scheme=self.scheme)
        if self.has_warnings is True:
            queryset = queryset.filter(warning_count__gt=0)
        elif self.has_warnings is False:
            queryset = queryset.filter(warning_count=0)
        if self.q:
            queryset = queryset.filter(search_q(self.q))
        for key in self.flags:
            extra = registry.list_filters.get(key)
            if extra is None or extra.list != LIST_KEY:
                raise ValueError(f"unknown filter of the cooperative list: {key!r}")
            queryset = extra.apply(queryset)
        return queryset

    def flag_labels(self) -> list[str]:
        return [str(registry.list_filters[key].label) for key in self.flags if key in registry.list_filters]


CODE_TEXT = re.compile(r"^\d{2}(\.\d{0,4}){0,3}$")


def search_q(text: str) -> Q:
    """The list's free-text search: a Kemendagri code ("64.02.06") matches the villages under it; otherwise the
    cooperative's, village's or kecamatan's name ("Tenggarong" finds every cooperative of that kecamatan)."""
    text = text.strip()
    if CODE_TEXT.match(text):
        return code_prefix_q("village__code", text.rstrip("."))
    return Q(name__icontains=text) | Q(village__name__icontains=text) | Q(village__parent__name__icontains=text)


def cooperative_list(*, user, filters: CooperativeFilters | None = None) -> QuerySet[Cooperative]:
    queryset = Cooperative.objects.for_user(user).select_related("village", "village__parent")
    return (filters or CooperativeFilters()).apply(queryset).order_by("village_id")


def cooperative_get(*, user, pk: int) -> Cooperative:
    from kopdes.core.scoping import get_object_for_user

    return get_object_for_user(Cooperative.objects.select_related("village__parent__parent"), user, pk=pk)


def official_nik_for(user, official: Official) -> str:
    """The NIK as this user may see it: whole for roles that need it (and then logged), masked otherwise."""
    if not user_can(user, Capability.VIEW_NIK):
        return mask_nik(official.nik)
    nik_shown(user, [("official", official.pk, official.name, official.nik, official.cooperative_id)])
    return official.nik


def officials_nik_for(user, officials) -> list[str]:
    """`official_nik_for` of each of `officials`, in order, with one log record (one access-log write) for all."""
    if not user_can(user, Capability.VIEW_NIK):
        return [mask_nik(official.nik) for official in officials]
    nik_shown(user, [("official", o.pk, o.name, o.nik, o.cooperative_id) for o in officials])
    return [official.nik for official in officials]


_nik_log = logging.getLogger("kopdes.privacy.nik")


def nik_shown(user, subjects) -> None:
    """Record that `user` is being shown the whole NIK of `subjects` — (kind, id, name, nik, cooperative id) each —
    on a page, in the API or in an export (UU PDP 27/2022). The operations app writes the access log from this
    logger; the log keeps the masked NIK only."""
    subjects = [(kind, pk, label, mask_nik(nik), coop) for kind, pk, label, nik, coop in subjects if nik]
    if subjects:
        _nik_log.info("full NIK shown", extra={"nik_viewer": user, "nik_subjects": subjects})


def official_list(*, user, cooperative: Cooperative) -> QuerySet[Official]:
    return Official.objects.for_user(user).filter(cooperative=cooperative)


def business_unit_list(*, user, cooperative: Cooperative) -> QuerySet[BusinessUnit]:
    return BusinessUnit.objects.for_user(user).filter(cooperative=cooperative)


def document_list(*, user, cooperative: Cooperative) -> QuerySet[Document]:
    return Document.objects.for_user(user).filter(cooperative=cooperative).select_related("uploaded_by")


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: object
    subject: str
    action: str
    changes: list[tuple[str, object, object]]


HISTORY_ACTIONS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}


def cooperative_history(cooperative: Cooperative, *, limit: int = 40) -> list[HistoryEntry]:
    """Every change to the cooperative and the records that belong to it, newest first, with the changed fields."""
    records = []
    previous = {}  # history row → its object's row before it, found among the rows read (keys: model instances)
    for source in registry.cooperative_history:
        queryset = source.rows(cooperative.pk)
        rows = list(queryset.select_related("history_user").order_by("-history_date", "-history_id")[: limit * 3])
        newer_of = {}
        for row in rows:  # newest first: a row is the previous one of the newer row of its object seen last
            if row.id in newer_of:
                previous[newer_of[row.id]] = row
            newer_of[row.id] = row
        records.extend((row, source) for row in rows[:limit])
    records.sort(key=lambda item: item[0].history_date, reverse=True)
    records = records[:limit]
    instances = [record.instance for record, _source in records]  # a property that builds a new object each time
    _history_related(cooperative, instances, [source for _record, source in records])
    entries = []
    for (record, source), instance in zip(records, instances, strict=True):
        changes = []
        prev = previous.get(record)
        if record.history_type == "~" and prev is None:
            prev = record.prev_record  # older than the rows read: one query, rarely
        if record.history_type == "~" and prev is not None:
            delta = record.diff_against(prev, excluded_fields=["version", "updated_at", "phase"])
            for change in delta.changes:
                field = instance._meta.get_field(change.field)
                if field.name == "nik":
                    changes.append((str(field.verbose_name), "…", "…"))
                else:
                    changes.append((str(field.verbose_name), change.old, change.new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                subject=f"{source.label}: {instance}",
                action=HISTORY_ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return entries


def _history_related(cooperative: Cooperative, instances: list, sources: list) -> None:
    """What the shown records' `str()` reads, without a query per row: their cooperative is the one at hand, and
    each source's `related` relations are read once for all its rows."""
    by_source: dict = {}
    for instance, source in zip(instances, sources, strict=True):
        for field in instance._meta.concrete_fields:
            mine = field.many_to_one and field.related_model is Cooperative
            if mine and getattr(instance, field.attname) == cooperative.pk:
                field.set_cached_value(instance, cooperative)
        by_source.setdefault(source.key, (source, []))[1].append(instance)
    for source, rows in by_source.values():
        if source.related:
            prefetch_related_objects(rows, *source.related)


def milestones_prefetch() -> Prefetch:
    """The cooperative page's one read of the cooperative's milestones (the panels that show them declare it)."""
    milestone = Cooperative._meta.get_field("milestones").related_model  # formation's, not imported (layers)
    return Prefetch(
        "milestones",
        queryset=milestone.objects.select_related("document", "recorded_by", "verified_by").order_by("date", "id"),
    )


def cooperative_milestones(cooperative: Cooperative):
    rows = registry.prefetched(cooperative, "milestones")
    if rows is not None:
        return rows
    return cooperative.milestones.select_related("document", "recorded_by", "verified_by").order_by("date", "id")
