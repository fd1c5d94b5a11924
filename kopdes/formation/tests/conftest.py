"""Targets in many regions and cooperatives at several phases, shared by the selector, page and API tests."""

import datetime
from decimal import Decimal

import pytest

from kopdes.formation.services import milestone_record, target_create
from kopdes.regions.models import Region
from kopdes.tests.factories import cooperative

D = datetime.date
STEPS = [("sosialisasi", D(2025, 4, 1)), ("musdesus", D(2025, 4, 20)), ("akta", D(2025, 5, 5))]
STEPS += [("badan_hukum", D(2025, 5, 20))]

# Ten regions at every level, nested (a province, its regencies, their kecamatan, two villages) and side by side.
TEN_REGIONS = [
    "64",
    "64.01",
    "64.02",
    "64.03",
    "64.72",
    "64.01.04",
    "64.02.01",
    "64.02.02",
    "64.02.01.2002",
    "64.02.01.2003",
]
PHASES = ["sosialisasi", "musdesus", "akta", "badan_hukum", "operasional"]


def targets_in(codes, *, actor) -> list:
    """One target per region, alternating (by the region's place in TEN_REGIONS) a percent of villages and a
    count with an expected share."""
    targets = []
    for code in codes:
        i = TEN_REGIONS.index(code)
        goal = {"count": 3, "expected_pct": Decimal("50")} if i % 2 else {"percent": Decimal("10")}
        targets.append(
            target_create(
                actor=actor,
                region=Region.objects.get(code=code),
                phase=PHASES[i % len(PHASES)],
                due_date=D(2025, 11, 28),
                **goal,
            )
        )
    return targets


@pytest.fixture
def phased_coops(db):
    plan = {"64.02.01.2001": 2, "64.02.01.2002": 4, "64.02.01.2003": 0, "64.02.02.2001": 1, "64.01.04.2002": 3}
    for code, steps in plan.items():
        coop = cooperative(code)
        for kind, date in STEPS[:steps]:
            milestone_record(actor=None, cooperative=coop, kind=kind, date=date)
    return plan
