"""Benchmark steps of the dashboard: the progress documents of the country, a province and a regency read through
the API, each next to the raw SQL aggregate it computes, and the regency's page, each built on every request (the
roll-up copy off) and then read from the kept copy (kopdes/dashboard/rollups.py); read again once the imports are in
(the national figures add a block to the documents). Progress as of a past day, and the monthly trend as one grouped
query next to the loop of as-of queries it replaces."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from kopdes.core.devtools import BenchContext, Row, median_ms
from kopdes.core.scoping import system_region
from kopdes.dashboard.selectors import CHANGES_DAYS, STUCK_LIMIT, registry_gap, trend_document
from kopdes.formation.selectors import cooperative_status_rows, phase_trend, progress_summary_as_of, recent_changes
from kopdes.regions.models import Region


def measure(context: BenchContext) -> list[Row]:
    """The progress documents of the country, a province and a regency, then the regency's page."""
    client = _client(context)
    rows = _progress_rows(context, client)

    rows += _page_rows(client, f"/wilayah/{context.regency}/", 10)
    rows += _as_of_rows(context, client)
    return rows


def _page_rows(client: Client, path: str, repeat: int, goal: str = "") -> list[Row]:
    """A region page built on every request, then read from its kept copy (a minute per region)."""

    def page():
        response = client.get(path)
        assert response.status_code == 200

    try:
        with override_settings(KOPDES_ROLLUP_FRESH_SECONDS=0):
            built = median_ms(page, repeat)
        with override_settings(KOPDES_ROLLUP_FRESH_SECONDS=3600, KOPDES_ROLLUP_MAX_AGE_SECONDS=3600):
            kept = median_ms(page, repeat)
    except Exception as exc:  # a failing page shows in the table instead of stopping the run
        return [Row(f"dashboard {path}", f"n/a ({exc.__class__.__name__})")]
    return [
        Row(f"dashboard {path}", f"{built:.1f} ms", goal=goal),
        Row(f"dashboard {path}, kept copy", f"{kept:.1f} ms", f"built {built:.1f} ms", f"{built / kept:.0f}× faster"),
    ]


TREND_MONTHS = 24


def _as_of_rows(context: BenchContext, client: Client) -> list[Row]:
    """Progress as of a past day through the API, and the monthly trend: one grouped query (after) next to what it
    replaces, one as-of document per month (before)."""
    today = timezone.localdate()
    last_year = (today - datetime.timedelta(days=365)).isoformat()
    rows = []
    for code in ("ID", context.regency):

        def request(code=code):
            response = client.get(f"/api/v1/progress/{code}?as_of={last_year}")
            assert response.status_code == 200, response.content

        rows.append(Row(f"GET /api/v1/progress/{code}?as_of=<a year ago>", f"{median_ms(request, 5):.1f} ms"))

        region = system_region(None if code == "ID" else Region.objects.get(code=code))
        month_ends = _month_ends(today, TREND_MONTHS)

        def loop(region=region, month_ends=month_ends):
            for day in month_ends:
                progress_summary_as_of(region=region, as_of=day)

        def grouped(region=region):
            phase_trend(region=region, until=today, months=TREND_MONTHS)

        before = median_ms(loop, 3)
        after = median_ms(grouped, 5)
        rows.append(
            Row(
                f"trend {code}, {TREND_MONTHS} months: one grouped query",
                f"{after:.1f} ms",
                f"{len(month_ends)} as-of queries {before:.1f} ms",
                f"{before / after:.1f}× faster" if after else "",
            )
        )
    return rows


def _month_ends(today: datetime.date, months: int) -> list[datetime.date]:
    ends, first = [], today.replace(day=1)
    for _ in range(months):
        ends.append(first - datetime.timedelta(days=1))
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return [today, *ends[: months - 1]]


def measure_after_imports(context: BenchContext) -> list[Row]:
    """The same progress documents once the imports are in (the national figures add a block to them), then the
    national summary page with every app's data in, and what it is made of beside the progress document."""
    note = f" with {' and '.join(context.data_added)}" if context.data_added else " after the imports"
    client = _client(context)
    return _progress_rows(context, client, note) + _summary_rows(context, client)


