"""Assessment fixtures: the Kukar cooperative (Perian) legally formed on 1 September 2025 (its formation steps in
bulk, as the demo records them), with books, a sembako gerai and members who pay simpanan wajib and buy."""

import datetime

import pytest

from kopdes.books import services as books
from kopdes.books.tests.conftest import nik
from kopdes.formation.choices import MilestoneKind
from kopdes.formation.models import Milestone
from kopdes.tests.factories import operating_unit

D = datetime.date
TODAY = D(2026, 11, 29)
MONTH = D(2026, 11, 1)


def make_legal(coop, day=None):
    """Record the cooperative's steps up to the SK badan hukum (the evidence that it is legally formed)."""
    day = day or D(2025, 9, 1)
    steps = ((MilestoneKind.MUSDESUS, day - datetime.timedelta(60)), (MilestoneKind.AKTA, day - datetime.timedelta(30)),
             (MilestoneKind.BADAN_HUKUM, day))  # fmt: skip
    for kind, when in steps:
        Milestone.objects.get_or_create(cooperative=coop, kind=kind, defaults={"date": when, "status": "verified"})
    return coop


@pytest.fixture
def legal_coop(kukar_coop):
    return make_legal(kukar_coop)


@pytest.fixture
def trading_coop(legal_coop):
    """Perian with books since 1 July 2025, 25 members who pay wajib in November 2026 and sales on 10 days."""
    operating_unit(legal_coop)
    books.books_open(actor=None, cooperative=legal_coop, opened_on=D(2025, 7, 1), wajib_rp=10_000)
    for i in range(25):
        member = books.member_create(actor=None, cooperative=legal_coop, number=f"A-{i:03}", nik=nik(i + 1),
                                     name=f"Anggota {i}", sex="L", joined_on=D(2026, 9, 1))  # fmt: skip
        books.saving_record(actor=None, member=member, day=D(2026, 11, 2), kind="wajib", amount=10_000)
    for day in range(1, 11):
        books.sale_record(actor=None, cooperative=legal_coop, day=D(2026, 11, day), category="sembako",
                          value=1_500_000, cost=1_200_000)  # fmt: skip
    return legal_coop
