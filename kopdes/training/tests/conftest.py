"""Training fixtures: the catalogue (tata kelola dasar and madya), a certified provider, a Kukar training and a
Kukar sosialisasi, and the full board of the Kukar cooperative (Perian, kec. Muara Muntai)."""

import datetime

import pytest

from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, full_board
from kopdes.training import services

D = datetime.date


@pytest.fixture
def dasar(db):
    return services.course_create(
        actor=None, code="TK-1", title="Tata kelola koperasi dasar", track="tata_kelola", tier="dasar", hours=16
    )


@pytest.fixture
def madya(db):
    return services.course_create(
        actor=None, code="TK-2", title="Tata kelola koperasi madya", track="tata_kelola", tier="madya", hours=24
    )


@pytest.fixture
def provider(db):
    return services.provider_create(
        actor=None,
        name="LPK Mitra Koperasi Kaltim",
        kind="lpk",
        certification_number="LPK-64/2025/017",
        issuing_body="Kemnaker",
        valid_from=D(2025, 1, 1),
        valid_until=D(2027, 12, 31),
    )


@pytest.fixture
def board(kukar_coop):
    return full_board(kukar_coop)


@pytest.fixture
def training(dasar, provider):
    return services.event_create(
        actor=None,
        organiser_region=Region.objects.get(code=KUKAR),
        kind="pelatihan",
        title="Pelatihan tata kelola dasar Muara Muntai",
        agency="DiskopUKM Kukar",
        start_date=D(2025, 9, 10),
        end_date=D(2025, 9, 11),
        venue="Aula Kecamatan Muara Muntai",
        capacity=10,
        quota_per_cooperative=2,
        course=dasar,
        provider=provider,
    )


@pytest.fixture
def sosialisasi(db):
    return services.event_create(
        actor=None,
        organiser_region=Region.objects.get(code=KUKAR),
        kind="sosialisasi",
        title="Sosialisasi Kemitraan Aplikasi Digital dan Pembiayaan bersama KDMP",
        agency="DPPKUKM Kaltim bersama DiskopUKM Kukar",
        start_date=D(2025, 8, 21),
        end_date=D(2025, 8, 21),
        venue="BPU Tenggarong",
        capacity=3,
        quota_per_cooperative=2,
    )
