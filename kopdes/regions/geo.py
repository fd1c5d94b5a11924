"""Geometry helpers over the loaded boundaries (`Boundary`): is a point in its village, which region holds a point.

Other apps (cooperatives, exchange, assessment's field-visit GPS) call `check_location`; it needs nothing but the
boundaries table and shapely (GEOS from its wheel, no system GIS stack). Distances are metres on a local
equirectangular projection around the point: exact enough (well under 1%) for the few kilometres that matter."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import shapely
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from kopdes.regions.choices import LocationStatus, RegionLevel
from kopdes.regions.models import Boundary, Region

DEFAULT_TOLERANCE_M = 500

# Indonesia's extent with a margin (lon 95.0–141.0, lat −11.0–6.1 on the map).
INDONESIA_BOUNDS = (94.0, -11.5, 141.5, 6.5)  # min lon, min lat, max lon, max lat

# Coordinates known to stand in for "unknown": (0, 0) and central Jakarta, which the national data gives
# cooperatives of every province. Compared within PLACEHOLDER_EPSILON degrees (about 10 m).
PLACEHOLDERS = (
    (0.0, 0.0),
    (-6.2, 106.8),
    (-6.2, 106.816666),
    (-6.2088, 106.8456),
    (-6.175392, 106.827153),
)
PLACEHOLDER_EPSILON = 1e-4
JAKARTA_PROVINCE = "31"  # the Jakarta placeholders are real places for Jakarta's own villages

METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_EQUATOR = 111_320.0


@dataclass(frozen=True)
class LocationCheck:
    """The verdict on one location. `status` is a `LocationStatus` value; `distance_m` the distance in metres to
    the polygon when the point lies outside it (None otherwise); `label` says it in Indonesian for the user;
    `boundary_code` is the polygon checked against (the village's, else its kecamatan's or regency's when the
    village polygon is not loaded; "" when none)."""

    status: str
    distance_m: int | None
    label: str
    boundary_code: str = ""

    @property
    def refused(self) -> bool:
        """Must a form refuse this location? Placeholders, impossible points and points outside the tolerance."""
        return self.status in (LocationStatus.OUTSIDE, LocationStatus.PLACEHOLDER)

    @property
    def suspicious(self) -> bool:
        """Worth a look on the regency's list: refused ones and those only near the boundary."""
        return self.status in (LocationStatus.OUTSIDE, LocationStatus.PLACEHOLDER, LocationStatus.NEAR)


def tolerance_m() -> int:
    return int(getattr(settings, "KOPDES_LOCATION_TOLERANCE_M", DEFAULT_TOLERANCE_M))


def _fmt_coord(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _fmt_distance(metres: float) -> str:
    if metres < 1000:
        return _("%(m)d m") % {"m": round(metres)}
    return _("%(km)s km") % {"km": f"{metres / 1000:.1f}".replace(".", ",")}


def is_placeholder(lat: float, lon: float, village_code: str = "") -> bool:
    for p_lat, p_lon in PLACEHOLDERS:
        if abs(lat - p_lat) <= PLACEHOLDER_EPSILON and abs(lon - p_lon) <= PLACEHOLDER_EPSILON:
            jakarta_point = (p_lat, p_lon) != (0.0, 0.0)
            return not (jakarta_point and village_code.startswith(f"{JAKARTA_PROVINCE}."))
    return False


def in_indonesia(lat: float, lon: float) -> bool:
    min_lon, min_lat, max_lon, max_lat = INDONESIA_BOUNDS
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


def distance_m(geometry, lat: float, lon: float) -> float:
    """Metres from the point to `geometry` (0 inside it), on a local projection centred on the point."""
    kx = METRES_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(lat))
    scale = np.array([kx, METRES_PER_DEGREE_LAT])
    origin = np.array([lon, lat])
    projected = shapely.transform(geometry, lambda coords: (coords - origin) * scale)
    return float(shapely.distance(projected, shapely.Point(0.0, 0.0)))


def _region_title(code: str) -> str:
    region = Region.objects.filter(code=code).first()
    return region.title if region else code


