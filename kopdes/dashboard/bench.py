"""Benchmark steps of the dashboard: the progress documents of the country, a province and a regency read through
the API, each next to the raw SQL aggregate it computes, and the regency's page; read again once the imports are in
(the national figures add a block to the documents)."""

from __future__ import annotations

from django.db import connection
from django.test import Client

from kopdes.core.devtools import BenchContext, Row, median_ms


def measure(context: BenchContext) -> list[Row]:
    """The progress documents of the country, a province and a regency, then the regency's page."""
    client = _client(context)
    rows = _progress_rows(context, client)

    def dashboard():
        response = client.get(f"/wilayah/{context.regency}/")
        assert response.status_code == 200

    try:
        rows.append(Row(f"dashboard /wilayah/{context.regency}/", f"{median_ms(dashboard, 10):.1f} ms"))
    except Exception as exc:  # a failing page shows in the table instead of stopping the run
        rows.append(Row(f"dashboard /wilayah/{context.regency}/", f"n/a ({exc.__class__.__name__})"))
    return rows


def measure_after_imports(context: BenchContext) -> list[Row]:
    """The same progress documents once the imports are in (the national figures add a block to them)."""
    note = f" with {' and '.join(context.data_added)}" if context.data_added else " after the imports"
    return _progress_rows(context, _client(context), note)


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

        api_ms = median_ms(request)
        what = f"GET /api/v1/progress/{code}{note}"
        if context.vendor == "postgresql":
            raw_ms = median_ms(lambda code=code: _raw_progress(code))
            rows.append(Row(what, f"{api_ms:.1f} ms", f"raw SQL {raw_ms:.1f} ms", f"{api_ms / raw_ms:.1f}×", goal))
        else:
            rows.append(Row(what, f"{api_ms:.1f} ms", goal=goal))
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
