"""The maps API: the GeoJSON of a region's children with their figures (ETag, gzip), the points layer, the
locations that do not fit their village, and the location check itself (for forms and field apps)."""

from __future__ import annotations

import gzip
from typing import Annotated

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from ninja import Field, Query, Router, Schema

from kopdes.core.api import ErrorOut, RegionCode
from kopdes.maps.selectors import boundary_collection, points_collection, suspicious_locations
from kopdes.regions.choices import LocationStatus, RegionLevel
from kopdes.regions.geo import check_location
from kopdes.regions.selectors import region_for_user

router = Router()

GEOJSON = "application/geo+json"
GZIP_ABOVE = 1024


def _geojson_response(request, etag: str, body: bytes) -> HttpResponse:
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        accepts = "gzip" in request.headers.get("Accept-Encoding", "")
        if accepts and len(body) > GZIP_ABOVE:
            response = HttpResponse(gzip.compress(body, compresslevel=6, mtime=0), content_type=GEOJSON)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(body, content_type=GEOJSON)
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=60"
    patch_vary_headers(response, ("Accept-Encoding", "Cookie", "Authorization"))
    return response


@router.get(
    "/regions/{code}/boundaries",
    response={200: dict, 304: None, 404: ErrorOut},
    summary="Peta: batas wilayah anak (GeoJSON) dengan angka progresnya",
    description=(
        "A GeoJSON FeatureCollection of the region's children (`ID`: the provinces; a province: its regencies; a "
        "regency: its kecamatan; a kecamatan: its villages where loaded; a village: itself). Each feature's "
        "`properties` hold `code`, `name`, `level`, `figures` (the numbers of the progress blocks for that child) "
        "and `indicators` (the choropleth values). `missing` lists children without a polygon. ETag and "
        "If-None-Match (304); gzip when accepted. Attribution: see `attribution`."
    ),
    # The body is GeoJSON, sent as application/geo+json: say so (schemathesis: undocumented Content-Type).
    openapi_extra={
        "responses": {
            # The status as an int, like ninja's own keys: a "200" string would be a second "200" in the JSON
            # (Swagger UI's YAML parser refuses the duplicate key and shows no operation at all).
            200: {"description": "GeoJSON FeatureCollection", "content": {GEOJSON: {"schema": {"type": "object"}}}}
        }
    },
)
def boundaries_api(request, code: RegionCode):
    checked = region_for_user(user=request.user, code=code)
    etag, body = boundary_collection(region=checked)
    return _geojson_response(request, etag, body)


@router.get(
    "/regions/{code}/points",
    response={200: dict, 404: ErrorOut},
    summary="Peta: titik koperasi, potensi dan tumpang tindih (GeoJSON)",
)
def points_api(request, code: RegionCode):
    checked = region_for_user(user=request.user, code=code)
    return points_collection(region=checked)


class LocationCheckOut(Schema):
    status: LocationStatus
    distance_m: int | None
    label: str
    boundary_code: str
    refused: bool


class SuspiciousOut(Schema):
    cooperative_id: int
    name: str
    village_code: str
    village_name: str
    latitude: float
    longitude: float
    check: LocationCheckOut


def _check_out(check) -> dict:
    return {
        "status": check.status,
        "distance_m": check.distance_m,
        "label": check.label,
        "boundary_code": check.boundary_code,
        "refused": check.refused,
    }


@router.get(
    "/regions/{code}/locations",
    response={200: list[SuspiciousOut], 404: ErrorOut},
    summary="Lokasi koperasi yang tidak cocok dengan desanya",
    description="Cooperatives whose recorded location is a placeholder, impossible, outside their village or "
    "(near=true, the default) outside the polygon but within the tolerance.",
)
def locations_api(request, code: RegionCode, near: bool = True):
    checked = region_for_user(user=request.user, code=code)
    return [
        {
            "cooperative_id": row["cooperative"].pk,
            "name": row["cooperative"].name,
            "village_code": row["cooperative"].village_id,
            "village_name": row["cooperative"].village.name,
            "latitude": float(row["cooperative"].latitude),
            "longitude": float(row["cooperative"].longitude),
            "check": _check_out(row["check"]),
        }
        for row in suspicious_locations(region=checked, include_near=near)
    ]


class LocationQuery(Schema):
    village: Annotated[str, Field(pattern=r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")]
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


@router.get(
    "/locations/check",
    response={200: LocationCheckOut, 404: ErrorOut},
    summary="Periksa satu lokasi terhadap batas desanya",
    description="Inside the village polygon, near it (within KOPDES_LOCATION_TOLERANCE_M, the distance in metres), "
    "outside, a known placeholder (0,0; -6.2,106.8 outside Jakarta), or no polygon loaded. The village must be in "
    "the caller's scope (404 otherwise).",
)
def location_check_api(request, query: Query[LocationQuery]):
    checked = region_for_user(user=request.user, code=query.village)
    if checked.level != RegionLevel.VILLAGE:  # pragma: no cover - the pattern allows village codes only
        raise ValueError(query.village)
    return _check_out(check_location(query.village, query.lat, query.lon))
