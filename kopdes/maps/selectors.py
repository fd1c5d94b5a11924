"""Reads for the maps: the GeoJSON of a region's children with their figures, the points layer, the locations that
do not fit their village. Every function takes a checked region (`ScopedRegion`)."""

from __future__ import annotations

import hashlib
import json

import shapely
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from kopdes.cooperatives.models import Cooperative
from kopdes.core import registry
from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped, system_region
from kopdes.mapping.models import VillagePotential
from kopdes.mapping.selectors import open_overlap_units
from kopdes.maps.rules import FIGURE_BLOCKS, figures, indicator_values
from kopdes.regions.boundaries import ATTRIBUTION
from kopdes.regions.choices import RegionLevel
from kopdes.regions.geo import check_locations
from kopdes.regions.models import Boundary, Region

CACHE_SECONDS = 300  # the figures may be five minutes old; the ETag changes with them
CACHE_VERSION = 1


def _children(region: ScopedRegion) -> list[Region]:
    if region.region is None:
        return list(Region.objects.filter(parent__isnull=True).order_by("code"))
    return list(Region.objects.filter(parent_id=region.code).order_by("code"))


def _feature(code: str, name: str, display: str, properties: dict) -> str:
    """One Feature as JSON text: the stored display geometry is inserted as it is, never parsed."""
    props = json.dumps({"code": code, "name": name, **properties}, separators=(",", ":"), default=str)
    return f'{{"type":"Feature","properties":{props},"geometry":{display}}}'


def boundary_collection(*, region: ScopedRegion) -> tuple[str, bytes]:
    """(ETag, GeoJSON bytes) of the map of a checked region: its children (the country's provinces, a province's
    regencies, a regency's kecamatan, a kecamatan's villages where loaded), each feature's properties holding
    `code`, `name`, `figures` (the numbers of the progress blocks for that child) and `indicators` (the choropleth
    values, `kopdes.maps.rules.INDICATORS`); a village's map is the village itself. One indexed query for the
    polygons; the figures are each child's progress document (the same numbers as its own page). Cached for
    CACHE_SECONDS per region and day."""
    ensure_scoped(region)
    key = f"maps:boundaries:{CACHE_VERSION}:{region.code or 'ID'}:{timezone.localdate().isoformat()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    if region.level == RegionLevel.VILLAGE:
        children = [region.region]
        rows = Boundary.objects.filter(region_id=region.code)
    else:
        children = _children(region)
        rows = Boundary.objects.filter(parent_code=region.code)
    displays = dict(rows.values_list("region_id", "display"))
    features = []
    spines = _spines(region) if displays else {}
    for child in children:
        if child.code not in displays:
            continue
        # The child is inside the checked region, so inside the user's scope: its figures need no new check.
        document = _figures_document(system_region(child), spines.get(child.code, {}))
        properties = {
            "level": child.level,
            "figures": figures(document),
            "indicators": indicator_values(document),
        }
        features.append(_feature(child.code, child.name, displays[child.code], properties))
    missing = [child.code for child in children if child.code not in displays]
    head = json.dumps(
        {
            "type": "FeatureCollection",
            "region": {"code": region.code or "ID", "name": region.name, "level": region.level},
            "attribution": ATTRIBUTION,
            "missing": missing,
        },
        separators=(",", ":"),
    )[:-1]
    body = f'{head},"features":[{",".join(features)}]}}'.encode()
    result = (f'"{hashlib.sha256(body).hexdigest()[:32]}"', body)
    cache.set(key, result, CACHE_SECONDS)
    return result


def _spines(region: ScopedRegion) -> dict[str, dict]:
    """Villages, cooperatives and phases of each child of a checked region (of the village itself on a village's
    map), from one run of the spread block (formation's phases: two grouped queries for all children at once)."""
    spine = next(block for block in registry.progress_blocks if block.spread)
    value = spine.build(region, {})
    rows = [value] if region.level == RegionLevel.VILLAGE else value.get("children", [])
    return {
        row["region"]["code"]: {key: row.get(key) for key in ("villages", "cooperatives", "phases")} for row in rows
    }


def _figures_document(region: ScopedRegion, spine: dict) -> dict:
    """The part of a region's progress document the map shows: the spine (villages, cooperatives, phases, already
    read for all children) and the blocks of FIGURE_BLOCKS, built in block order as `progress_document` builds them
    (a block may read the document so far), skipping the others (targets, the national snapshot, this map's own
    block…)."""
    document: dict = dict(spine)
    for block in registry.progress_blocks:
        if block.spread or block.key not in FIGURE_BLOCKS:
            continue
        document[block.key] = block.build(region, document)
    return document


def _centre(display: str) -> tuple[float, float]:
    point = shapely.from_geojson(display).representative_point()
    return round(point.y, 5), round(point.x, 5)


