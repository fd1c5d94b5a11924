"""Books fixtures: the Kukar cooperative (Perian, kec. Muara Muntai, KDMP) with an operating sembako gerai and its
books opened on 1 July 2025, and members from Perian with valid NIKs."""

import datetime

import pytest

from kopdes.books import rules, services
from kopdes.tests.factories import operating_unit

D = datetime.date


def nik(serial: int, *, female: bool = False, district: str = "64.02.01") -> str:
    return rules.make_nik(district, D(1980 + serial % 20, 1 + serial % 12, 1 + serial % 28), female, serial)


@pytest.fixture
def books(db, kukar_coop):
    operating_unit(kukar_coop)
    return services.books_open(actor=None, cooperative=kukar_coop, opened_on=D(2025, 7, 1), wajib_rp=10_000)


@pytest.fixture
def member(books, kukar_coop):
    return services.member_create(
        actor=None, cooperative=kukar_coop, number="A-001", nik=nik(1), name="Budi", sex="L", joined_on=D(2025, 7, 1)
    )


@pytest.fixture
def member_p(books, kukar_coop):
    return services.member_create(
        actor=None,
        cooperative=kukar_coop,
        number="A-002",
        nik=nik(2, female=True),
        name="Siti",
        sex="P",
        joined_on=D(2025, 8, 15),
        phone="0812 3456 7890",
    )
