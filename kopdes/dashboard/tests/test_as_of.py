"""Progress as of a past day and its monthly trend, checked against an independent count: the milestones walked in
Python with the phase rule itself (`derive_phase`), as they stood at the end of each day."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kopdes.cooperatives.models import Cooperative
from kopdes.core import registry
from kopdes.dashboard.selectors import progress_document, trend_document
from kopdes.formation.choices import PHASE_KEYS, MilestoneStatus
from kopdes.formation.models import Milestone
from kopdes.formation.rules import derive_phase
from kopdes.formation.services import milestone_record, milestone_reject, target_create
from kopdes.regions.models import Region
from kopdes.tests.factories import checked, cooperative, operating_unit

D = datetime.date


def CURRENT_BLOCKS():  # noqa: N802
    """The blocks that cannot answer for a past day (national, overlaps and whatever other apps register)."""
    return [block.key for block in registry.progress_blocks if not block.as_of]


LEGAL = ["nik_koperasi", "nib", "npwp", "rekening"]


def record(coop, steps):
    for kind, date in steps:
        milestone_record(actor=None, cooperative=coop, kind=kind, date=date)


@pytest.fixture
def story(db):
    """Five cooperatives with known dates; the akta of one is rejected on 15 July 2025."""
    a = cooperative("64.02.01.2001")  # Muara Muntai: all the way to operating in August
    record(a, [("sosialisasi", D(2025, 4, 1)), ("musdesus", D(2025, 4, 20)), ("akta", D(2025, 5, 5))])
    record(a, [("badan_hukum", D(2025, 5, 20)), *[(kind, D(2025, 6, 20)) for kind in LEGAL]])
    operating_unit(a)
    record(a, [("operasional", D(2025, 8, 1))])
    b = cooperative("64.02.01.2002")  # akta in May, rejected in July
    record(b, [("musdesus", D(2025, 4, 25)), ("akta", D(2025, 5, 30))])
    rejected = b.milestones.get(kind="akta")
    milestone_reject(actor=None, milestone=rejected, note="Akta tidak sesuai")
    Milestone.objects.filter(pk=rejected.pk).update(rejected_on=D(2025, 7, 15))
    c = cooperative("64.02.02.2001")  # Muara Jawa: sosialisasi only, in June
    record(c, [("sosialisasi", D(2025, 6, 11))])
    d = cooperative("64.02.02.2002")  # musyawarah on the day of the report itself
    record(d, [("musdesus", D(2025, 6, 10))])
    e = cooperative("64.01.04.2002")  # Paser
    record(e, [("musdesus", D(2025, 3, 2)), ("akta", D(2025, 9, 1))])
    return {"rejected": rejected}


def independent(prefix: str, day: datetime.date) -> dict:
    """Walk the milestone rows: counted from their date until the day they were rejected."""
    phases = dict.fromkeys(PHASE_KEYS, 0)
    begun = 0
    for coop in Cooperative.objects.prefetch_related("milestones"):
        if prefix and coop.village_id != prefix and not coop.village_id.startswith(prefix + "."):
            continue
        counted = {
            m.kind
            for m in coop.milestones.all()
            if m.date is not None
            and m.date <= day
            and not (m.status == MilestoneStatus.REJECTED and (m.rejected_on or m.date) <= day)
        }
        phase = derive_phase(counted, "operasional" in counted)
        begun += phase >= 1
        for number, key in enumerate(PHASE_KEYS, start=1):
            phases[key] += phase >= number
    return {"cooperatives": begun, "phases": phases}


DAYS = [D(2025, 3, 1), D(2025, 4, 30), D(2025, 6, 9), D(2025, 6, 10), D(2025, 7, 14), D(2025, 7, 15), D(2026, 11, 1)]


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("code", ["64.02", "64.02.01", "64", "ID", "64.02.01.2002"])
def test_as_of_matches_an_independent_count(story, code, day):
    document = progress_document(region=checked(code), as_of=day)
    expected = independent("" if code == "ID" else code, day)
    assert {"cooperatives": document["cooperatives"], "phases": document["phases"]} == expected
    for child in document["children"]:
        assert {"cooperatives": child["cooperatives"], "phases": child["phases"]} == independent(
            child["region"]["code"], day
        )


def test_a_rejected_milestone_counts_until_its_rejection(story):
    kukar = "64.02.01"
    before = progress_document(region=checked(kukar), as_of=D(2025, 7, 14))["phases"]
    after = progress_document(region=checked(kukar), as_of=D(2025, 7, 15))["phases"]
    assert before["akta"] == 2 and after["akta"] == 1  # b's akta counted from 30 May until 15 July
    today = progress_document(region=checked(kukar))["phases"]
    assert today["akta"] == 1


def test_rejecting_sets_the_day_and_recording_again_clears_it(story):
    kukar_coop = cooperative("64.02.03.2001")
    record(kukar_coop, [("musdesus", D(2025, 5, 1))])
    milestone = kukar_coop.milestones.get(kind="musdesus")
    milestone_reject(actor=None, milestone=milestone, note="Berita acara tidak terbaca")
    milestone.refresh_from_db()
    assert milestone.rejected_on == timezone.localdate()
    record(kukar_coop, [("musdesus", D(2025, 5, 2))])
    milestone.refresh_from_db()
    assert (milestone.status, milestone.rejected_on, milestone.date) == ("claimed", None, D(2025, 5, 2))


def test_targets_and_villages_as_of(story):
    kukar = Region.objects.get(code="64.02")
    target_create(actor=None, region=kukar, phase="musdesus", count=4, due_date=D(2025, 6, 30))
    document = progress_document(region=checked("64.02"), as_of=D(2025, 6, 9))
    assert document["villages"]["total"] == 237  # not versioned: today's list
    [target] = document["targets"]
    assert (target["achieved"], target["target"], target["attainment_pct"]) == (2, 4, 50.0)
    assert document["as_of"]["date"] == "2025-06-09"
    assert document["as_of"]["current_blocks"] == CURRENT_BLOCKS()
    assert {"national", "overlaps"} <= set(CURRENT_BLOCKS()) and "targets" not in CURRENT_BLOCKS()
    assert list(document)[-1] == "as_of"


def test_one_grouped_query_for_the_phases(story, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as today:
        progress_document(region=checked("64.02"))
    with CaptureQueriesContext(connection) as past:
        progress_document(region=checked("64.02"), as_of=D(2025, 6, 10))
    assert len(past) == len(today) + 1  # the grouped as-of query next to today's (for the villages and names)


def test_api_as_of(story, client_for, kukar_officer, paser_officer):
    client = client_for(kukar_officer)
    today = client.get("/api/v1/progress/64.02")
    assert today.status_code == 200 and "as_of" not in today.json()
    assert today.json() == json.loads(json.dumps(progress_document(region=checked("64.02")), default=str))
    past = client.get("/api/v1/progress/64.02?as_of=2025-06-10")
    assert past.status_code == 200
    body = past.json()
    assert body["phases"] == independent("64.02", D(2025, 6, 10))["phases"]
    assert body["as_of"]["date"] == "2025-06-10" and body["as_of"]["current_blocks"] == CURRENT_BLOCKS()
    future = client.get("/api/v1/progress/64.02?as_of=2999-01-01")
    assert future.status_code == 400 and future.json()["errors"][0]["field"] == "as_of"
    assert client.get("/api/v1/progress/64.02?as_of=10-06-2025").status_code == 422
    assert client_for(paser_officer).get("/api/v1/progress/64.02?as_of=2025-06-10").status_code == 404


def test_cli_as_of(story):
    out = io.StringIO()
    call_command("progress", "64.02", "--as-of", "2025-06-10", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["phases"] == independent("64.02", D(2025, 6, 10))["phases"]
    assert document["as_of"]["date"] == "2025-06-10"
    table = io.StringIO()
    call_command("progress", "64.02", "--as-of", "2025-06-10", stdout=table)
    assert table.getvalue().startswith(f"per 2025-06-10 (bagian tetap hari ini: {', '.join(CURRENT_BLOCKS())})")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("progress", "64.02", "--as-of", "10/06/2025", stdout=io.StringIO())


def _month_end(month: str) -> datetime.date:
    year, number = int(month[:4]), int(month[5:])
    first_next = D(year + number // 12, number % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


@pytest.mark.parametrize("code", ["64.02", "64", "64.02.01"])
def test_trend_matches_the_snapshots_at_month_ends(story, code):
    until = D(2025, 10, 20)
    trend = trend_document(region=checked(code), until=until)
    assert trend["months"][0] == ("2025-03" if code == "64" else "2025-04")
    assert trend["months"][-1] == "2025-10"
    for index, month in enumerate(trend["months"]):
        day = until if month == "2025-10" else _month_end(month)
        expected = independent(code, day)["phases"]
        assert {key: trend["phases"][key][index] for key in PHASE_KEYS} == expected, month


def test_trend_is_one_query(story, django_assert_num_queries):
    with django_assert_num_queries(1):
        trend_document(region=checked("ID"), until=D(2026, 11, 1))


def test_trend_api(story, client_for, kukar_officer, bupati, paser_officer):
    response = client_for(bupati).get("/api/v1/progress/64.02/trend?as_of=2025-08-31")
    assert response.status_code == 200
    body = response.json()
    assert body["months"][-1] == "2025-08" and body["phases"]["operasional"][-1] == 1
    assert client_for(paser_officer).get("/api/v1/progress/64.02/trend").status_code == 404
    assert client_for(kukar_officer).get("/api/v1/progress/64.02/trend?as_of=2999-01-01").status_code == 400
