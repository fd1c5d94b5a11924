"""The assessment demo: every cooperative of Kukar and Paser assessed monthly since June 2025 with a believable
spread (papan nama early, improving), visits that confirm and contest, the block adding up; a second run writes
nothing (no new rows, no new history rows)."""

import datetime

import pytest
from django.utils import timezone

from kopdes.assessment.models import Assessment, Visit
from kopdes.assessment.selectors import activity_block
from kopdes.cooperatives.models import Cooperative
from kopdes.devtools.runner import load_demo
from kopdes.tests.factories import KUKAR, checked

pytestmark = pytest.mark.django_db
D = datetime.date


def test_demo_assessment():
    load_demo()
    cooperatives = Cooperative.objects.filter(village__code__regex=r"^64\.0[12]\.")
    months = Assessment.objects.values_list("month", flat=True).distinct()
    latest = max(D(2026, 11, 29), timezone.localdate()).replace(day=1)
    assert min(months) == D(2025, 6, 1) and max(months) == latest
    assert Assessment.objects.filter(month=latest).count() == cooperatives.count()
    block = activity_block(region=checked(KUKAR))
    assert block["month"] == f"{latest:%Y-%m}"
    assert (
        sum(v for k, v in block.items() if k != "month")
        == cooperatives.filter(village__code__startswith="64.02.").count()
    )
    early = Assessment.objects.filter(month=D(2025, 9, 1), village__code__startswith="64.02.")
    late = Assessment.objects.filter(month=D(2026, 11, 1), village__code__startswith="64.02.")
    scored = ["aktif", "berkembang", "kurang_aktif"]
    assert late.filter(category__in=scored).count() > early.filter(category__in=scored).count()
    assert late.filter(category="papan_nama").exists()
    assert Visit.objects.filter(verdict="confirm").count() > 5
    contest = Visit.objects.get(verdict="contest")  # the office sees a busy gerai whose sales are not in Kopdes yet
    computed = Assessment.objects.get(cooperative_id=contest.cooperative_id, month=latest)
    assert contest.category_proposed == "aktif" != computed.category
    rows, visits = Assessment.objects.count(), Visit.history.count()
    context = load_demo()
    assert not {k: n for k, n in context.writes.items() if k.startswith("assessment")}
    assert Assessment.objects.count() == rows and Visit.history.count() == visits
