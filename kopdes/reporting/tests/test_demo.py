"""The reporting part of `kopdes load_demo`: camat reports of Kukar and Paser since July 2025 (late and missing
ones, returned and resubmitted), cooperative reports derived from books and typed, a second run writes nothing."""

import pytest
from django.db import transaction

from kopdes.core.scoping import system_region
from kopdes.devtools.runner import load_demo
from kopdes.regions.models import Region
from kopdes.reporting.choices import FormKind, Status
from kopdes.reporting.models import Report
from kopdes.reporting.selectors import reporting_block


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def test_the_story(loaded, db):
    assert Report.objects.filter(kind=FormKind.CAMAT, region__code__startswith="64.01.").exists()
    assert Report.objects.filter(kind=FormKind.CAMAT, region__code__startswith="64.02.").exists()
    assert Report.objects.filter(kind=FormKind.KOPERASI, from_books=True).exists()
    assert Report.objects.filter(kind=FormKind.KOPERASI, from_books=False, figures__has_key="members").exists()
    assert Report.objects.filter(on_time=False).exists() and Report.objects.filter(on_time=True).exists()
    assert Report.objects.filter(steps__action="resubmit").exists()
    assert Report.objects.filter(status=Status.APPROVED).exists()
    assert Report.objects.filter(status=Status.SUBMITTED).exists()
    assert Report.objects.filter(status=Status.RETURNED, period_start="2026-10-01").exists()
    block = reporting_block(region=system_region(Region.objects.get(code="64.01")))
    assert block["period"] == "2026-10" and 0 < block["submitted"] < block["expected"]


def test_a_second_load_changes_nothing(loaded, db):
    reports, history = Report.objects.count(), Report.history.count()
    again = load_demo()
    assert not {key: n for key, n in again.writes.items() if key.startswith("reporting")}
    assert (Report.objects.count(), Report.history.count()) == (reports, history)
