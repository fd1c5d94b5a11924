"""Target pages from each persona: create and edit in scope, 403 for read-only roles, 404 outside scope,
409 on a stale edit with the newer data kept and shown, and the change history."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from kopdes.formation.models import Target
from kopdes.formation.services import target_create, target_update
from kopdes.formation.tests.conftest import TEN_REGIONS, targets_in
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, MUARA_MUNTAI, PASER

D = datetime.date
LIST_URL = "/target/"


def edit_url(target) -> str:
    return reverse("formation:target_edit", args=[target.pk])


def form_data(**overrides) -> dict:
    data = {
        "region": KUKAR,
        "phase": "operasional",
        "count": "237",
        "percent": "",
        "due_date": "2025-11-28",
        "expected_pct": "80",
        "note": "Semua beroperasi penuh",
    }
    data.update(overrides)
    return data


@pytest.fixture
def kukar_target(kukar_officer):
    return target_create(
        actor=kukar_officer,
        region=Region.objects.get(code=KUKAR),
        phase="badan_hukum",
        count=100,
        due_date=D(2025, 9, 30),
        expected_pct=None,
        note="",
    )


def test_urls():
    assert reverse("formation:target_list") == LIST_URL
    assert reverse("formation:target_edit", args=[7]) == "/target/7/ubah/"


def test_kukar_officer_creates_a_target_and_sees_it(client_for, kukar_officer):
    client = client_for(kukar_officer)
    page = client.get(LIST_URL).content.decode()
    assert 'name="region"' in page and 'value="64.02"' in page  # the form, opened on the home region

    response = client.post(LIST_URL, form_data())
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.region_id, target.phase, target.count) == (KUKAR, "operasional", 237)
    assert target.created_by == kukar_officer

    html = client.get(response["Location"]).content.decode()
    assert "Target untuk Kabupaten Kutai Kartanegara disimpan." in html
    row = re.search(rf'<tr data-target="{target.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "Kabupaten Kutai Kartanegara" in row
    assert "Beroperasi" in row
    assert "28 November 2025" in row
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["237", "0", "0,0%", "80% (190)"]
    assert "Tertinggal" in row
    assert f'href="{edit_url(target)}"' in row


def test_percent_target_accepts_decimal_comma(client_for, kukar_officer):
    response = client_for(kukar_officer).post(
        LIST_URL, form_data(region=MUARA_MUNTAI, count="", percent="50,5", expected_pct="")
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.region_id, target.count, str(target.percent)) == (MUARA_MUNTAI, None, "50.50")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"percent": "50"}, "salah satu saja"),
        ({"count": ""}, "salah satu saja"),
        ({"percent": "", "count": "", "expected_pct": "120"}, "lebih kecil dari atau sama dengan 100"),
        ({"due_date": "kemarin"}, "tanggal yang valid"),
    ],
)
def test_invalid_target_redisplays_the_form(client_for, kukar_officer, overrides, message):
    response = client_for(kukar_officer).post(LIST_URL, form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Target.objects.exists()


def test_read_only_leader_sees_targets_but_no_form_and_cannot_post(client_for, bupati, kukar_target):
    client = client_for(bupati)
    html = client.get(LIST_URL).content.decode()
    assert f'<tr data-target="{kukar_target.pk}">' in html
    assert 'name="phase"' not in html
    assert edit_url(kukar_target) not in html
    assert client.post(LIST_URL, form_data()).status_code == 403
    assert client.get(edit_url(kukar_target)).status_code == 403
    assert Target.objects.count() == 1


def test_camat_cannot_manage_targets(client_for, camat):
    assert client_for(camat).post(LIST_URL, form_data(region=MUARA_MUNTAI)).status_code == 403
    assert not Target.objects.exists()


def test_outsider_gets_404(client_for, paser_officer, kukar_target):
    client = client_for(paser_officer)
    assert client.post(LIST_URL, form_data(region=KUKAR)).status_code == 404
    assert client.post(LIST_URL, form_data(region="99.99")).status_code == 404
    assert client.get(edit_url(kukar_target)).status_code == 404
    assert client.post(edit_url(kukar_target), {**form_data(), "version": "1"}).status_code == 404
    assert f'<tr data-target="{kukar_target.pk}">' not in client.get(LIST_URL).content.decode()
    assert Target.objects.count() == 1
    # In their own scope it works.
    assert client.post(LIST_URL, form_data(region=PASER)).status_code == 302


def test_anonymous_goes_to_login(client, db):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_edit_saves_and_shows_history(client_for, kukar_officer, national_admin, kukar_target):
    client = client_for(kukar_officer)
    html = client.get(edit_url(kukar_target)).content.decode()
    assert 'name="version" value="1"' in html

    response = client.post(edit_url(kukar_target), {**form_data(phase="badan_hukum", count="120"), "version": "1"})
    assert response.status_code == 302
    kukar_target.refresh_from_db()
    assert (kukar_target.count, kukar_target.version, kukar_target.due_date) == (120, 2, D(2025, 11, 28))

    html = client_for(national_admin).get(edit_url(kukar_target)).content.decode()
    history = re.search(r'<table class="striped" id="history-table">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr>\s*<td>(.*?)</tr>", history, re.S)
    assert len(rows) == 2
    assert escape(str(kukar_officer)) in rows[0] and "120" in rows[0] and "28 November 2025" in rows[0]
    assert "100" in rows[1] and "30 September 2025" in rows[1]


def test_stale_edit_is_refused_with_409_and_the_newer_data_kept(
    client_for, kukar_officer, national_admin, kukar_target
):
    # Someone else saves first (version 1 → 2).
    target_update(
        actor=national_admin,
        target=Target.objects.get(pk=kukar_target.pk),
        version=1,
        data={"count": 150, "note": "Revisi"},
    )
    response = client_for(kukar_officer).post(
        edit_url(kukar_target), {**form_data(phase="badan_hukum", count="90"), "version": "1"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Target ini sudah diubah orang lain sejak Anda membukanya." in html
    assert "Perubahan Anda belum disimpan" in html
    conflict = re.search(r'<article class="conflict".*?</article>', html, re.S).group(0)
    assert "150" in conflict and "Revisi" in conflict and "90" in conflict
    # The form now carries the newer data and version, so a deliberate re-save is possible.
    assert 'name="version" value="2"' in html
    assert 'name="count" value="150"' in html

    kukar_target.refresh_from_db()
    assert (kukar_target.count, kukar_target.note, kukar_target.version) == (150, "Revisi", 2)


def test_edit_validation_error_keeps_the_stored_target(client_for, kukar_officer, kukar_target):
    response = client_for(kukar_officer).post(
        edit_url(kukar_target), {**form_data(count="10", percent="10"), "version": "1"}
    )
    assert response.status_code == 200
    assert "salah satu saja" in response.content.decode()
    kukar_target.refresh_from_db()
    assert (kukar_target.count, kukar_target.percent, kukar_target.version) == (100, None, 1)


def test_more_targets_in_one_region_cost_no_extra_query(client_for, kukar_officer, kukar_target):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(kukar_officer)
    client.get(LIST_URL)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST_URL)
    for phase in ("musdesus", "akta", "operasional"):
        target_create(
            actor=kukar_officer, region=kukar_target.region, phase=phase, percent=100, due_date=D(2025, 11, 28)
        )
    with CaptureQueriesContext(connection) as four:
        html = client.get(LIST_URL).content.decode()
    assert html.count("<tr data-target=") == 4
    assert len(four) == len(one)


def test_target_list_query_count_does_not_grow_with_targets(client_for, national_admin, phased_coops):
    client = client_for(national_admin)
    targets_in(TEN_REGIONS[:1], actor=national_admin)
    client.get(LIST_URL)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST_URL)
    targets_in(TEN_REGIONS[1:], actor=national_admin)
    with CaptureQueriesContext(connection) as ten:
        html = client.get(LIST_URL).content.decode()
    assert html.count("<tr data-target=") == 10
    assert len(ten) == len(one), [q["sql"] for q in ten.captured_queries]


def test_target_list_filters_by_a_region_name_in_scope(client_for, kukar_officer, paser_officer, kukar_target):
    kukar = client_for(kukar_officer)
    html = kukar.get(LIST_URL, {"region": "kutai kartanegara"}).content.decode()
    assert html.count("<tr data-target=") == 1
    assert 'list="id_region-suggestions"' in html or "region-suggestions" in html  # suggestions while typing

    # A name outside the officer's scope names nothing: a message next to the field and no rows, never all rows.
    paser = client_for(paser_officer)
    response = paser.get(LIST_URL, {"region": "Tenggarong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<tr data-target=" not in html
    assert 'class="errorlist' in html
