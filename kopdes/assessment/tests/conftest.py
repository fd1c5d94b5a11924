import datetime

import pytest

from kopdes.formation.choices import MilestoneKind
from kopdes.formation.models import Milestone

D = datetime.date
TODAY = D(2026, 11, 29)


def make_legal(coop, day=None):
    """Record the cooperative's SK badan hukum (the evidence that it is legally formed) in bulk, as the demo does."""
    day = day or D(2025, 9, 1)
    for kind, when in (
        (MilestoneKind.MUSDESUS, day - datetime.timedelta(60)),
        (MilestoneKind.AKTA, day - datetime.timedelta(30)),
        (MilestoneKind.BADAN_HUKUM, day),
    ):
        Milestone.objects.get_or_create(cooperative=coop, kind=kind, defaults={"date": when, "status": "verified"})
    return coop


@pytest.fixture
def legal_coop(kukar_coop):
    return make_legal(kukar_coop)
