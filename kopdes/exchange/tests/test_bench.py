"""The SIMKOPDES step of `kopdes bench` runs (small, in this process); it asserts the line, not timings."""

from kopdes.core.devtools import BenchContext
from kopdes.exchange.bench import measure_imports
from kopdes.exchange.models import NationalSnapshot, NationalUnit
from kopdes.regions.services import regions_load


def test_bench_line_for_one_province(db):
    regions_load(provinces=["65"])
    context = BenchContext(provinces=["65"], in_process=True)
    [row] = measure_imports(context)
    assert row.what == "import_simkopdes (482 village rows, matching)"
    assert "wrong 0" in row.value and row.reference.startswith("re-import by id")
    assert row.goal == "≤ 60 s, ≤ 300 MB"
    assert context.data_added == ["SIMKOPDES data"]  # the progress documents are read again with it
    assert NationalSnapshot.objects.count() == 482
    assert NationalUnit.objects.filter(level="village").count() == 482
