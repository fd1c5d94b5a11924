"""Benchmark step of regions: the whole-country load, in a fresh process, against PostgreSQL's COPY of the same
files (the floor for any loader that has to keep the table's indexes)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from django.db import connection, transaction

from kopdes.core.devtools import BenchContext, Row, median_ms
from kopdes.regions.models import Region
from kopdes.regions.selectors import region_search
from kopdes.regions.services import regions_load, regions_read_rows


def generate(context: BenchContext) -> list[Row]:
    if context.in_process:
        start = time.perf_counter()
        regions_load(provinces=context.provinces)
        seconds, peak_mb = time.perf_counter() - start, float("nan")
    else:
        seconds, peak_mb = _load_regions_subprocess(context.provinces)
    what = f"load_regions ({Region.objects.count():,} rows)"
    value = f"{seconds:.2f} s, peak {peak_mb:.0f} MB"
    if context.vendor != "postgresql":
        return [Row(what, value)]
    reference = _copy_reference(context.provinces)
    return [Row(what, value, f"COPY {reference:.2f} s", f"{seconds / reference:.1f}×", "≤ 5×, ≤ 300 MB")]


SEARCHES = ("tenggarong", "sumber", "64.02.06", "kutai kartanegara")


def measure(context: BenchContext) -> list[Row]:
    """The region search over every loaded region as a national admin (the widest scope): a name prefix, a common
    word inside many names ("sumber": hundreds of villages), a code and a regency's name without "Kabupaten"."""
    if context.user is None:
        return [Row("region search", "n/a (no user to search as)")]
    rows = []
    for q in SEARCHES:
        found = len(region_search(user=context.user, q=q))
        timing = median_ms(lambda q=q: region_search(user=context.user, q=q), 20)
        rows.append(Row(f"region search {q!r}", f"{timing:.1f} ms ({found} shown)", "", "", "≤ 50 ms"))
    return rows


def _load_regions_subprocess(provinces: list[str] | None) -> tuple[float, float]:
    """Time of the load itself and peak memory (MB) of the whole process, in a fresh process."""
    code = (
        "import django,os,resource,time,io;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings.base');django.setup();"
        "from django.core.management import call_command;t=time.perf_counter();"
        f"call_command('load_regions','--no-progress',*{[a for c in (provinces or []) for a in ('--province', c)]!r},"
        "stdout=io.StringIO());"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=os.environ)
    seconds, mb = out.stdout.split()
    return float(seconds), float(mb)


def _copy_reference(provinces: list[str] | None) -> float:
    """PostgreSQL COPY of the same CSV files into a scratch table shaped like regions_region (same columns and
    indexes, no foreign keys)."""
    rows = list(regions_read_rows(provinces=provinces))
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_region_copy")
        cursor.execute("CREATE TABLE bench_region_copy (LIKE regions_region INCLUDING ALL)")
        columns = "code, name, parent_id, level, kind, search_name"
        with cursor.copy(f"COPY bench_region_copy ({columns}) FROM STDIN") as copy:
            for code, name, parent in rows:
                copy.write_row((code, name, parent, "", "", ""))
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_region_copy")
    return elapsed