def _prelude(village_code: str, lat, lon) -> tuple[LocationCheck | None, float, float]:
    """The checks that need no polygon: numbers, placeholders, the country's extent."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return LocationCheck(LocationStatus.OUTSIDE, None, _("Koordinat tidak terbaca.")), 0.0, 0.0
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        label = _("Koordinat tidak mungkin (%(lat)s, %(lon)s): lintang −90..90, bujur −180..180.") % {
            "lat": lat,
            "lon": lon,
        }
        if math.isfinite(lat) and math.isfinite(lon) and in_indonesia(lon, lat):
            label += " " + _("Lintang dan bujur mungkin tertukar.")
        return LocationCheck(LocationStatus.OUTSIDE, None, label), lat, lon
    if is_placeholder(lat, lon, village_code):
        label = _(
            "Koordinat %(lat)s, %(lon)s adalah koordinat pengganti (bukan lokasi sebenarnya): isi lokasi koperasi "
            "yang benar."
        ) % {"lat": _fmt_coord(lat), "lon": _fmt_coord(lon)}
        return LocationCheck(LocationStatus.PLACEHOLDER, None, label), lat, lon
    if not in_indonesia(lat, lon):
        label = _("Koordinat %(lat)s, %(lon)s berada di luar Indonesia.") % {
            "lat": _fmt_coord(lat),
            "lon": _fmt_coord(lon),
        }
        if in_indonesia(lon, lat):
            label += " " + _("Lintang dan bujur mungkin tertukar.")
        return LocationCheck(LocationStatus.OUTSIDE, None, label), lat, lon
    return None, lat, lon


def _own_codes(village_code: str) -> list[str]:
    """The village and its ancestors below the province, most specific first."""
    parts = village_code.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 1, -1)]


def _verdict(
    *, village_code: str, lat: float, lon: float, boundary_code: str, geometry, tolerance: int
) -> LocationCheck:
    title = _region_title(boundary_code)
    fallback = boundary_code != village_code
    if shapely.intersects_xy(geometry, lon, lat):
        if fallback:
            label = _("Di dalam %(region)s (batas desa/kelurahan belum dimuat).") % {"region": title}
        else:
            label = _("Di dalam %(region)s.") % {"region": title}
        return LocationCheck(LocationStatus.INSIDE, None, label, boundary_code)
    metres = distance_m(geometry, lat, lon)
    params = {"region": title, "distance": _fmt_distance(metres), "tolerance": _fmt_distance(tolerance)}
    if metres <= tolerance:
        label = _("Di luar batas %(region)s, %(distance)s dari batasnya (masih dalam toleransi %(tolerance)s).")
        return LocationCheck(LocationStatus.NEAR, round(metres), label % params, boundary_code)
    label = _("Di luar %(region)s: %(distance)s dari batasnya (toleransi %(tolerance)s).") % params
    found = locate_point(lat, lon)
    if found is not None:
        label += " " + _("Titik ini berada di %(found)s.") % {"found": found_label(found)}
    return LocationCheck(LocationStatus.OUTSIDE, round(metres), label, boundary_code)


def check_location(village_code: str, lat: float, lon: float, *, tolerance: int | None = None) -> LocationCheck:
    """Does (lat, lon) lie in the village `village_code`? Inside its polygon: "inside"; outside but within the
    tolerance (setting KOPDES_LOCATION_TOLERANCE_M, default 500 m; the polygons are generalised): "near" with the
    distance; farther: "outside" (the label names where the point does lie when a loaded polygon holds it);
    known placeholders (0,0; −6.2,106.8 for a village outside Jakarta): "placeholder"; impossible or outside
    Indonesia: "outside" with no distance. Without the village polygon the kecamatan's (then the regency's) is used,
    and the label says so; with none loaded: "no_boundary". Two small queries."""
    early, lat, lon = _prelude(village_code, lat, lon)
    if early is not None:
        return early
    tolerance = tolerance_m() if tolerance is None else tolerance
    codes = _own_codes(village_code)
    rows = dict(Boundary.objects.filter(region_id__in=codes).values_list("region_id", "geometry"))
    for code in codes:
        if code in rows:
            geometry = shapely.from_geojson(rows[code])
            return _verdict(
                village_code=village_code, lat=lat, lon=lon, boundary_code=code, geometry=geometry, tolerance=tolerance
            )
    label = _("Batas wilayah %(region)s belum dimuat: lokasi belum dapat diperiksa.") % {
        "region": _region_title(village_code)
    }
    return LocationCheck(LocationStatus.NO_BOUNDARY, None, label)


def check_locations(
    items: Iterable[tuple[object, str, float, float]], *, tolerance: int | None = None
) -> dict[object, LocationCheck]:
    """`check_location` for many (key, village_code, lat, lon) at once, with one query for the polygons: the
    suspicious-locations list of a regency. Each polygon is parsed once."""
    items = list(items)
    tolerance = tolerance_m() if tolerance is None else tolerance
    wanted = {code for _key, village_code, _lat, _lon in items for code in _own_codes(village_code)}
    rows = dict(Boundary.objects.filter(region_id__in=wanted).values_list("region_id", "geometry"))
    parsed: dict[str, object] = {}
    results: dict[object, LocationCheck] = {}
    for key, village_code, raw_lat, raw_lon in items:
        early, lat, lon = _prelude(village_code, raw_lat, raw_lon)
        if early is not None:
            results[key] = early
            continue
        code = next((code for code in _own_codes(village_code) if code in rows), None)
        if code is None:
            label = _("Batas wilayah %(region)s belum dimuat: lokasi belum dapat diperiksa.") % {
                "region": _region_title(village_code)
            }
            results[key] = LocationCheck(LocationStatus.NO_BOUNDARY, None, label)
            continue
        if code not in parsed:
            parsed[code] = shapely.from_geojson(rows[code])
        results[key] = _verdict(
            village_code=village_code, lat=lat, lon=lon, boundary_code=code, geometry=parsed[code], tolerance=tolerance
        )
    return results


def locate_point(lat: float, lon: float) -> Region | None:
    """The most specific loaded region whose polygon holds the point (a village where villages are loaded, else a
    kecamatan or regency), or None. The bounding boxes narrow it to a handful of rows first (indexed columns are not
    needed: the filter is on the few hundred rows of one level near the point)."""
    for level in (RegionLevel.VILLAGE, RegionLevel.DISTRICT, RegionLevel.REGENCY):
        candidates = Boundary.objects.filter(
            Q(level=level, min_lon__lte=lon, max_lon__gte=lon, min_lat__lte=lat, max_lat__gte=lat)
        ).values_list("region_id", "geometry")
        for code, text in candidates:
            if shapely.intersects_xy(shapely.from_geojson(text), lon, lat):
                return Region.objects.select_related("parent").get(code=code)
    return None


def found_label(region: Region) -> str:
    """ "Kelurahan Sempaja Selatan, Kecamatan Samarinda Utara" (a region with its parent)."""
    if region.parent_id and region.level != RegionLevel.REGENCY:
        return f"{region.title}, {region.parent.title}"
    return region.title
