import datetime

import pytest
from django.utils import timezone

from kopdes.accounts.choices import Role
from kopdes.helpdesk import services
from kopdes.regions.models import Region
from kopdes.tests.factories import PASER_VILLAGE, UserFactory

SUNGAI_TERIK = "64.01.01.2013"  # Paser, another village of the first musyawarah


def at(year, month, day, hour=9) -> datetime.datetime:
    """A moment in the project's time zone (the controlled clock the services take as `now`)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def janju(db):
    return Region.objects.get(code=PASER_VILLAGE)


@pytest.fixture
def kades_janju(db):
    return UserFactory(
        username="kades.janju", first_name="Sumarni", last_name="Ardi", role=Role.KEPALA_DESA, region_id=PASER_VILLAGE
    )


@pytest.fixture
def kades_terik(db):
    return UserFactory(username="kades.terik", first_name="Yusran", role=Role.KEPALA_DESA, region_id=SUNGAI_TERIK)


@pytest.fixture
def asked(kades_janju, janju):
    """Asked on Friday 5 June 2026: due on Wednesday 10 June (3 working days)."""
    return services.consultation_ask(
        actor=kades_janju,
        village=janju,
        topic="pembentukan",
        title="Siapa yang menandatangani berita acara musyawarah desa?",
        question="Musyawarah desa khusus kami tanggal 20 Juni. Siapa yang menandatangani berita acara dan "
        "apakah notaris harus hadir? Hubungi saya di 081234567890.",
        asker_phone="0812-3456-7890",
        now=at(2026, 6, 5),
    )
