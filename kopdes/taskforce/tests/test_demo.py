"""The Satgas part of `kopdes load_demo`: Kukar's decree, rakor and follow-ups, Paser's circular fanned out, the
statuses up to today, and a second run that writes nothing."""

import datetime

import pytest
from django.db import transaction

from kopdes.core.scoping import system_region
from kopdes.devtools.runner import load_demo
from kopdes.regions.models import Region
from kopdes.taskforce import demo
from kopdes.taskforce.models import ActionItem, Decision, Decree, Meeting
from kopdes.taskforce.selectors import action_counts, decision_compliance

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def test_kukar_rakor_of_10_june_2025_and_its_decisions(loaded, db):
    decree = Decree.objects.get(region_id="64.02", kind="keputusan")
    assert decree.members.filter(role="ketua").get().position == "Sekretaris Daerah"
    rakor = Meeting.objects.get(region_id="64.02", date=datetime.date(2025, 6, 10))
    assert rakor.chair_name == "Bupati Kutai Kartanegara" and rakor.online_participants == 237 and rakor.is_signed
    assert rakor.attendance.filter(district__isnull=False).count() == 20
    assert [d.assignee_kind for d in rakor.decisions.order_by("number")] == [
        "camat", "kepala_desa", "agency", "agency", "agency"
    ]  # fmt: skip
    mapping = rakor.decisions.get(number=1)
    assert mapping.items.count() == 20
    # Done exactly where the kecamatan has potentials recorded (mapping's demo).
    mapped = set(
        Region.objects.filter(parent_id="64.02", children__potentials__isnull=False).values_list("code", flat=True)
    )
    assert mapped and set(mapping.items.filter(status="done").values_list("unit_id", flat=True)) == mapped
    assert rakor.decisions.get(number=2).items.count() == 237


def test_paser_circular_fans_out_to_144_facilitator_teams_97_done(loaded, db):
    circular = Decree.objects.get(number="500.3/447/KOP/IV/2025")
    teams = circular.decisions.get(number=3)
    assert teams.items.count() == 144 and teams.items.filter(status="done").count() == 97
    assert teams.items.filter(unit_id="64.01.04.2002", status="done").exists()  # Janju, the first musyawarah
    rows = decision_compliance(decision=teams)
    assert sum(r["done"] for r in rows) == 97 and sum(r["total"] for r in rows) == 144
    assert circular.decisions.get(number=2).items.count() == 10


def test_statuses_progress_to_today_some_overdue(loaded, db):
    block = action_counts(region=system_region(Region.objects.get(code="64.02")), today=TODAY)
    assert block["done"] > 0 and block["overdue"] > 0 and block["open"] > block["overdue"]  # Nov 2026 items not due
    assert not ActionItem.objects.filter(updates__date__gt=TODAY).exists()
    cooperative_items = ActionItem.objects.filter(subject_cooperative__village_id="64.02.06.2012")
    assert cooperative_items.get().status == "done"


def test_a_second_run_writes_nothing(loaded, db):
    before = (Decision.objects.count(), ActionItem.objects.count(), ActionItem.history.count())
    context = load_demo()
    assert not any(key.startswith(tuple(f"{k}_" for k in ("decrees", "meetings", "decisions", "action")))
                   for key in context.writes)  # fmt: skip
    assert (Decision.objects.count(), ActionItem.objects.count(), ActionItem.history.count()) == before
    assert demo.PASER_TEAMS_DONE == 97
