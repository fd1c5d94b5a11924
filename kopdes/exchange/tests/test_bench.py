"""The SIMKOPDES line of `kopdes bench` runs (small, in this process); it asserts the line, not timings."""

from kopdes.exchange.bench import national_import_row
from kopdes.exchange.models import NationalSnapshot, NationalUnit
from kopdes.regions.services import regions_load


def test_bench_line_for_one_province(db):
    regions_load(provinces=["65"])
    what, value, reference, ratio, goal = national_import_row(provinces=["65"], in_process=True)
    assert what == "import_simkopdes (482 village rows, matching)"
    assert "wrong 0" in value and reference.startswith("re-import by id")
    assert goal == "≤ 60 s, ≤ 300 MB"
    assert NationalSnapshot.objects.count() == 482
    assert NationalUnit.objects.filter(level="village").count() == 482
