"""Reads of the region hierarchy."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.http import Http404
from django.utils.translation import gettext as _

from kopdes.core.scoping import ScopedRegion, get_object_for_user, scope_for, scoped_region
from kopdes.regions.choices import NATIONAL_CODE, RegionLevel
from kopdes.regions.models import Region, search_key


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


CODE_QUERY = re.compile(r"^\d{2}(\.\d{0,2}){0,2}(\.\d{0,4})?$")
CODE_IN_TEXT = re.compile(r"\b(\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?)\b")
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class RegionMatch:
    """One suggestion of the region search: the region and its parent's name, which tells apart the many villages
    of one name ("Sumber Sari" exists in dozens of kecamatan)."""

    code: str
    name: str
    level: str
    kind: str
    parent_name: str

    @property
    def label(self) -> str:
        return f"{self.name}, {self.parent_name} ({self.code})" if self.parent_name else f"{self.name} ({self.code})"


def region_search(
    *, user, q: str, levels: list[str] | tuple[str, ...] = (), limit: int = SEARCH_LIMIT
) -> list[RegionMatch]:
    """Regions in the user's scope whose code starts with `q` ("64.02.06") or whose name starts with it
    ("tenggarong", "rapak lambur", "kutai" for "Kabupaten Kutai Kartanegara"; above the villages also a word
    inside the name), best first: the exact name, then
    names that start with it, regencies before kecamatan before villages. `levels` restricts the levels offered.

    Two small queries: the indexed code or normalised name (`Region.search_name`, pattern index), then the kept
    rows' parent names."""
    text = (q or "").strip()
    if len(text) < 2:
        return []
    queryset = Region.objects.for_user(user)
    if levels:
        queryset = queryset.filter(level__in=list(levels))
    if CODE_QUERY.match(text):
        queryset = queryset.filter(code__startswith=text).order_by(Length("code"), "code")
    else:
        key = search_key(text)
        if not key:
            return []
        # A word inside the name ("muntai" for "Muara Muntai") is looked for above the villages only: 7,800 rows
        # through the level index rather than a scan of 84,000 village names; villages are found by their start.
        above_villages = [level for level in RegionLevel.values if level != RegionLevel.VILLAGE]
        queryset = (
            queryset.filter(
                Q(search_name__startswith=key) | Q(level__in=above_villages, search_name__contains=f" {key}")
            )
            .annotate(
                rank=Case(
                    When(search_name=key, then=Value(0)),
                    When(search_name__startswith=key, then=Value(1)),
                    default=Value(2),
                ),
                depth=Length("code"),
            )
            .order_by("rank", "depth", "search_name", "code")
        )
    # The parents' names in a second query over the few rows kept: joining before the LIMIT would join every match.
    rows = list(queryset.values_list("code", "name", "level", "kind", "parent_id")[:limit])
    parents = dict(Region.objects.filter(code__in={row[4] for row in rows if row[4]}).values_list("code", "name"))
    return [RegionMatch(code, name, level, kind, parents.get(parent, "")) for code, name, level, kind, parent in rows]


class RegionLookupError(ValueError):
    """Text that names no region, or several: `matches` are the candidates to offer (empty when none)."""

    def __init__(self, message, matches: list[RegionMatch] | None = None):
        super().__init__(message)
        self.message = message
        self.matches = matches or []


def region_lookup(*, user, text: str, levels: list[str] | tuple[str, ...] = ()) -> Region:
    """The one region in the user's scope that `text` names: a code ("64.02.06"), a suggestion's label
    ("Tenggarong, Kabupaten Kutai Kartanegara (64.02.06)": the code in it), or a name that only one region in scope
    (of `levels`) bears exactly or begins with. Raises RegionLookupError with the candidates otherwise; a region
    outside the scope reads as unknown."""
    text = (text or "").strip()
    found = CODE_IN_TEXT.search(text)
    queryset = Region.objects.for_user(user).select_related("parent")
    if levels:
        queryset = queryset.filter(level__in=list(levels))
    if found and (CODE_QUERY.match(text) or text.endswith(")")):
        region = queryset.filter(code=found.group(1)).first()
        other = None if region is not None or not levels else Region.objects.for_user(user).filter(code=found.group(1))
        if other is not None and other.exists():
            wanted = " / ".join(str(RegionLevel(level).label).lower() for level in levels)
            raise RegionLookupError(_("%(code)s bukan kode %(wanted)s.") % {"code": found.group(1), "wanted": wanted})
        if region is None:
            raise RegionLookupError(
                _("Kode wilayah %(code)s tidak dikenal atau di luar wilayah Anda.") % {"code": found.group(1)}
            )
        return region
    matches = region_search(user=user, q=text, levels=levels, limit=SEARCH_LIMIT)
    key = search_key(text)
    exact = [match for match in matches if search_key(match.name) == key]
    chosen = exact if exact else matches
    if len(chosen) == 1:
        return queryset.get(code=chosen[0].code)
    if not matches:
        raise RegionLookupError(_("Tidak ada wilayah bernama “%(text)s” di wilayah Anda.") % {"text": text})
    raise RegionLookupError(
        _("Ada beberapa wilayah yang cocok dengan “%(text)s”: pilih salah satu.") % {"text": text}, matches
    )


def region_breadcrumb(*, user, region: Region | None) -> list[dict]:
    """The trail above a region page, from the country down to the region's parent: {"code", "name", "link"}, with
    a link only where the user may open that page (a pengurus sees their kecamatan's name but no link to it). The
    country's own page has no trail (never "Indonesia > Indonesia")."""
    if region is None:
        return []
    scope = scope_for(user)
    crumbs = [{"code": NATIONAL_CODE, "name": "Indonesia", "link": scope.everything}]
    crumbs += [
        {"code": ancestor.code, "name": ancestor.name, "link": scope.covers_code(ancestor.code)}
        for ancestor in region_ancestors(region)
    ]
    return crumbs
