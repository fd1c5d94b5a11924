"""Reads of the registry, always through the user's scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from kopdes.cooperatives.models import BusinessUnit, Cooperative, Document, Official
from kopdes.cooperatives.rules import GovernanceWarning, governance_warnings, mask_nik
from kopdes.core.scoping import code_prefix_q, user_can


def current_officials(cooperative: Cooperative) -> QuerySet[Official]:
    today = timezone.localdate()
    return cooperative.officials.filter(Q(term_end__isnull=True) | Q(term_end__gte=today))


def cooperative_warnings(cooperative: Cooperative) -> list[GovernanceWarning]:
    return governance_warnings(current_officials(cooperative))


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

    def apply(self, queryset: QuerySet[Cooperative]) -> QuerySet[Cooperative]:
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
            queryset = queryset.filter(Q(name__icontains=self.q) | Q(village__name__icontains=self.q))
        return queryset


def cooperative_list(*, user, filters: CooperativeFilters | None = None) -> QuerySet[Cooperative]:
    queryset = Cooperative.objects.for_user(user).select_related("village", "village__parent")
    return (filters or CooperativeFilters()).apply(queryset).order_by("village_id")


def cooperative_get(*, user, pk: int) -> Cooperative:
    from kopdes.core.scoping import get_object_for_user

    return get_object_for_user(Cooperative.objects.select_related("village__parent__parent"), user, pk=pk)


def official_nik_for(user, official: Official) -> str:
    """The NIK as this user may see it: whole for roles that need it, masked otherwise."""
    return official.nik if user_can(user, "view_nik") else mask_nik(official.nik)


def official_list(*, user, cooperative: Cooperative) -> QuerySet[Official]:
    return Official.objects.for_user(user).filter(cooperative=cooperative)


def business_unit_list(*, user, cooperative: Cooperative) -> QuerySet[BusinessUnit]:
    return BusinessUnit.objects.for_user(user).filter(cooperative=cooperative)


def document_list(*, user, cooperative: Cooperative) -> QuerySet[Document]:
    return Document.objects.for_user(user).filter(cooperative=cooperative).select_related("uploaded_by")
