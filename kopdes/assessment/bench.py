"""Benchmark steps of the assessment: `generate` runs the monthly assessment of every benchmark cooperative (83,762
in the full run) for October and November 2026, over the books, trainings, board, financing and reports the other
apps' steps generated, each in a fresh process: its time (goal: under 5 minutes) and peak memory (under 500 MB); then
the same month again (idempotent: nothing written). `measure` times the "activity" block for the country, a
province and a regency next to the same aggregates in raw SQL (goal: at most 2×)."""

from __future__ import annotations

import datetime
import time

from django.db import connection

from kopdes.assessment.choices import CATEGORIES
from kopdes.assessment.models import Assessment
from kopdes.assessment.selectors import activity_block
from kopdes.assessment.services import assess_month
from kopdes.core.devtools import BenchContext, Row, median_ms, run_child
from kopdes.core.scoping import system_region
from kopdes.regions.models import Region

TODAY = datetime.date(2026, 11, 29)
MONTHS = (datetime.date(2026, 10, 1), datetime.date(2026, 11, 1))


CHILD = """
import datetime, json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()
from kopdes.assessment.services import assess_month
from kopdes.core.devtools import process_peak_mb
start = time.perf_counter()
counts = assess_month(month=datetime.date.fromisoformat(sys.argv[1]), today=datetime.date.fromisoformat(sys.argv[2]))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": process_peak_mb(), "counts": counts}))
"""


def _run(month: datetime.date, context: BenchContext) -> dict:
    """One monthly run: in a fresh process, as `kopdes assess` or the worker runs it, so its peak memory is its own
    (the benchmark process has held every app's generated data by now); in this process for the test suite, whose
    test database a subprocess cannot see (no memory figure then)."""
    if context.in_process:
        start = time.perf_counter()
        counts = assess_month(month=month, today=TODAY)
        return {"seconds": time.perf_counter() - start, "peak_mb": float("nan"), "counts": counts}
    return run_child(CHILD, month.isoformat(), TODAY.isoformat())


def generate(context: BenchContext) -> list[Row]:
    rows = []
    peaks = []
    for month in MONTHS:
        run = _run(month, context)
        counts = run["counts"]
        peaks.append(run["peak_mb"])
        assessed = sum(counts[c] for c in CATEGORIES)
        rows.append(
            Row(
                f"monthly assessment {month:%Y-%m} ({assessed:,} cooperatives)",
                f"{run['seconds']:.1f} s",
                ", ".join(f"{c} {counts[c]:,}" for c in CATEGORIES),
                "",
                "< 300 s",
            )  # fmt: skip
        )
    rows.append(Row("monthly assessment: peak memory of its process", f"{max(peaks):.0f} MB", "", "", "< 500 MB"))
    again = _run(MONTHS[-1], context)
    counts = again["counts"]
    rows.append(
        Row(
            f"monthly assessment {MONTHS[-1]:%Y-%m} again (idempotent)",
            f"{again['seconds']:.1f} s",
            f"{counts['created']} created, {counts['updated']} updated, {counts['unchanged']:,} unchanged",
        )  # fmt: skip
    )
    return rows


RAW_LATEST = (
    "SELECT month FROM assessment_assessment WHERE {where} ORDER BY month DESC LIMIT 1"
)  # fmt: skip
RAW_COUNTS = (
    "SELECT category, COUNT(*) FROM assessment_assessment WHERE {where} AND month = %(month)s GROUP BY category"
)
RAW_REST = (
    "SELECT SUM(CASE WHEN phase < 4 THEN 1 ELSE 0 END), SUM(CASE WHEN phase >= 4 THEN 1 ELSE 0 END) "
    "FROM cooperatives_cooperative c WHERE {where} AND NOT EXISTS (SELECT 1 FROM assessment_assessment a "
    "WHERE a.cooperative_id = c.id AND a.month = %(month)s)"
)


def _raw_block(code: str) -> None:
    where = "(village_id = %(code)s OR village_id LIKE %(prefix)s)" if code else "1 = 1"
    params = {"code": code, "prefix": f"{code}.%"}
    with connection.cursor() as cursor:
        cursor.execute(RAW_LATEST.format(where=where), params)
        row = cursor.fetchone()
        params["month"] = row[0] if row else None
        cursor.execute(RAW_COUNTS.format(where=where), params)
        cursor.fetchall()
        cursor.execute(RAW_REST.format(where=where.replace("village_id", "c.village_id")), params)
        cursor.fetchall()


def measure(context: BenchContext) -> list[Row]:
    rows = []
    if not Assessment.objects.exists():
        return rows
    for code in ("", context.province, context.regency):
        region = system_region(Region.objects.get(code=code) if code else None)
        ours = median_ms(lambda r=region: activity_block(region=r), 5)
        raw = median_ms(lambda c=code: _raw_block(c), 5)
        rows.append(Row(f'"activity" block {code or "ID"}', f"{ours:.1f} ms", f"raw SQL {raw:.1f} ms",
                        f"{ours / raw:.1f}×" if raw else "", "≤ 2×"))  # fmt: skip
    return rows
