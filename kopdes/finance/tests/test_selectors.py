"""Finance selectors: the prerequisites read the registry's milestones through the one rule of a reached one."""

import datetime

from kopdes.finance.selectors import prerequisites
from kopdes.formation.choices import MilestoneStatus
from kopdes.formation.models import Milestone

D = datetime.date


def test_prerequisites_date_only_reached_milestones(ready_coop):
    """A rejected NIB milestone gives the NIB no date (Milestone.is_reached); a claimed NPWP one and a verified
    NIK koperasi one give theirs."""
    Milestone.objects.create(cooperative=ready_coop, kind="nib", date=D(2025, 7, 1), status=MilestoneStatus.REJECTED)
    Milestone.objects.create(cooperative=ready_coop, kind="npwp", date=D(2025, 7, 2))
    Milestone.objects.create(
        cooperative=ready_coop, kind="nik_koperasi", date=D(2025, 7, 3), status=MilestoneStatus.VERIFIED
    )
    dates = {item["key"]: item["date"] for item in prerequisites(ready_coop)}
    assert dates == {
        "badan_hukum": None,
        "nik_koperasi": D(2025, 7, 3),
        "rekening": None,
        "npwp": D(2025, 7, 2),
        "nib": None,
    }
