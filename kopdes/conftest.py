"""Session-wide test data: the real Kemendagri regions of Kalimantan Timur (province 64), loaded once, and the
personas of STYLE.md rule 11."""

import pytest

from kopdes.accounts.choices import Role
from kopdes.tests.factories import KUKAR, MUARA_MUNTAI, PASER, UserFactory, cooperative


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from kopdes.regions.services import regions_load

    with django_db_blocker.unblock():
        regions_load(provinces=["64"])


@pytest.fixture
def national_admin(db):
    return UserFactory(username="nasional", role=Role.ADMIN, region=None)


@pytest.fixture
def kukar_officer(db):
    return UserFactory(username="dinkop.kukar", role=Role.ADMIN, region_id=KUKAR)


@pytest.fixture
def paser_officer(db):
    return UserFactory(username="dinkop.paser", role=Role.ADMIN, region_id=PASER)


@pytest.fixture
def camat(db):
    return UserFactory(username="camat.muaramuntai", role=Role.CAMAT, region_id=MUARA_MUNTAI)


@pytest.fixture
def bupati(db):
    return UserFactory(username="bupati.kukar", role=Role.PIMPINAN, region_id=KUKAR)


@pytest.fixture
def kukar_coop(db):
    from kopdes.tests.factories import KUKAR_VILLAGE

    return cooperative(KUKAR_VILLAGE)


@pytest.fixture
def paser_coop(db):
    from kopdes.tests.factories import PASER_VILLAGE

    return cooperative(PASER_VILLAGE)


@pytest.fixture
def pengurus(db, kukar_coop):
    return UserFactory(username="pengurus.kukar", role=Role.PENGURUS, cooperative=kukar_coop)


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
