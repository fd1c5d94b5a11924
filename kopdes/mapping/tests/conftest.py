import pytest

from kopdes.accounts.choices import Role
from kopdes.mapping import services
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE, PASER_VILLAGE, UserFactory, cooperative

KUKAR_KELURAHAN = "64.02.06.1005"  # Melayu, kec. Tenggarong
KUKAR_OTHER_VILLAGE = "64.02.01.2002"  # Muara Leka, kec. Muara Muntai


@pytest.fixture
def dpmd(db):
    return UserFactory(username="dpmd.kukar", role=Role.DPMD, region_id=KUKAR)


@pytest.fixture
def kukar_village(db):
    return Region.objects.get(code=KUKAR_VILLAGE)


@pytest.fixture
def kukar_kelurahan(db):
    return Region.objects.get(code=KUKAR_KELURAHAN)


@pytest.fixture
def paser_village(db):
    return Region.objects.get(code=PASER_VILLAGE)


@pytest.fixture
def kukar_bumdes(kukar_village):
    """BUMDes of Perian: sembako active and successful, pertanian inactive."""
    bumdes = services.bumdes_register(actor=None, village=kukar_village, name="BUMDes Maju Bersama")
    services.bumdes_unit_create(
        actor=None, bumdes=bumdes, category="sembako", status="aktif", performance="berhasil", year=2025
    )
    services.bumdes_unit_create(
        actor=None, bumdes=bumdes, category="pertanian", status="tidak_aktif", performance="merugi", year=2024
    )
    return bumdes


@pytest.fixture
def paser_bumdes(paser_village):
    bumdes = services.bumdes_register(actor=None, village=paser_village, name="BUMDes Janju Sejahtera")
    services.bumdes_unit_create(actor=None, bumdes=bumdes, category="sembako", status="aktif", performance="berhasil")
    return bumdes


@pytest.fixture
def kukar_overlap(kukar_bumdes, kukar_coop):
    """The Perian cooperative plans a sembako gerai where the BUMDes already runs one well: an open overlap."""
    from kopdes.cooperatives.services import business_unit_create

    business_unit_create(actor=None, cooperative=kukar_coop, category="sembako", status="rencana")
    return kukar_coop


@pytest.fixture
def paser_overlap(paser_bumdes, paser_coop):
    from kopdes.cooperatives.services import business_unit_create

    business_unit_create(actor=None, cooperative=paser_coop, category="sembako", status="rencana")
    return paser_coop


__all__ = ["KUKAR_KELURAHAN", "KUKAR_OTHER_VILLAGE", "cooperative"]