def _summary_rows(context: BenchContext, client: Client) -> list[Row]:
    """/wilayah/ID/ (goal under 1.5 s), and its summary's parts for the country: the monthly trend, the stuck
    list, the last seven days and the SIMKOPDES comparison (the progress document is measured above)."""

    rows = _page_rows(client, "/wilayah/ID/", 3, goal="< 1,500 ms")
    today = timezone.localdate()
    region = system_region(None)
    parts = {
        "trend": lambda: trend_document(region=region, until=today),
        "stuck list": lambda: cooperative_status_rows(region=region, today=today, stuck_first=True, limit=STUCK_LIMIT),
        "last 7 days": lambda: recent_changes(region=region, since=today - datetime.timedelta(days=CHANGES_DAYS - 1)),
        "SIMKOPDES comparison": lambda: registry_gap(region),
    }
    for name, part in parts.items():
        rows.append(Row(f"summary ID: {name}", f"{median_ms(part, 3):.1f} ms"))
    return rows


def _client(context: BenchContext) -> Client:
    client = Client()
    client.force_login(context.user)
    return client


def _progress_rows(context: BenchContext, client: Client, note: str = "") -> list[Row]:
    rows = []
    for code, goal in [("ID", "≤ 2×"), (context.province, ""), (context.regency, "≤ 30 ms")]:

        def request(code=code):
            response = client.get(f"/api/v1/progress/{code}")
            assert response.status_code == 200, response.content

        with override_settings(KOPDES_ROLLUP_FRESH_SECONDS=0):
            api_ms = median_ms(request)
        with override_settings(KOPDES_ROLLUP_FRESH_SECONDS=3600, KOPDES_ROLLUP_MAX_AGE_SECONDS=3600):
            kept_ms = median_ms(request)
        what = f"GET /api/v1/progress/{code}{note}"
        if context.vendor == "postgresql":
            raw_ms = median_ms(lambda code=code: _raw_progress(code))
            rows.append(Row(what, f"{api_ms:.1f} ms", f"raw SQL {raw_ms:.1f} ms", f"{api_ms / raw_ms:.1f}×", goal))
        else:
            rows.append(Row(what, f"{api_ms:.1f} ms", goal=goal))
        rows.append(Row(f"{what}, kept copy", f"{kept_ms:.1f} ms", f"built {api_ms:.1f} ms",
                        f"{api_ms / kept_ms:.0f}× faster"))  # fmt: skip
    return rows


RAW_PROGRESS_SQL = """
SELECT substr(c.village_id, 1, %(n)s) AS g, count(*),
       count(*) FILTER (WHERE c.phase >= 1), count(*) FILTER (WHERE c.phase >= 2),
       count(*) FILTER (WHERE c.phase >= 3), count(*) FILTER (WHERE c.phase >= 4),
       count(*) FILTER (WHERE c.phase >= 5), count(*) FILTER (WHERE c.phase >= 6)
FROM cooperatives_cooperative c WHERE c.village_id LIKE %(prefix)s GROUP BY 1;
SELECT substr(r.code, 1, %(n)s) AS g, count(*), count(*) FILTER (WHERE r.kind = 'desa'),
       count(*) FILTER (WHERE r.kind = 'kelurahan')
FROM regions_region r WHERE r.level = 'village' AND r.code LIKE %(prefix)s GROUP BY 1;
"""


def _raw_progress(code: str) -> None:
    prefix = "%" if code == "ID" else f"{code}.%"
    n = {"ID": 2}.get(code, {2: 5, 5: 8, 8: 13}.get(len(code), 13))
    with connection.cursor() as cursor:
        for statement in RAW_PROGRESS_SQL.strip().split(";\n"):
            cursor.execute(statement.rstrip(";"), {"n": n, "prefix": prefix})
            cursor.fetchall()
        if code == "ID":
            cursor.execute("SELECT code, name FROM regions_region WHERE parent_id IS NULL")
        else:  # `IS NOT DISTINCT FROM` would not use the index on parent_id and slow the reference down
            cursor.execute("SELECT code, name FROM regions_region WHERE parent_id = %s", [code])
        cursor.fetchall()
