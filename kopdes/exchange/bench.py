"""Benchmark of the national import: a whole-country village file (names from the Kemendagri list with the
national system's style and some spelling noise, synthetic national ids) imported with matching included, timed
and its peak memory measured in a fresh process. WIPES the exchange tables of the database it runs on.

Part of `kopdes bench --yes` (`measure_imports`, goal ≤ 60 s and ≤ 300 MB on PostgreSQL); alone:

    .venv/bin/python -m kopdes.exchange.bench            # 83,000 rows
    DATABASE_URL=postgres://… .venv/bin/python -m kopdes.exchange.bench 83000
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection

from kopdes.core.devtools import BenchContext, Row, run_child

SNAPSHOT = datetime.date(2026, 8, 5)
NOISE_SHARE = 0.15  # share of names (at every level) spelled with an error, merged words, another case or prefix


def _wipe_exchange() -> None:
    from kopdes.exchange.models import NationalRollup, NationalSnapshot, NationalUnit

    NationalRollup.objects.all()._raw_delete(connection.alias)
    NationalSnapshot.objects.all()._raw_delete(connection.alias)
    for level in ("village", "district", "regency", "province"):
        NationalUnit.objects.filter(level=level)._raw_delete(connection.alias)


def _ensure_regions() -> None:
    from kopdes.regions.models import Region
    from kopdes.regions.services import regions_load

    if Region.objects.filter(level="village").count() < 83_000:
        regions_load()


def write_file(
    n_rows: int | None, directory: Path, *, seed: int = 2026, provinces: set[str] | None = None
) -> tuple[Path, dict[str, str]]:
    from kopdes.exchange.synthetic import village_file

    data, truth = village_file(provinces=provinces, seed=seed, noise_share=NOISE_SHARE, limit=n_rows)
    path = directory / f"simkopdes-village-{n_rows or 'all'}.csv"
    path.write_bytes(data)
    return path, truth


CHILD = """
import datetime, json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()
from pathlib import Path
from kopdes.core.devtools import process_peak_mb
from kopdes.exchange.services import snapshot_import
path = Path(sys.argv[1])
data = path.read_bytes()
start = time.perf_counter()
result = snapshot_import(actor=None, data=data, file_name=path.name, snapshot_date=datetime.date(2026, 8, 5))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": process_peak_mb(), "result": result.as_dict()}))
"""


def bench_national_import(
    n_rows: int | None = 83_000,
    *,
    provinces: set[str] | None = None,
    in_process: bool = False,
    ensure_regions: bool = True,
    out=None,
) -> dict:
    """Import an `n_rows` village file (of `provinces`, None = the whole country) into an empty mapping table, then
    again (every unit found by id). Measured in a fresh process (what `kopdes import_simkopdes` costs); `in_process`
    runs it here instead (for the test suite, whose test database a subprocess cannot see; peak memory is then not
    measured). Returns the import's summary with `seconds`, `peak_mb`, `again_seconds`, `again_peak_mb` and
    `wrong` (villages matched to another code than the one their name was made from)."""
    from kopdes.exchange.models import NationalUnit
    from kopdes.exchange.services import snapshot_import

    if ensure_regions:
        _ensure_regions()
    _wipe_exchange()
    with tempfile.TemporaryDirectory(prefix="kopdes-bench-") as tmp:
        path, truth = write_file(n_rows, Path(tmp), provinces=provinces)
        if in_process:
            runs = []
            for _ in range(2):
                start = time.perf_counter()
                result = snapshot_import(
                    actor=None, data=path.read_bytes(), file_name=path.name, snapshot_date=SNAPSHOT
                )
                runs.append(
                    {"seconds": time.perf_counter() - start, "peak_mb": float("nan"), "result": result.as_dict()}
                )
        else:
            # the second import finds every unit by id
            runs = [run_child(CHILD, str(path)), run_child(CHILD, str(path))]
    summary = runs[0]["result"]
    summary["seconds"], summary["peak_mb"] = runs[0]["seconds"], runs[0]["peak_mb"]
    summary["again_seconds"], summary["again_peak_mb"] = runs[1]["seconds"], runs[1]["peak_mb"]
    summary["again_by_method"] = runs[1]["result"]["by_method"]
    matched = dict(
        NationalUnit.objects.filter(level="village", status="matched").values_list("national_id", "region_id")
    )
    summary["wrong"] = sum(1 for national_id, code in matched.items() if truth.get(national_id) != code)
    if out is not None:
        out.write(
            f"import {summary['rows']:,} village rows ({connection.vendor}): {summary['seconds']:.1f} s, "
            f"peak {summary['peak_mb']:.0f} MB; matched {summary['matched']:,} {summary['by_method']}, "
            f"unmatched {summary['unmatched']:,}, ambiguous {summary['ambiguous']:,}, wrong {summary['wrong']}; "
            f"re-import {summary['again_seconds']:.1f} s, peak {summary['again_peak_mb']:.0f} MB\n"
        )
    return summary


def national_import_row(*, provinces: list[str] | None, in_process: bool) -> tuple[str, str, str, str, str]:
    """The `kopdes bench` line (what, value, reference, ratio, goal) for the SIMKOPDES village import of the
    regions `kopdes bench` loaded (the whole country, or its small provinces): first import with matching, against
    the re-import of the same file, where every unit is found by id (no name matching)."""
    summary = bench_national_import(
        None, provinces=set(provinces) if provinces else None, in_process=in_process, ensure_regions=False
    )
    rows = summary["rows"]
    value = (
        f"{summary['seconds']:.1f} s, peak {summary['peak_mb']:.0f} MB; matched {summary['matched']:,} "
        f"(exact {summary['by_method'].get('exact', 0):,}, fuzzy {summary['by_method'].get('fuzzy', 0):,}), "
        f"unmatched {summary['unmatched']:,}, ambiguous {summary['ambiguous']:,}, wrong {summary['wrong']}"
    )
    reference = f"re-import by id {summary['again_seconds']:.1f} s, peak {summary['again_peak_mb']:.0f} MB"
    ratio = f"{summary['seconds'] / summary['again_seconds']:.1f}×" if summary["again_seconds"] else ""
    return (f"import_simkopdes ({rows:,} village rows, matching)", value, reference, ratio, "≤ 60 s, ≤ 300 MB")


def measure_imports(context: BenchContext) -> list[Row]:
    """The `kopdes bench` step: the national figures also add a block to the progress documents read again."""
    row = Row(*national_import_row(provinces=context.provinces, in_process=context.in_process))
    context.data_added.append("SIMKOPDES data")
    return [row]


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 83_000
    bench_national_import(rows, out=sys.stdout)
