"""The one place where "what may this user see" is decided (STYLE.md rule 3).

A user's scope is either everything (national admin, superuser), a region code prefix (regency officer, camat,
kepala desa, leader), or a set of cooperatives (pengurus, pendamping). Every scoped model says where its region
code and its cooperative live; `for_user` turns the scope into one indexed WHERE clause."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404


def code_prefix_q(field: str, code: str) -> Q:
    """Q for region codes in `field` equal to `code` or under it ("64.02" matches "64.02.05.2003" but never
    "64.020"); an empty code or "ID" is the whole country. `field` must be a code column such as "code",
    "village__code" or "cooperative__village__code" (Django resolves these without a join)."""
    if not code or code == "ID":
        return Q()
    return Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    region_code: str | None = None
    cooperative_ids: frozenset[int] | None = None

    def region_q(self, field: str) -> Q:
        """Q matching codes in `field` equal to the scope's region or under it."""
        return code_prefix_q(field, self.region_code or "")

    def covers_code(self, code: str) -> bool:
        if self.everything:
            return True
        if self.region_code is not None:
            return code == self.region_code or code.startswith(f"{self.region_code}.")
        return False


NOTHING = Scope()


def scope_for(user) -> Scope:
    """The scope of a user, computed from role and assignment (cached on the user object for one request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    cached = getattr(user, "_kopdes_scope", None)
    if cached is not None:
        return cached
    from kopdes.accounts.choices import COOPERATIVE_ROLES

    if user.is_superuser or (user.role == "admin" and not user.region_id):
        scope = Scope(everything=True)
    elif user.role in COOPERATIVE_ROLES:
        ids = set(user.assigned_cooperatives.values_list("pk", flat=True))
        if user.cooperative_id:
            ids.add(user.cooperative_id)
        scope = Scope(cooperative_ids=frozenset(ids))
    elif user.region_id:
        scope = Scope(region_code=user.region_id)
    else:
        scope = NOTHING
    user._kopdes_scope = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to a user's scope.

    The model declares `scope_region_field` (the path to a region code, e.g. "village__code" or
    "cooperative__village__code") and, when it belongs to a cooperative, `scope_cooperative_field`."""

    def for_user(self, user) -> ScopedQuerySet:
        scope = scope_for(user)
        if scope.everything:
            return self
        region_field = self.model.scope_region_field
        if scope.region_code is not None:
            return self.filter(scope.region_q(region_field))
        if scope.cooperative_ids:
            coop_field = getattr(self.model, "scope_cooperative_field", None)
            if coop_field is not None:
                return self.filter(**{f"{coop_field}__in": scope.cooperative_ids})
            # Region-like models: the villages of the user's cooperatives.
            from kopdes.cooperatives.models import Cooperative

            village_codes = Cooperative.objects.filter(pk__in=scope.cooperative_ids).values("village_id")
            return self.filter(**{f"{region_field}__in": village_codes})
        return self.none()


def get_object_for_user(queryset, user, **lookup):
    """The object matching `lookup` inside the user's scope, or 404: outside scope looks like not found."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset.objects.all()
    try:
        return queryset.for_user(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def require(user, capability: str) -> None:
    """403 unless the user's role grants `capability` (checked after scope, so outsiders still get 404)."""
    if not user_can(user, capability):
        raise PermissionDenied


def user_can(user, capability: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    from kopdes.accounts.choices import ROLE_CAPABILITIES

    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())
