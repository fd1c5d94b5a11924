"""Properties of the monthly run over the database (hypothesis): whatever the cooperatives and their evidence,
running a month again writes nothing and gives the same rows, and the "activity" block's five counts add up to the
region's cooperatives."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopdes.assessment import services
from kopdes.assessment.models import Assessment
from kopdes.assessment.selectors import activity_block
from kopdes.assessment.tests.conftest import make_legal
from kopdes.cooperatives.models import Cooperative
from kopdes.tests.factories import MUARA_MUNTAI, checked, cooperative, operating_unit

D = datetime.date
TODAY = D(2026, 11, 29)
VILLAGES = [f"{MUARA_MUNTAI}.{2001 + i}" for i in range(6)]


class Rollback(Exception):
    pass


village_plans = st.lists(
    st.tuples(st.sampled_from(VILLAGES), st.sampled_from(["none", "legal", "gerai"]), st.booleans()),
    min_size=1,
    max_size=5,
    unique_by=lambda plan: plan[0],
)


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plans=village_plans, months=st.lists(st.sampled_from([D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)]),
                                            min_size=1, max_size=3))  # fmt: skip
def test_rerun_is_idempotent_and_counts_add_up(plans, months):
    try:
        with transaction.atomic():
            late = []
            for code, level, after_run in plans:
                if after_run:
                    late.append(code)
                    continue
                coop = cooperative(code)
                if level in ("legal", "gerai"):
                    make_legal(coop)
                if level == "gerai":
                    operating_unit(coop)
            for month in sorted(set(months)):
                services.assess_month(month=month, region_code=MUARA_MUNTAI, today=TODAY)
            rows = list(Assessment.objects.order_by("pk").values())
            for month in sorted(set(months)):
                again = services.assess_month(month=month, region_code=MUARA_MUNTAI, today=TODAY)
                assert again["created"] == again["updated"] == 0
            assert list(Assessment.objects.order_by("pk").values()) == rows
            for code in late:  # registered after the run: counted all the same
                cooperative(code)
            block = activity_block(region=checked(MUARA_MUNTAI))
            assert block["month"] == (f"{max(months):%Y-%m}" if rows else None)
            total = Cooperative.objects.filter(village__code__startswith=MUARA_MUNTAI + ".").count()
            assert sum(n for key, n in block.items() if key != "month") == total
            raise Rollback
    except Rollback:
        pass
