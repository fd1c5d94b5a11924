"""Benchmark steps of the maps: `measure` times the map of the country (its provinces, each with its progress
figures) and of a regency (its kecamatan), without the cache, and reports the gzipped payload the browser receives;
and the national regency layer's payload (514 areas, geometry only). The shipped boundaries are loaded first when
the database has none (their load time is a row too)."""

from __future__ import annotations

import gzip
import time

from django.core.cache import cache

from kopdes.core.devtools import BenchContext, Row, median_ms
from kopdes.core.scoping import system_region
from kopdes.maps.selectors import boundary_collection
from kopdes.regions.boundaries import boundaries_load_shipped
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Boundary, Region


def _uncached(region):
    cache.clear()
    return boundary_collection(region=region)


def measure(context: BenchContext) -> list[Row]:
    rows = []
    if not Boundary.objects.exists() and not context.in_process:  # the test suite's small run: no polygons
        start = time.perf_counter()
        boundaries_load_shipped()
        rows.append(
            Row(
                "load shipped boundaries",
                f"{Boundary.objects.count():,} polygons",
                f"{time.perf_counter() - start:.1f} s",
            )
        )
    for code, goal in (("", "1.5 MB gz"), (context.regency, "100 KB gz")):
        region = system_region(Region.objects.get(code=code) if code else None)
        label = code or "ID"
        ms = median_ms(lambda r=region: _uncached(r), 3)
        _etag, body = boundary_collection(region=region)
        size = len(gzip.compress(body, compresslevel=6))
        rows.append(Row(f"map of {label} (uncached)", f"{ms:.0f} ms", f"{size / 1024:.0f} KB gz", goal=goal))
    regencies = Boundary.objects.filter(level=RegionLevel.REGENCY).values_list("display", flat=True)
    body = ("[" + ",".join(regencies) + "]").encode()
    rows.append(
        Row(
            "national regency layer (geometry)",
            f"{len(body) / 1024:.0f} KB",
            f"{len(gzip.compress(body, 6)) / 1024:.0f} KB gz",
            goal="1.5 MB gz",
        )
    )
    return rows
