"""Reads of the region hierarchy."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kopdes.core.scoping import ScopedRegion, get_object_for_user, scope_for, scoped_region
from kopdes.regions.choices import NATIONAL_CODE
from kopdes.regions.models import Region


def region_for_user(*, user, code: str) -> ScopedRegion:
    """The region a user asked for (`.region` is None for the whole country), checked against their scope: 404 when
    it is unknown or outside it. Aggregates over a region accept only what this returns."""
    code = (code or "").strip()
    if code in ("", NATIONAL_CODE):
        if not scope_for(user).everything:
            raise Http404
        return scoped_region(user, None)
    return scoped_region(user, get_object_for_user(Region, user, code=code))


def region_children(*, region: Region | None) -> QuerySet[Region]:
    if region is None:
        return Region.objects.filter(parent__isnull=True)
    return region.children.all()


def region_ancestors(region: Region | None) -> list[Region]:
    if region is None:
        return []
    return list(Region.objects.filter(code__in=region.ancestors_codes).order_by("code"))
