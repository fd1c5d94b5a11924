"""Benchmark of the national import: a whole-country village file (names from the Kemendagri list with the
national system's style and some spelling noise, synthetic national ids) imported with matching included, timed
and its peak memory measured in a fresh process. WIPES the exchange tables of the database it runs on.

    .venv/bin/python -m kopdes.exchange.bench            # 83,000 rows
    DATABASE_URL=postgres://… .venv/bin/python -m kopdes.exchange.bench 83000
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection

SNAPSHOT = datetime.date(2026, 8, 5)
NOISE_SHARE = 0.15  # share of names (at every level) spelled with an error, merged words, another case or prefix


def _wipe_exchange() -> None:
    from kopdes.exchange.models import NationalSnapshot, NationalUnit

    NationalSnapshot.objects.all()._raw_delete(connection.alias)
    for level in ("village", "district", "regency", "province"):
        NationalUnit.objects.filter(level=level)._raw_delete(connection.alias)


def _ensure_regions() -> None:
    from kopdes.regions.models import Region
    from kopdes.regions.services import regions_load

    if Region.objects.filter(level="village").count() < 83_000:
        regions_load()


def write_file(n_rows: int, directory: Path, *, seed: int = 2026) -> tuple[Path, dict[str, str]]:
    from kopdes.exchange.synthetic import village_file

    data, truth = village_file(seed=seed, noise_share=NOISE_SHARE, limit=n_rows)
    path = directory / f"simkopdes-village-{n_rows}.csv"
    path.write_bytes(data)
    return path, truth


CHILD = """
import datetime, json, os, resource, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()
from pathlib import Path
from kopdes.exchange.services import snapshot_import
path = Path(sys.argv[1])
data = path.read_bytes()
start = time.perf_counter()
result = snapshot_import(actor=None, data=data, file_name=path.name, snapshot_date=datetime.date(2026, 8, 5))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "result": result.as_dict()}))
"""


def _run_child(path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True, text=True, env=os.environ
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_national_import(n_rows: int = 83_000, *, in_process: bool = False, out=None) -> tuple[float, float]:
    """Seconds and peak memory (MB, the whole process) of importing an `n_rows` village file into an empty mapping
    table. Measured in a fresh process (what `kopdes import_simkopdes` costs); `in_process` runs it here instead
    (for the test suite, whose test database a subprocess cannot see; peak memory is then not measured)."""
    from kopdes.exchange.models import NationalUnit
    from kopdes.exchange.services import snapshot_import

    _ensure_regions()
    _wipe_exchange()
    with tempfile.TemporaryDirectory(prefix="kopdes-bench-") as tmp:
        path, truth = write_file(n_rows, Path(tmp))
        if in_process:
            start = time.perf_counter()
            result = snapshot_import(actor=None, data=path.read_bytes(), file_name=path.name, snapshot_date=SNAPSHOT)
            seconds, peak_mb, summary = time.perf_counter() - start, float("nan"), result.as_dict()
        else:
            child = _run_child(path)
            seconds, peak_mb, summary = child["seconds"], child["peak_mb"], child["result"]
            again = _run_child(path)  # the second import finds every unit by id
            summary["again_seconds"], summary["again_peak_mb"] = again["seconds"], again["peak_mb"]
    matched = dict(
        NationalUnit.objects.filter(level="village", status="matched").values_list("national_id", "region_id")
    )
    wrong = sum(1 for national_id, code in matched.items() if truth.get(national_id) != code)
    summary["wrong"] = wrong
    if out is not None:
        out.write(
            f"import {summary['rows']:,} village rows ({connection.vendor}): {seconds:.1f} s, peak {peak_mb:.0f} MB; "
            f"matched {summary['matched']:,} {summary['by_method']}, unmatched {summary['unmatched']:,}, "
            f"ambiguous {summary['ambiguous']:,}, wrong {wrong}"
            + (
                f"; re-import {summary['again_seconds']:.1f} s, peak {summary['again_peak_mb']:.0f} MB\n"
                if "again_seconds" in summary
                else "\n"
            )
        )
    return seconds, peak_mb


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 83_000
    bench_national_import(rows, out=sys.stdout)
