"""The cooperative page's query budget. The cooperative is the route walk's (every app's walk module adds its rows:
board, gerai, milestones, documents, books with a loan, training, financing, reports, assessment, consultations,
Satgas actions), seen by the dinas, the camat and its pengurus. The page costs the same number of queries whatever
the number of rows (no read per official, gerai, member or milestone) and no more than its budget: the panels read
the rows they share once (`registry.CooperativePanel.prefetch`), and the board's full NIKs make one access-log write.
The change history is not read by the page (htmx loads it from its own URL, which has its own budget).

Raising a budget is a decision: say in the commit which panel needs the query and why."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopdes.core import registry
from kopdes.tests.factories import full_board, operating_unit, upload
from kopdes.tests.test_route_walk import APP_WALKS, build_world

D = datetime.date

# Session and user (2), the cooperative (1), the panels' shared rows (3) and every panel's own reads. Measured
# 29 November 2026 on the walk's cooperative. The change history is not read here: htmx loads it from its own URL
# when the reader reaches it (was 15 more queries on every view: one per kind of record and its related rows).
PANEL_QUERIES = {"kukar": 30, "camat": 27, "pengurus": 29}


def _budget(name: str) -> int:
    return 2 + 1 + 3 + PANEL_QUERIES[name]


def _history_budget() -> int:
    """The history's own URL: session, user and scope (3, the cooperative included), one read per kind of record
    and the related rows the shown records name (4 at most on the walk's cooperative)."""
    return 3 + len(registry.cooperative_history.keys()) + 4


def _count(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


def _grow(world) -> None:
    """More of every kind of row the page lists: a full board, another gerai, documents, milestones, members and
    their sales."""
    from kopdes.books import rules as books_rules
    from kopdes.books import services as books_services
    from kopdes.cooperatives import services as coop_services
    from kopdes.formation import services as formation_services

    coop = world.coop
    full_board(coop, start_nik=6402010101900101)
    operating_unit(coop, category="apotek")
    for title in ("Akta Rahasia Perian", "SK Rahasia Perian"):
        coop_services.document_upload(
            actor=world.users["kukar"], cooperative=coop, kind="berita_acara", uploaded_file=upload(), title=title
        )
    for kind, day in (("akta", D(2025, 6, 1)), ("badan_hukum", D(2025, 6, 20))):
        formation_services.milestone_record(actor=None, cooperative=coop, kind=kind, date=day)
    for i in range(3):
        nik = books_rules.make_nik("64.02.01", D(1981, 5, 5 + i), False, 7)
        member = books_services.member_create(
            actor=None, cooperative=coop, number=f"Q-{i}", nik=nik, name=f"Anggota Tambahan {i}", sex="L",
            joined_on=D(2025, 8, 1),
        )  # fmt: skip
        books_services.sale_record(
            actor=None, cooperative=coop, day=D(2025, 9, 1 + i), category="pupuk", value=100_000, cost=80_000,
            member=member,
        )  # fmt: skip


@pytest.mark.django_db
def test_cooperative_page_query_budget(client):
    world = build_world()
    for module in APP_WALKS:
        if hasattr(module, "build"):
            module.build(world)
    url = reverse("cooperatives:cooperative_detail", args=[world.coop.pk])
    history_url = reverse("cooperatives:cooperative_history", args=[world.coop.pk])
    before = {}
    for name in PANEL_QUERIES:
        client.force_login(world.users[name])
        client.get(url)  # the first request of a session may read what later ones keep
        before[name] = _count(client, url)
        assert before[name][0] <= _budget(name), (name, before[name][0], _budget(name), before[name][1])
        assert not [sql for sql in before[name][1] if "_historical" in sql], name  # the history loads on demand
        history = _count(client, history_url)
        assert history[0] <= _history_budget(), (name, history[0], _history_budget(), history[1])
    _grow(world)
    for name in PANEL_QUERIES:
        client.force_login(world.users[name])
        client.get(url)
        count, sql = _count(client, url)
        assert count == before[name][0], (name, "the page reads per row", before[name][1], sql)
        history = _count(client, history_url)
        assert history[0] <= _history_budget(), (name, "the history reads per row", history[0], history[1])
