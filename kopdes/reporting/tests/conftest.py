import datetime

import pytest
from django.utils import timezone

from kopdes.accounts.choices import Role
from kopdes.tests.factories import KUKAR, MUARA_MUNTAI, PASER, UserFactory


def at(year, month, day, hour=9) -> datetime.datetime:
    """A moment in the project's time zone (the controlled clock the services take as `now`)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def backdate(coop, day: datetime.date) -> None:
    """Make the cooperative exist from `day` (registered then in Kopdes)."""
    type(coop).objects.filter(pk=coop.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
    )
    coop.refresh_from_db()


@pytest.fixture
def paser_camat(db):
    return UserFactory(username="camat.longikis", first_name="Hasan", role=Role.CAMAT, region_id="64.01.04")


@pytest.fixture
def pendamping(db, kukar_coop):
    user = UserFactory(username="pendamping.kukar", first_name="Rini", role=Role.PENDAMPING)
    user.assigned_cooperatives.add(kukar_coop)
    return user


__all__ = ["KUKAR", "MUARA_MUNTAI", "PASER", "at", "backdate"]
