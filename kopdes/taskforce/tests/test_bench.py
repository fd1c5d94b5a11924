"""The Satgas benchmark steps on the test database's province (Kalimantan Timur): the data set they make and the
"actions" block over it agree."""

import pytest

from kopdes.core.devtools import BenchContext
from kopdes.core.scoping import system_region
from kopdes.regions.models import Region
from kopdes.taskforce import bench
from kopdes.taskforce.models import ActionItem
from kopdes.taskforce.selectors import action_counts

pytestmark = pytest.mark.django_db


def test_generate_and_measure_the_actions_roll_up():
    context = BenchContext(provinces=["64"], in_process=True)
    (row,) = bench.generate(context)
    villages = Region.objects.filter(level="village", code__startswith="64.").count()
    regencies = Region.objects.filter(level="regency", code__startswith="64.").count()
    assert ActionItem.objects.count() == villages + regencies
    assert row.value == f"{2 * regencies:,} decisions, {villages + regencies:,} action items"
    block = action_counts(region=system_region(None))
    assert block["open"] + block["done"] == villages + regencies
    assert sum(child["done"] for child in block["children"]) == block["done"]
    measured = bench.measure(context)
    assert [r.what for r in measured] == ['"actions" block ID', '"actions" block 64', '"actions" block 64.02']
    assert all(r.value.endswith(" ms") for r in measured)
