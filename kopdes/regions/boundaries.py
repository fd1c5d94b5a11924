"""Loading boundaries (GeoJSON keyed by Kemendagri code) into `Boundary`, and the simplified geometry a map draws.

The whole file is validated before anything is written (unknown codes, a code of another level than asked, a missing
or empty or invalid geometry, a code twice): on any error nothing is loaded. A second load of the same file writes
nothing. Loading regencies also (re)builds the provinces whose regencies are all loaded, as their union, so that the
country's map of provinces needs no separate file."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kopdes.regions.choices import CODE_LENGTH, RegionLevel
from kopdes.regions.models import Boundary, Region

BOUNDARIES_DIR = settings.BASE_DIR / "data" / "boundaries"
SHIPPED_FILES = ("indonesia-kabupaten.geojson.gz", "indonesia-kecamatan.geojson.gz", "kaltim-desa.geojson.gz")
ATTRIBUTION = "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), kode Kepmendagri 2025"

# Simplification of the geometry a map of the parent's children draws (degrees; 0.001° ≈ 110 m) and the decimals
# kept (4 ≈ 11 m). A regency's kecamatan map stays well under 100 KB; the country's regencies about 1 MB gzipped.
DISPLAY_TOLERANCE = {
    RegionLevel.PROVINCE: 0.01,
    RegionLevel.REGENCY: 0.004,
    RegionLevel.DISTRICT: 0.001,
    RegionLevel.VILLAGE: 0.0002,
}
DISPLAY_DECIMALS = {
    RegionLevel.PROVINCE: 3,
    RegionLevel.REGENCY: 3,
    RegionLevel.DISTRICT: 4,
    RegionLevel.VILLAGE: 5,
}
MAX_ERRORS = 50
BATCH_SIZE = 500


@dataclass(frozen=True)
class BoundaryError:
    feature: int  # 1-based position in the file; 0 for the file itself
    code: str
    message: str

    def __str__(self) -> str:
        where = _("fitur %(n)d") % {"n": self.feature} if self.feature else _("berkas")
        return f"{where} {self.code}: {self.message}".replace("  ", " ")


@dataclass
class BoundaryLoadResult:
    errors: list[BoundaryError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    provinces: int = 0  # province polygons built from their regencies
    by_level: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _round(coords, decimals: int):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], decimals), round(coords[1], decimals)]
    return [_round(part, decimals) for part in coords]


def display_geojson(geometry, level: str) -> str:
    """The geometry a map of `level` areas draws: simplified (topology kept) and rounded, as compact JSON."""
    simple = shapely.simplify(geometry, DISPLAY_TOLERANCE[level], preserve_topology=True)
    if simple.is_empty:
        simple = geometry
    mapping = shapely.geometry.mapping(simple)
    return json.dumps(
        {"type": mapping["type"], "coordinates": _round(mapping["coordinates"], DISPLAY_DECIMALS[level])},
        separators=(",", ":"),
    )


def read_geojson(path: Path | str) -> bytes:
    path = Path(path)
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" or data[:2] == b"\x1f\x8b" else data


def _parse(data: bytes, level: str | None) -> tuple[list[tuple[int, str, object]], list[BoundaryError]]:
    """(position, code, shapely geometry) of every feature, or the errors."""
    errors: list[BoundaryError] = []
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        return [], [BoundaryError(0, "", _("bukan GeoJSON yang sah (%(error)s).") % {"error": exc})]
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return [], [BoundaryError(0, "", _("harus berupa GeoJSON FeatureCollection."))]
    features = document.get("features")
    if not isinstance(features, list) or not features:
        return [], [BoundaryError(0, "", _("tidak berisi fitur."))]
    parsed = []
    seen: set[str] = set()
    for position, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") if isinstance(feature, dict) else None
        code = str((properties or {}).get("code") or "").strip()
        if not code:
            errors.append(BoundaryError(position, "", _("tanpa properti 'code' (kode Kemendagri).")))
            continue
        if code in seen:
            errors.append(BoundaryError(position, code, _("kode muncul lebih dari sekali.")))
            continue
        seen.add(code)
        if code.count(".") > 3:
            errors.append(BoundaryError(position, code, _("kode tidak dikenal.")))
            continue
        code_level = Region.level_of(code)
        if level and code_level != level:
            errors.append(
                BoundaryError(
                    position,
                    code,
                    _("kode %(found)s, bukan %(wanted)s.")
                    % {"found": RegionLevel(code_level).label, "wanted": RegionLevel(level).label},
                )
            )
            continue
        raw = feature.get("geometry")
        if not raw:
            errors.append(BoundaryError(position, code, _("tanpa geometri.")))
            continue
        if not isinstance(raw, dict) or raw.get("type") not in ("Polygon", "MultiPolygon"):
            errors.append(BoundaryError(position, code, _("geometri harus Polygon atau MultiPolygon.")))
            continue
        try:
            geometry = shapely.geometry.shape(raw)
        except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as exc:
            errors.append(BoundaryError(position, code, _("geometri tidak terbaca (%(error)s).") % {"error": exc}))
            continue
        if not geometry.is_valid:
            reason = shapely.is_valid_reason(geometry)
            errors.append(BoundaryError(position, code, _("geometri tidak sah (%(reason)s).") % {"reason": reason}))
            continue
        if geometry.is_empty or geometry.area == 0:
            errors.append(BoundaryError(position, code, _("geometri kosong.")))
            continue
        min_lon, min_lat, max_lon, max_lat = geometry.bounds
        if min_lon < -180 or max_lon > 180 or min_lat < -90 or max_lat > 90:
            errors.append(
                BoundaryError(position, code, _("koordinat di luar rentang bujur/lintang (urutan [bujur, lintang])."))
            )
            continue
        parsed.append((position, code, geometry))
    return parsed, errors


def _row(code: str, geometry, source: str) -> Boundary:
    level = Region.level_of(code)
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    return Boundary(
        region_id=code,
        level=level,
        parent_code=code.rsplit(".", 1)[0] if "." in code else "",
        geometry=shapely.to_geojson(geometry),
        display=display_geojson(geometry, level),
        min_lon=min_lon,
        min_lat=min_lat,
        max_lon=max_lon,
        max_lat=max_lat,
        source=source[:200],
    )


FIELDS = ["level", "parent_code", "geometry", "display", "min_lon", "min_lat", "max_lon", "max_lat", "source"]


def _write(rows: list[Boundary], result: BoundaryLoadResult) -> None:
    existing = {
        code: (geometry, display)
        for code, geometry, display in Boundary.objects.filter(region_id__in=[row.region_id for row in rows])
        .values_list("region_id", "geometry", "display")
        .iterator(chunk_size=2000)
    }
    to_create, to_update = [], []
    for row in rows:
        result.by_level[row.level] = result.by_level.get(row.level, 0) + 1
        stored = existing.get(row.region_id)
        if stored is None:
            to_create.append(row)
        elif stored != (row.geometry, row.display):
            to_update.append(row)
        else:
            result.unchanged += 1
    Boundary.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Boundary.objects.bulk_update(to_update, FIELDS, batch_size=BATCH_SIZE)
    result.created += len(to_create)
    result.updated += len(to_update)


def _provinces_from_regencies(codes: set[str], result: BoundaryLoadResult) -> None:
    """The provinces of the loaded regencies whose regencies all have a polygon: their union."""
    provinces = {code[: CODE_LENGTH[RegionLevel.PROVINCE]] for code in codes}
    expected: dict[str, set[str]] = defaultdict(set)
    for code in Region.objects.filter(level=RegionLevel.REGENCY, parent_id__in=provinces).values_list(
        "code", flat=True
    ):
        expected[code[:2]].add(code)
    loaded: dict[str, list] = defaultdict(list)
    for code, text in Boundary.objects.filter(level=RegionLevel.REGENCY, parent_code__in=provinces).values_list(
        "region_id", "geometry"
    ):
        loaded[code[:2]].append((code, text))
    rows = []
    for province, regencies in sorted(loaded.items()):
        if {code for code, _text in regencies} != expected[province]:
            continue
        union = shapely.union_all([shapely.from_geojson(text) for _code, text in regencies], grid_size=1e-5)
        union = shapely.make_valid(union)
        if union.geom_type == "GeometryCollection":
            union = shapely.MultiPolygon(
                [
                    part
                    for geom in union.geoms
                    if geom.geom_type in ("Polygon", "MultiPolygon")
                    for part in getattr(geom, "geoms", [geom])
                ]
            )
        rows.append(_row(province, union, _("gabungan kabupaten/kota")))
    _write(rows, result)
    result.provinces = len(rows)


def boundaries_load(*, data: bytes, level: str | None = None, source: str = "") -> BoundaryLoadResult:
    """Validate the whole GeoJSON `data` (every feature's `code` a known region of `level` when given; Polygon or
    MultiPolygon geometry, not empty, valid) and upsert the boundaries in one transaction; on any error nothing is
    written and `errors` says what (at most MAX_ERRORS of them)."""
    parsed, errors = _parse(data, level)
    known = set()
    codes = [code for _position, code, _geometry in parsed]
    for start in range(0, len(codes), 5000):
        known.update(Region.objects.filter(code__in=codes[start : start + 5000]).values_list("code", flat=True))
    errors += [
        BoundaryError(position, code, _("kode tidak ada di data wilayah Kemendagri."))
        for position, code, _geometry in parsed
        if code not in known
    ]
    result = BoundaryLoadResult()
    if errors:
        errors.sort(key=lambda error: error.feature)
        result.errors = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            result.errors.append(
                BoundaryError(0, "", _("… dan %(n)d kesalahan lain.") % {"n": len(errors) - MAX_ERRORS})
            )
        return result
    with transaction.atomic():
        _write([_row(code, geometry, source) for _position, code, geometry in parsed], result)
        regencies = {code for code in codes if Region.level_of(code) == RegionLevel.REGENCY}
        if regencies:
            _provinces_from_regencies(regencies, result)
    return result


def boundaries_load_shipped() -> list[tuple[str, BoundaryLoadResult]]:
    """The files shipped in data/boundaries (`make demo`), regencies first."""
    results = []
    for name in SHIPPED_FILES:
        path = BOUNDARIES_DIR / name
        results.append((name, boundaries_load(data=read_geojson(path), source=f"data/boundaries/{name}")))
    return results
