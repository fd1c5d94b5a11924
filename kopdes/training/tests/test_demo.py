"""The training demo: the 21 August 2025 Tenggarong sosialisasi (two invited per Kukar cooperative, more came),
tiered trainings per kecamatan by certified providers (the lapsed one refused), coverage in progress, and a second
run that writes nothing. The steps below training run first, as `kopdes load_demo` runs them."""

import datetime

import pytest

from kopdes.accounts import demo as accounts_demo
from kopdes.core.devtools import DemoContext
from kopdes.formation import demo as formation_demo
from kopdes.regions import demo as regions_demo
from kopdes.tests.factories import KUKAR, PASER, checked
from kopdes.training import demo
from kopdes.training.models import Event, Participant
from kopdes.training.selectors import event_counts, training_block

pytestmark = pytest.mark.django_db


def test_demo_training():
    context = DemoContext()
    for step in (accounts_demo, regions_demo, formation_demo, demo):
        step.load(context)
    tenggarong = Event.objects.get(start_date=datetime.date(2025, 8, 21))
    counts = event_counts(tenggarong)
    assert counts["invited"] == 2 * 237  # two per Kukar cooperative
    assert counts["walk_ins"] == 180 and counts["attended"] > counts["invited"] // 2 and counts["over_capacity"] > 0
    block = training_block(region=checked(KUKAR))
    assert 0 < block["trained_dasar"] < block["officials"] and 0 < block["trained_madya"] < block["trained_dasar"]
    assert 0.2 < block["trained_dasar"] / block["officials"] < 0.6  # a programme in progress
    assert training_block(region=checked(PASER))["trained_dasar"] > 0
    assert any("ditolak" in line and "tidak mencakup" in line for line in context.messages)
    assert not Event.objects.filter(provider__certification_number="DPPKUKM-KT/AKR/2021/03").exists()
    assert Participant.objects.filter(passed=True, certificate_number__isnull=True).count() == 0
    planned = Event.objects.get(start_date=datetime.date(2026, 12, 8))
    assert planned.participants.exists() and not planned.participants.filter(attended_on__isnull=False).exists()

    before = (Event.objects.count(), Participant.objects.count(), Participant.history.count())
    again = DemoContext(actor=context.actor)
    demo.load(again)
    assert again.writes == {}
    assert before == (Event.objects.count(), Participant.objects.count(), Participant.history.count())
