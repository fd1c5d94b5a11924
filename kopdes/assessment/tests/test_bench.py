"""The assessment benchmark on a small set: the monthly run twice (the second writes nothing) and the "activity"
block timed next to raw SQL that gives the same counts."""

from django.db import connection

from kopdes.assessment import bench
from kopdes.assessment.selectors import activity_block
from kopdes.assessment.tests.conftest import make_legal
from kopdes.core.devtools import BenchContext
from kopdes.tests.factories import KUKAR, checked


def test_bench_runs_and_measures(trading_coop, paser_coop):
    make_legal(paser_coop)
    rows = bench.generate(BenchContext(provinces=["64"], in_process=True))
    assert "(2 cooperatives)" in rows[1].what
    assert rows[-1].reference.startswith("0 created, 0 updated, 2 unchanged")
    block = activity_block(region=checked(KUKAR))
    with connection.cursor() as cursor:
        where = "(village_id = %(code)s OR village_id LIKE %(prefix)s)"
        cursor.execute(
            bench.RAW_COUNTS.format(where=where), {"code": KUKAR, "prefix": f"{KUKAR}.%", "month": "2026-11-01"}
        )
        raw = dict(cursor.fetchall())
    assert raw == {key: n for key, n in block.items() if key != "month" and n}
    measured = bench.measure(BenchContext(provinces=["64"], in_process=True))
    assert [row.what for row in measured] == ['"activity" block ID', '"activity" block 64', '"activity" block 64.02']
    assert all(row.reference.startswith("raw SQL") for row in measured)
