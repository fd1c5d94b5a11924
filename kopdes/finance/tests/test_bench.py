"""The finance benchmark on a small set: applications over the pipeline, the repaying ones with their schedules
and some in arrears; the block timed next to raw SQL that gives the same figures."""

from django.db import connection

from kopdes.core.devtools import BenchContext
from kopdes.finance import bench
from kopdes.finance.models import Application, Instalment
from kopdes.finance.selectors import _today, financing_block
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, checked, cooperative


def test_bench_generates_applications_and_measures(db):
    villages = list(Region.objects.filter(level="village", code__startswith="64.").values_list("code", flat=True))
    for code in villages[:200]:
        cooperative(code)
    rows = bench.generate(BenchContext(provinces=["64"], in_process=True))
    assert rows[0].what == "generate financing data set"
    applications = Application.objects.count()
    assert 20 <= applications <= 90
    repaying = Application.objects.filter(status="mengangsur")
    assert Instalment.objects.count() == 72 * repaying.count() > 0
    block = financing_block(region=checked(KUKAR))
    where = "(c.village_id = %(code)s OR c.village_id LIKE %(prefix)s)"
    with connection.cursor() as cursor:
        cursor.execute(bench.RAW_BLOCK[0].format(where=where, approved=bench.APPROVED_SQL),
                       {"code": KUKAR, "prefix": f"{KUKAR}.%"})  # fmt: skip
        count, approved, disbursed, outstanding = cursor.fetchone()
        cursor.execute(bench.RAW_BLOCK[1].format(where=where, approved=bench.APPROVED_SQL),
                       {"code": KUKAR, "prefix": f"{KUKAR}.%", "today": _today()})  # fmt: skip
        in_arrears = cursor.fetchone()[0]
    assert block == {"applications": count, "approved_rp": approved or 0, "disbursed_rp": disbursed or 0,
                     "outstanding_rp": outstanding or 0, "in_arrears": in_arrears}  # fmt: skip
    measured = bench.measure(BenchContext(provinces=["64"], in_process=True))
    assert [row.what for row in measured] == [
        '"financing" block ID', '"financing" block 64', '"financing" block 64.02', "financing arrears list 64.02",
        "financing by kecamatan 64.02",
    ]  # fmt: skip
    assert all(row.reference.startswith("raw SQL") for row in measured[:3])
