"""Roll-up numbers on a hand-made fixture, checked against counts computed independently here."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from kopdes.cooperatives.models import Cooperative
from kopdes.core import registry
from kopdes.dashboard.selectors import progress_document
from kopdes.formation.choices import PHASE_KEYS
from kopdes.formation.services import milestone_record, target_create
from kopdes.regions.models import Region
from kopdes.tests.factories import checked, cooperative

D = datetime.date
STEPS = [("sosialisasi", D(2025, 4, 1)), ("musdesus", D(2025, 4, 20)), ("akta", D(2025, 5, 5))]
STEPS += [("badan_hukum", D(2025, 5, 20))]


def advance(coop, upto: int):
    for kind, date in STEPS[:upto]:
        milestone_record(actor=None, cooperative=coop, kind=kind, date=date)


@pytest.fixture
def fixture_coops(db):
    plan = {
        "64.02.01.2001": 2,
        "64.02.01.2002": 4,
        "64.02.01.2003": 0,
        "64.02.02.2001": 1,
        "64.01.04.2002": 2,
    }
    for code, steps in plan.items():
        advance(cooperative(code), steps)
    return plan


def expected_for(prefix: str) -> dict:
    """Independent count: walk the rows in Python (fine in a test, never in the product)."""

    def under(code: str) -> bool:
        return prefix == "" or code == prefix or code.startswith(prefix + ".")

    coops = [c for c in Cooperative.objects.all() if under(c.village_id)]
    villages = [r for r in Region.objects.filter(level="village") if under(r.code)]
    return {
        "villages": {
            "total": len(villages),
            "desa": sum(1 for v in villages if v.kind == "desa"),
            "kelurahan": sum(1 for v in villages if v.kind == "kelurahan"),
        },
        "cooperatives": len(coops),
        "phases": {key: sum(1 for c in coops if c.phase >= n) for n, key in enumerate(PHASE_KEYS, start=1)},
    }


@pytest.mark.parametrize("code", ["64.02", "64.02.01", "64.02.02", "64.01", "64", "64.02.01.2002"])
def test_summary_matches_independent_count(fixture_coops, code):
    summary = progress_document(region=checked(code))
    expected = expected_for(code)
    assert summary["villages"] == expected["villages"]
    assert summary["cooperatives"] == expected["cooperatives"]
    assert summary["phases"] == expected["phases"]
    for child in summary["children"]:
        child_expected = expected_for(child["region"]["code"])
        assert {k: child[k] for k in ("villages", "cooperatives", "phases")} == child_expected


def test_kukar_numbers(fixture_coops):
    summary = progress_document(region=checked("64.02"))
    assert summary["region"] == {"code": "64.02", "name": "Kabupaten Kutai Kartanegara", "level": "regency"}
    assert summary["villages"] == {"total": 237, "desa": 193, "kelurahan": 44}
    assert summary["cooperatives"] == 4
    assert summary["phases"] == {
        "sosialisasi": 3,
        "musdesus": 2,
        "akta": 1,
        "badan_hukum": 1,
        "legalitas_lengkap": 0,
        "operasional": 0,
    }
    assert len(summary["children"]) == 20
    muara_muntai = next(c for c in summary["children"] if c["region"]["code"] == "64.02.01")
    assert muara_muntai["cooperatives"] == 3 and muara_muntai["phases"]["musdesus"] == 2


def test_whole_country(fixture_coops):
    summary = progress_document(region=checked("ID"))
    assert summary["region"]["code"] == "ID"
    assert summary["cooperatives"] == 5
    kaltim = next(c for c in summary["children"] if c["region"]["code"] == "64")
    assert kaltim["cooperatives"] == 5 and kaltim["phases"]["musdesus"] == 3


def test_a_milestone_shows_at_every_level_in_the_next_request(fixture_coops):
    before = {code: progress_document(region=checked(code)) for code in ["64.02", "64.02.01", "64"]}
    coop = Cooperative.objects.get(village_id="64.02.01.2003")
    milestone_record(actor=None, cooperative=coop, kind="musdesus", date=D(2025, 6, 1))
    for code, old in before.items():
        new = progress_document(region=checked(code))
        assert new["phases"]["musdesus"] == old["phases"]["musdesus"] + 1


def test_target_attainment(fixture_coops):
    paser = Region.objects.get(code="64.01")
    target_create(actor=None, region=paser, phase="musdesus", count=60, due_date=D(2025, 6, 30), expected_pct=80)
    target_create(actor=None, region=paser, phase="sosialisasi", percent=10, due_date=D(2025, 7, 30))
    targets = progress_document(region=checked(paser.code))["targets"]
    assert targets[0]["target"] == 60 and targets[0]["achieved"] == 1
    assert targets[0]["attainment_pct"] == pytest.approx(1.7)
    assert targets[0]["expected"] == 48 and targets[0]["on_track"] is False
    villages = Region.objects.filter(code__startswith="64.01.", level="village").count()
    assert targets[1]["target"] == round(villages * 0.10)


def test_cli_prints_the_api_document(fixture_coops, client_for, kukar_officer):
    out = io.StringIO()
    call_command("progress", "64.02", "--json", stdout=out)
    from_cli = json.loads(out.getvalue())
    from_api = client_for(kukar_officer).get("/api/v1/progress/64.02").json()
    assert from_cli == from_api


def test_cli_table_and_unknown_code(fixture_coops):
    out = io.StringIO()
    call_command("progress", "64.02", stdout=out)
    assert "Kabupaten Kutai Kartanegara" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("progress", "99.99", stdout=io.StringIO())


def test_the_document_keeps_its_keys_in_their_order(fixture_coops, client_for, kukar_officer):
    """The blocks registered by formation, exchange and mapping assemble the document the API always gave."""
    keys = ["region", "villages", "cooperatives", "phases", "children", "targets", "national", "overlaps"]
    # The spine (formation's spread block) comes first; every other block follows in its registered order, so apps
    # added since (the map after the phases, training, books, …) slot in without reordering the original keys.
    blocks = [block.key for block in registry.progress_blocks if not block.spread]
    for document in (
        progress_document(region=checked("64.02")),
        client_for(kukar_officer).get("/api/v1/progress/64.02").json(),
    ):
        found = list(document)
        assert found == keys[:5] + blocks
        assert [key for key in found if key in keys] == keys
