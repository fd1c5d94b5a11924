"""Coverage and the "training" block: the figures after a realistic sequence, by SQL aggregates (query counts)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kopdes.tests.factories import checked
from kopdes.training import selectors, services

D = datetime.date


def _passed(event, official, day):
    participant = services.walk_in_add(
        actor=None, event=event, day=day, cooperative=official.cooperative, official=official
    )
    return services.result_record(actor=None, participant=participant, passed=True)


def test_block_counts_officials_tiers_events_and_people(training, sosialisasi, board):
    _passed(training, board[0], D(2025, 9, 10))  # ketua passes dasar
    services.invitations_generate(actor=None, event=sosialisasi)  # ketua + bendahara invited
    bendahara = sosialisasi.participants.get(position="bendahara")
    services.attendance_record(actor=None, participant=bendahara, day=D(2025, 8, 21))
    services.walk_in_add(
        actor=None, event=sosialisasi, day=D(2025, 8, 21), cooperative=board[0].cooperative, name="Tamu"
    )
    kukar = checked("64.02")
    with CaptureQueriesContext(connection) as queries:
        block = selectors.training_block(region=kukar)
    assert len(queries) == 3  # officials, passed by tier, events with their people: whatever the region's size
    assert block == {
        "officials": 8,
        "trained_dasar": 1,
        "trained_madya": 0,
        "trained_lanjut": 0,
        "events": 2,
        "invited": 2,
        "attended": 3,  # the ketua at the training, the bendahara and the walk-in at the sosialisasi
        "walk_ins": 2,
    }
    assert selectors.training_block(region=checked("64.01"))["officials"] == 0
    assert selectors.training_block(region=checked("64.02.06"))["events"] == 0  # organised by the regency, not here


def test_coverage_by_position_and_kecamatan(training, board):
    _passed(training, board[0], D(2025, 9, 10))  # ketua
    _passed(training, board[5], D(2025, 9, 10))  # ketua pengawas
    rows = {row["group"]: row for row in selectors.coverage_by_position(region=checked("64.02"))}
    assert (rows["ketua"]["officials"], rows["ketua"]["trained_dasar"], rows["ketua"]["pct_dasar"]) == (1, 1, 100.0)
    assert (rows["pengawas"]["officials"], rows["pengawas"]["trained_dasar"]) == (3, 1)
    assert rows["bendahara"]["trained_dasar"] == 0
    kukar = checked("64.02")
    with CaptureQueriesContext(connection) as queries:
        children = selectors.coverage_by_child(region=kukar)
    assert len(queries) == 2
    assert [(c["code"], c["officials"], c["trained_dasar"], c["pct_dasar"]) for c in children] == [
        ("64.02.01", 8, 2, 25.0)
    ]


def test_ended_terms_are_not_current(training, board):
    _passed(training, board[6], D(2025, 9, 10))
    assert selectors.training_block(region=checked("64.02"))["trained_dasar"] == 1
    board[6].term_end = D(2025, 1, 1)
    board[6].save()
    block = selectors.training_block(region=checked("64.02"))
    assert (block["officials"], block["trained_dasar"]) == (7, 0)  # passed, but no longer in office


def test_needs_tier_lists_who_has_not_passed_ready_first(training, board, madya, kukar_officer):
    _passed(training, board[0], D(2025, 9, 10))
    needs_dasar = list(selectors.needs_tier(user=kukar_officer, region="64.02", tier="dasar"))
    assert board[0] not in needs_dasar and len(needs_dasar) == 7
    needs_madya = list(selectors.needs_tier(user=kukar_officer, region="64.02", tier="madya", track="tata_kelola"))
    assert needs_madya[0] == board[0] and needs_madya[0].ready and not needs_madya[1].ready


def test_spending_by_source_and_village(training):
    from kopdes.regions.models import Region

    services.funding_add(actor=None, event=training, source="apbd", amount_rp=40_000_000)
    services.funding_add(
        actor=None,
        event=training,
        source="apbdes",
        amount_rp=7_500_000,
        village=Region.objects.get(code="64.02.01.2001"),
    )
    spending = selectors.spending(region=checked("64.02"))
    assert spending["total"] == 47_500_000
    assert [(r["source"], r["total"]) for r in spending["by_source"]] == [("apbd", 40_000_000), ("apbdes", 7_500_000)]
    assert [(r["village_id"], r["total"]) for r in spending["by_village"]] == [("64.02.01.2001", 7_500_000)]
