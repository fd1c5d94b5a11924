"""Region roll-ups kept for a minute (kopdes/dashboard/rollups.py): the second reader of a region gets the kept copy
with a handful of queries, a write shows after `?segarkan=1` or once the copy is stale (rebuilt by the worker), a copy
past its maximum age is never served, scope is checked before the copy is read, and each language keeps its own."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kopdes.dashboard.rollups import Rollup, rollup, rollup_key
from kopdes.dashboard.selectors import progress_document
from kopdes.formation.services import milestone_record
from kopdes.tests.factories import KUKAR, checked, cooperative


@pytest.fixture
def keep(settings):
    settings.KOPDES_ROLLUP_FRESH_SECONDS = 60
    settings.KOPDES_ROLLUP_MAX_AGE_SECONDS = 900


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def kukar_coops(db):
    return [cooperative(code) for code in ("64.02.01.2001", "64.02.01.2002")]


def region_url(code: str, query: str = "") -> str:
    return reverse("dashboard:region_detail", args=[code]) + query


def count_of_musdesus(client, code: str, query: str = "") -> tuple[int, int]:
    """The regency page's musdesus card and the number of queries the page made."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(region_url(code, query))
    assert response.status_code == 200
    html = response.content.decode()
    marker = 'data-phase="musdesus">'
    start = html.index(marker) + len(marker)
    return int(html[start : html.index("<", start)].replace(".", "")), len(queries)


def test_the_second_reader_gets_the_kept_copy_and_segarkan_shows_a_write(keep, kukar_officer, bupati, kukar_coops):
    officer = client_of(kukar_officer)
    before, first_queries = count_of_musdesus(officer, KUKAR)
    milestone_record(actor=None, cooperative=kukar_coops[0], kind="sosialisasi", date=datetime.date(2025, 4, 1))
    milestone_record(actor=None, cooperative=kukar_coops[0], kind="musdesus", date=datetime.date(2025, 4, 20))

    kept, kept_queries = count_of_musdesus(client_of(bupati), KUKAR)
    assert kept == before  # the copy of a minute ago
    assert kept_queries < first_queries / 3, (kept_queries, first_queries)

    fresh, _ = count_of_musdesus(officer, KUKAR, "?segarkan=1")
    assert fresh == before + 1
    assert count_of_musdesus(officer, KUKAR)[0] == before + 1  # the refreshed copy is the one kept


def test_the_page_says_when_its_numbers_were_computed(keep, kukar_officer, kukar_coops):
    html = client_of(kukar_officer).get(region_url(KUKAR)).content.decode()
    assert 'id="computed-at"' in html
    assert "Angka dihitung pukul" in html
    assert "?segarkan=1" in html


def test_scope_is_checked_before_the_kept_copy_is_read(keep, kukar_officer, paser_officer, kukar_coops):
    assert client_of(kukar_officer).get(region_url(KUKAR)).status_code == 200
    assert cache.get(rollup_key("summary", KUKAR, "id", timezone.localdate())) is not None
    paser = client_of(paser_officer)
    assert paser.get(region_url(KUKAR)).status_code == 404
    assert paser.get(f"/api/v1/progress/{KUKAR}").status_code == 404


def test_a_stale_copy_is_served_once_and_rebuilt_by_the_worker(keep, kukar_coops):
    region = checked(KUKAR)
    today = timezone.localdate()
    first = rollup("progress", region, today=today)
    key = rollup_key("progress", KUKAR, translation.get_language(), today)
    stale_at = timezone.now() - datetime.timedelta(seconds=120)
    cache.set(key, Rollup({**first.value, "marker": "stale"}, stale_at), 900)

    served = rollup("progress", region, today=today)
    assert served.value["marker"] == "stale"  # nobody waits for the rebuild
    rebuilt = cache.get(key)  # the test settings' task backend runs the queued rebuild at once
    assert "marker" not in rebuilt.value
    assert rebuilt.computed_at > stale_at
    assert rebuilt.value == first.value


def test_a_copy_past_its_maximum_age_is_never_served(keep, kukar_coops):
    region = checked(KUKAR)
    today = timezone.localdate()
    key = rollup_key("progress", KUKAR, translation.get_language(), today)
    cache.set(key, Rollup({"marker": "old"}, timezone.now() - datetime.timedelta(seconds=901)), 900)
    assert "marker" not in rollup("progress", region, today=today).value


def test_a_past_day_and_the_cli_never_read_the_kept_copy(keep, kukar_coops):
    region = checked(KUKAR)
    today = timezone.localdate()
    key = rollup_key("progress", KUKAR, translation.get_language(), today)
    cache.set(key, Rollup({"marker": "kept"}, timezone.now()), 900)
    assert "marker" in progress_document(region=region)
    assert "marker" not in progress_document(region=region, as_of=today)
    assert "marker" not in progress_document(region=region, refresh=True)


def test_each_language_keeps_its_own_copy(keep, kukar_coops):
    region = checked(KUKAR)
    today = timezone.localdate()
    with translation.override("en"):
        rollup("progress", region, today=today)
    assert cache.get(rollup_key("progress", KUKAR, "en", today)) is not None
    assert cache.get(rollup_key("progress", KUKAR, "id", today)) is None


def test_nothing_is_kept_when_the_fresh_time_is_zero(settings, kukar_coops):
    settings.KOPDES_ROLLUP_FRESH_SECONDS = 0
    region = checked(KUKAR)
    rollup("progress", region)
    assert cache.get(rollup_key("progress", KUKAR, translation.get_language(), timezone.localdate())) is None


def test_the_rollups_command_builds_the_summaries_ahead_in_every_language(keep, kukar_coops):
    out = io.StringIO()
    call_command("rollups", KUKAR, "64.02.01", stdout=out)
    today = timezone.localdate()
    for language in ("id", "en"):
        assert cache.get(rollup_key("summary", KUKAR, language, today)) is not None
        assert cache.get(rollup_key("progress", KUKAR, language, today)) is not None  # built with the summary
        assert cache.get(rollup_key("progress", "64.02.01", language, today)) is not None
    assert f"{KUKAR} id summary" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("rollups", "99.99", stdout=out)


def test_the_rollups_command_refuses_when_nothing_is_kept(settings, db):
    settings.KOPDES_ROLLUP_FRESH_SECONDS = 0
    with pytest.raises(CommandError):
        call_command("rollups")
