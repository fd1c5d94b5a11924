"""Kalimantan Timur's boundaries from the shipped files, for tests (regions' and the apps that draw maps): the
regencies, kecamatan and villages of province 64 (the test database holds only its regions)."""

from __future__ import annotations

import functools
import json

from kopdes.regions.boundaries import BOUNDARIES_DIR, SHIPPED_FILES, boundaries_load, read_geojson


@functools.cache
def kaltim_file(name: str, prefix: str = "64") -> bytes:
    document = json.loads(read_geojson(BOUNDARIES_DIR / name))
    document["features"] = [
        feature
        for feature in document["features"]
        if feature["properties"]["code"] == prefix or feature["properties"]["code"].startswith(f"{prefix}.")
    ]
    return json.dumps(document).encode()


def load_kaltim(prefixes: tuple[str, ...] = ("64",)) -> None:
    """Load the regency, kecamatan and village polygons under each prefix ("64", or "64.02" for Kukar only)."""
    for prefix in prefixes:
        for name in SHIPPED_FILES:
            result = boundaries_load(data=kaltim_file(name, prefix), source=name)
            assert result.ok, result.errors
