"""The maps' panels: the choropleth on the region pages, the small map on the cooperative page."""

from __future__ import annotations

from django.conf import settings

from kopdes.maps.rules import INDICATORS
from kopdes.maps.selectors import cooperative_map
from kopdes.regions.boundaries import ATTRIBUTION


def map_settings() -> dict:
    """What the map script needs besides the data: the attribution and the basemap, if one is configured."""
    return {
        "attribution": ATTRIBUTION,
        "tile_url": getattr(settings, "KOPDES_MAP_TILE_URL", ""),
        "tile_attribution": getattr(settings, "KOPDES_MAP_TILE_ATTRIBUTION", ""),
    }


def indicator_options() -> list[dict]:
    return [
        {
            "key": indicator.key,
            "label": str(indicator.label),
            "group": str(indicator.group),
            "unit": indicator.unit,
            "better": "high" if indicator.higher_is_better else "low",
        }
        for indicator in INDICATORS
    ]


def decorate_block(data: dict) -> dict:
    return {**data, "indicators": indicator_options(), "settings": map_settings()}


def cooperative(request, cooperative, forms: dict) -> dict:
    data = cooperative_map(cooperative=cooperative)
    return {
        "location": data,
        "location_map": {
            "geometry": data["geometry"],
            "lat": data["latitude"],
            "lon": data["longitude"],
            "settings": map_settings(),
        },
    }
