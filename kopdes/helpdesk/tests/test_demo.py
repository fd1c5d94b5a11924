"""The consultation part of `kopdes load_demo`: Paser's six villages and Kukar's boards asked, most answered (some
late), a few overdue today, a handful published; the block over Paser; a second run writes nothing."""

import datetime

import pytest
from django.db import transaction

from kopdes.core.scoping import system_region
from kopdes.devtools.runner import load_demo
from kopdes.helpdesk.models import Article, Consultation, Contact
from kopdes.helpdesk.selectors import consultations_block
from kopdes.regions.models import Region

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def test_the_story_of_janju_and_rapak_lambur(loaded, db):
    janju = Consultation.objects.filter(asker__username="kades.janju").order_by("asked_at")
    assert [c.topic for c in janju] == ["pembentukan", "legalitas", "legalitas", "usaha"]
    deed = janju[1]
    assert deed.answered_on_time is False and deed.response_days == 6 and deed.status == "selesai"
    assert deed.attachments.get().content_type == "application/pdf"
    rapak = Consultation.objects.filter(asker__username="pengurus.rapaklambur")
    assert rapak.count() == 4 and rapak.filter(topic="usaha").get().responder == "camat"
    assert rapak.filter(cooperative__village_id="64.02.06.2012").count() == 4


def test_most_answered_a_few_overdue_a_handful_published(loaded, db):
    total = Consultation.objects.count()
    answered = Consultation.objects.filter(first_answered_at__isnull=False).count()
    overdue = Consultation.objects.filter(status="baru", due_date__lt=TODAY).count()
    assert total == 16 and answered == 12 and overdue == 3
    assert Article.objects.count() == 5
    assert Contact.objects.filter(kind="tim_fasilitator", region_id="64.01.04.2002").count() == 3
    block = consultations_block(region=system_region(Region.objects.get(code="64.01")), today=TODAY)
    assert block["open"] == 3 and block["overdue"] == 1 and block["answered"] == 8
    assert 0 < block["answered_on_time_pct"] < 100


def test_a_second_run_writes_nothing(loaded, db):
    assert load_demo().writes == {}
