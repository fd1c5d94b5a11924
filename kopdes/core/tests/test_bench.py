"""The small benchmark runs in the suite to keep `make bench` working; it asserts the table, not timings."""

import io

from kopdes.cooperatives.models import Cooperative
from kopdes.core import bench
from kopdes.regions.models import Region


def test_small_benchmark_runs(db):
    out = io.StringIO()
    rows = bench.run(small=True, in_process=True, out=out)
    text = out.getvalue()
    assert "| load_regions" in text and "GET /api/v1/progress/ID" in text
    assert any(row.what.startswith("import ") and row.what.endswith("registry file") for row in rows)
    villages = Region.objects.filter(level="village").count()
    assert villages == Region.objects.filter(level="village", code__regex=r"^(64|65)\.").count() > 1000
    assert Cooperative.objects.count() == villages
