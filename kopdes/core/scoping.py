"""The one place where "what may this user see" is decided (STYLE.md rule 3).

A user's scope is everything (national admin, superuser), a region code prefix (regency officer, camat, kepala desa,
leader), or a set of cooperatives with their villages (pengurus, pendamping). The scope is computed where users live
(`accounts`: `User.build_scope()`); this module imports no model.

Every model declares how it is scoped (`scope_kind`):

- ``region`` (the default): `scope_region_field` is the path to a region code ("village__code",
  "cooperative__village__code"); a model that belongs to a cooperative also names `scope_cooperative_field`. A model
  may name `scope_owner_field` too: rows a user made stay visible to them (an import a pengurus ran).
- ``catalogue``: national reference data every signed-in user may read (training courses, providers).
- ``owner``: records only their owner sees (export jobs, a partner's own applications), `scope_owner_field`.

`for_user` turns the scope into one indexed WHERE clause; `get_object_for_user` answers 404 outside it; `require`
answers 403 for a capability the role lacks. Aggregates over a region take a `ScopedRegion`, which only
`scoped_region` (after checking the user) or `system_region` (CLI and benchmarks, no user) can make."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

NATIONAL_CODE = "ID"


def code_prefix_q(field: str, code: str) -> Q:
    """Q for region codes in `field` equal to `code` or under it ("64.02" matches "64.02.05.2003" but never
    "64.020"); an empty code or "ID" is the whole country. `field` must be a code column such as "code",
    "village__code" or "cooperative__village__code" (Django resolves these without a join)."""
    if not code or code == NATIONAL_CODE:
        return Q()
    return Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})


def code_covers(outer: str, code: str) -> bool:
    """Is `code` the region `outer` or under it ("" / "ID" covers everything)?"""
    if not outer or outer == NATIONAL_CODE:
        return True
    return code == outer or code.startswith(f"{outer}.")


class ScopeKind(StrEnum):
    REGION = "region"
    CATALOGUE = "catalogue"
    OWNER = "owner"


@dataclass(frozen=True)
class Scope:
    """What one user may see. Built once per request by `User.build_scope()` (accounts)."""

    everything: bool = False
    region_code: str | None = None
    cooperative_ids: frozenset[int] = field(default_factory=frozenset)
    village_codes: frozenset[str] = field(default_factory=frozenset)
    user_id: int | None = None

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @property
    def is_cooperative(self) -> bool:
        """Scoped to cooperatives (pengurus, pendamping) rather than to a region."""
        return not self.everything and self.region_code is None and self.user_id is not None

    def region_q(self, field: str) -> Q:
        """Q matching codes in `field` inside the scope (nothing for an empty scope)."""
        if self.everything:
            return Q()
        if self.region_code is not None:
            return code_prefix_q(field, self.region_code)
        if self.village_codes:
            return Q(**{f"{field}__in": sorted(self.village_codes)})
        return Q(pk__in=[])

    def covers_code(self, code: str) -> bool:
        """May the user see the region `code` ("" / "ID" = the whole country)? For cooperative users: the villages
        of their cooperatives."""
        if self.everything:
            return True
        if not code or code == NATIONAL_CODE:
            return False
        if self.region_code is not None:
            return code_covers(self.region_code, code)
        return code in self.village_codes

    @property
    def home_code(self) -> str:
        """The region a user's dashboard opens on."""
        if self.region_code:
            return self.region_code
        if not self.everything and len(self.village_codes) == 1:
            return next(iter(self.village_codes))
        return NATIONAL_CODE


NOTHING = Scope()


def scope_for(user) -> Scope:
    """The scope of a user (cached on the user object for one request). Anonymous and inactive users see nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    cached = getattr(user, "_kopdes_scope", None)
    if cached is not None:
        return cached
    build = getattr(user, "build_scope", None)
    scope = build() if build is not None else NOTHING
    user._kopdes_scope = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    """A queryset that restricts itself to a user's scope, as its model declares (see the module docstring)."""

    def for_user(self, user) -> ScopedQuerySet:
        scope = scope_for(user)
        model = self.model
        kind = getattr(model, "scope_kind", ScopeKind.REGION)
        owner_field = getattr(model, "scope_owner_field", None)
        if kind == ScopeKind.CATALOGUE:
            return self if scope.signed_in else self.none()
        if kind == ScopeKind.OWNER:
            return self.filter(**{owner_field: scope.user_id}) if scope.signed_in else self.none()
        if not scope.signed_in:
            return self.none()
        if scope.everything:
            return self
        if scope.region_code is not None:
            condition = scope.region_q(model.scope_region_field)
        else:
            coop_field = getattr(model, "scope_cooperative_field", None)
            if coop_field is not None:
                condition = Q(**{f"{coop_field}__in": sorted(scope.cooperative_ids)})
            else:  # region-like rows: the villages of the user's cooperatives
                condition = scope.region_q(model.scope_region_field)
        if owner_field is not None:
            condition |= Q(**{owner_field: scope.user_id})
        return self.filter(condition)


def get_object_for_user(queryset, user, **lookup):
    """The object matching `lookup` inside the user's scope, or 404: outside scope looks like not found."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset.objects.all()
    try:
        return queryset.for_user(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


_CHECKED = object()


@dataclass(frozen=True)
class ScopedRegion:
    """A region (or the whole country) already checked against the user who asked for it. Aggregates over a region
    accept only this, so a new caller cannot forget the check. `region` is the region row (None for the country)."""

    code: str
    region: object | None
    token: object = field(repr=False, compare=False, default=None)

    def __post_init__(self):
        if self.token is not _CHECKED:
            raise TypeError("ScopedRegion comes from scoped_region() or system_region(), never built directly")

    @property
    def is_national(self) -> bool:
        return self.region is None

    @property
    def level(self) -> str | None:
        return getattr(self.region, "level", None)

    @property
    def name(self) -> str:
        return getattr(self.region, "name", "Indonesia")


def scoped_region(user, region) -> ScopedRegion:
    """`region` (None = the whole country) checked against the user: 404 when outside their scope."""
    code = region.code if region is not None else ""
    if not scope_for(user).covers_code(code or NATIONAL_CODE):
        raise Http404
    return ScopedRegion(code=code, region=region, token=_CHECKED)


def system_region(region) -> ScopedRegion:
    """A region for work no user asked for (the CLI run by the operator, benchmarks, background roll-ups)."""
    return ScopedRegion(code=region.code if region is not None else "", region=region, token=_CHECKED)


def ensure_scoped(region) -> ScopedRegion:
    if not isinstance(region, ScopedRegion):
        raise TypeError(f"expected a ScopedRegion (see kopdes.core.scoping.scoped_region), got {type(region)!r}")
    return region


def region_user(user) -> bool:
    """Is the user bound to a region or to everything (region pages, targets, mapping), rather than to
    cooperatives (pengurus, pendamping) or to nothing?"""
    scope = scope_for(user)
    return scope.everything or scope.region_code is not None


def require(user, capability: str) -> None:
    """403 unless the user's role grants `capability` (checked after scope, so outsiders still get 404)."""
    if not user_can(user, capability):
        raise PermissionDenied


def user_can(user, capability: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    capabilities = getattr(user, "capabilities", None)
    return capability in (capabilities() if capabilities is not None else ())