def points_collection(*, region: ScopedRegion) -> dict:
    """The points layer of a checked region: cooperatives with a recorded location (with the verdict of their
    location check), and per village the potentials mapped and the open overlaps, at a point inside the village
    polygon (where loaded)."""
    ensure_scoped(region)
    cooperatives = list(
        Cooperative.objects.filter(code_prefix_q("village__code", region.code))
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("id", "name", "village_id", "latitude", "longitude", "phase")
    )
    checks = check_locations(
        (pk, village, float(lat), float(lon)) for pk, _name, village, lat, lon, _phase in cooperatives
    )
    features = [
        {
            "type": "Feature",
            "properties": {
                "kind": "cooperative",
                "id": pk,
                "name": name,
                "village": village,
                "phase": phase,
                "check": checks[pk].status,
                "check_label": checks[pk].label,
            },
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        }
        for pk, name, village, lat, lon, phase in cooperatives
    ]
    potentials = dict(
        VillagePotential.objects.filter(code_prefix_q("village__code", region.code))
        .values("village_id")
        .annotate(n=Count("id"))
        .values_list("village_id", "n")
    )
    overlaps = dict(
        open_overlap_units()
        .filter(code_prefix_q("cooperative__village__code", region.code))
        .values("cooperative__village_id")
        .annotate(n=Count("id"))
        .values_list("cooperative__village_id", "n")
    )
    villages = set(potentials) | set(overlaps)
    displays = dict(Boundary.objects.filter(region_id__in=villages).values_list("region_id", "display"))
    names = dict(Region.objects.filter(code__in=villages).values_list("code", "name"))
    for village in sorted(displays):
        lat, lon = _centre(displays[village])
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "village",
                    "code": village,
                    "name": names.get(village, village),
                    "potentials": potentials.get(village, 0),
                    "open_overlaps": overlaps.get(village, 0),
                },
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}


def suspicious_locations(*, region: ScopedRegion, include_near: bool = True) -> list[dict]:
    """The cooperatives of a checked region whose recorded location is a placeholder, impossible, outside their
    village or (with `include_near`) only near it: one query for the cooperatives, one for the polygons."""
    ensure_scoped(region)
    rows = list(
        Cooperative.objects.filter(code_prefix_q("village__code", region.code))
        .filter(latitude__isnull=False, longitude__isnull=False)
        .select_related("village__parent")
        .order_by("village_id")
    )
    checks = check_locations((row.pk, row.village_id, row.latitude, row.longitude) for row in rows)
    out = []
    for row in rows:
        check = checks[row.pk]
        if check.refused or (include_near and check.suspicious):
            out.append({"cooperative": row, "check": check})
    return out


def location_summary(*, region: ScopedRegion, rows: list[dict] | None = None) -> dict:
    """How many cooperatives of the region have a location, and how many of those are refused (placeholder,
    impossible, outside their village). `rows`: the region's `suspicious_locations` when already read."""
    ensure_scoped(region)
    total = Cooperative.objects.filter(code_prefix_q("village__code", region.code)).count()
    if rows is None:
        rows = suspicious_locations(region=region, include_near=False)
    rows = [row for row in rows if row["check"].refused]
    located = (
        Cooperative.objects.filter(code_prefix_q("village__code", region.code))
        .filter(latitude__isnull=False, longitude__isnull=False)
        .count()
    )
    return {"cooperatives": total, "located": located, "refused": len(rows)}


def cooperative_map(*, cooperative: Cooperative) -> dict:
    """The cooperative page's small map: its village polygon (or its kecamatan's) and its location with the check."""
    codes = [cooperative.village_id, cooperative.village.parent_id]
    displays = dict(Boundary.objects.filter(region_id__in=codes).values_list("region_id", "display"))
    code = next((code for code in codes if code in displays), None)
    check = None
    if cooperative.latitude is not None and cooperative.longitude is not None:
        check = check_locations([(0, cooperative.village_id, cooperative.latitude, cooperative.longitude)])[0]
    return {
        "boundary_code": code,
        "geometry": json.loads(displays[code]) if code else None,
        "latitude": float(cooperative.latitude) if cooperative.latitude is not None else None,
        "longitude": float(cooperative.longitude) if cooperative.longitude is not None else None,
        "check": check,
    }


def map_block(*, region: ScopedRegion) -> dict:
    """The "map" block of the progress document: three counts, no geometry (the map loads its GeoJSON itself)."""
    ensure_scoped(region)
    if region.level == RegionLevel.VILLAGE:
        areas, with_boundary = 1, Boundary.objects.filter(region_id=region.code).count()
    else:
        areas = (
            Region.objects.filter(parent__isnull=True).count()
            if region.region is None
            else Region.objects.filter(parent_id=region.code).count()
        )
        with_boundary = Boundary.objects.filter(parent_code=region.code).count()
    located = (
        Cooperative.objects.filter(code_prefix_q("village__code", region.code))
        .filter(latitude__isnull=False, longitude__isnull=False)
        .count()
    )
    return {"areas": areas, "areas_with_boundary": with_boundary, "cooperatives_located": located}
