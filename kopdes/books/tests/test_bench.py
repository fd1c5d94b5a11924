"""The books benchmark on a small set: a year of books per cooperative through the posting rules, the block and the
statements timed next to raw SQL that gives the same figures."""

from django.db import connection

from kopdes.books import bench
from kopdes.books.models import JournalLine
from kopdes.books.selectors import books_block, year_statements
from kopdes.core.devtools import BenchContext
from kopdes.tests.factories import KUKAR, checked


def test_bench_generates_balanced_books_and_measures(kukar_coop, paser_coop):
    rows = bench.generate(BenchContext(provinces=["64"], in_process=True))
    assert rows[0].value.startswith("2 cooperatives, 120 members")
    assert JournalLine.objects.count() > 5_000
    statements = year_statements(cooperative=kukar_coop, year=bench.YEAR)
    assert statements["balanced"] and statements["laba_rugi"]["shu"] > 0
    block = books_block(region=checked(KUKAR), today=bench.TODAY)
    with connection.cursor() as cursor:
        cursor.execute(bench.RAW_BLOCK[2].format(where="(village_id = %(code)s OR village_id LIKE %(prefix)s)"),
                       {"code": KUKAR, "prefix": f"{KUKAR}.%"})  # fmt: skip
        assert cursor.fetchone()[0] == block["simpanan_rp"] == 60 * (100_000 + 11 * 10_000)
    measured = bench.measure(BenchContext(provinces=["64"], in_process=True))
    assert [row.what for row in measured] == [
        '"books" block ID', '"books" block 64', '"books" block 64.02', f"statements {bench.YEAR} of one cooperative"
    ]  # fmt: skip
    assert all(row.reference.startswith("raw SQL") for row in measured)
