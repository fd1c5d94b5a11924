"""Region pages from each persona: scope (404 outside), the drill-down links, and numbers that are exactly the
progress selector's (and so the API's)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopdes.cooperatives.models import Cooperative
from kopdes.dashboard.selectors import progress_document
from kopdes.formation.choices import PHASE_KEYS, Phase
from kopdes.formation.services import milestone_record, target_create
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, MUARA_MUNTAI, checked, cooperative

D = datetime.date
STEPS = [
    ("sosialisasi", D(2025, 4, 1)),
    ("musdesus", D(2025, 4, 20)),
    ("akta", D(2025, 5, 5)),
    ("badan_hukum", D(2025, 5, 20)),
]


def advance(coop, upto: int):
    for kind, date in STEPS[:upto]:
        milestone_record(actor=None, cooperative=coop, kind=kind, date=date)


@pytest.fixture
def muara_muntai_coops(db):
    """Three cooperatives in Muara Muntai at phases 2, 4 and 0, and one in the next kecamatan at phase 1."""
    plan = {"64.02.01.2001": 2, "64.02.01.2002": 4, "64.02.01.2003": 0, "64.02.02.2001": 1}
    coops = {}
    for code, steps in plan.items():
        coops[code] = cooperative(code)
        advance(coops[code], steps)
    return coops


def region_url(code: str) -> str:
    return reverse("dashboard:region_detail", args=[code])


def phase_cards(html: str) -> dict[str, int]:
    return {key: int(value.replace(".", "")) for key, value in re.findall(r'data-phase="(\w+)">([\d.]+)<', html)}


def row_numbers(html: str, code: str) -> list[int]:
    """The numeric cells of one child row: villages, cooperatives, the six phases (the % cell is skipped)."""
    row = re.search(rf'<tr data-region="{re.escape(code)}">(.*?)</tr>', html, re.S)
    assert row, f"no row for {code}"
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    return [int(cell.replace(".", "")) for cell in cells[:8]]


# --- dashboard ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("national_admin", "ID"),
        ("kukar_officer", "64.02"),
        ("paser_officer", "64.01"),
        ("camat", "64.02.01"),
        ("bupati", "64.02"),
    ],
)
def test_dashboard_redirects_to_home_region(request, client_for, persona, code):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("dashboard:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == region_url(code)
    assert client_for(user).get(response["Location"]).status_code == 200


def test_dashboard_of_pengurus_opens_their_cooperative(client_for, pengurus, kukar_coop):
    response = client_for(pengurus).get(reverse("dashboard:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk])


def test_dashboard_without_scope_explains(client_for, db):
    from kopdes.accounts.choices import Role
    from kopdes.tests.factories import UserFactory

    user = UserFactory(username="mitra.tanpa.wilayah", role=Role.MITRA, region=None)
    response = client_for(user).get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    assert "belum terhubung" in response.content.decode()


def test_anonymous_goes_to_login(client, db):
    for url in (reverse("dashboard:dashboard"), region_url(KUKAR)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# --- scope -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("kukar_officer", "64.02", 200),
        ("kukar_officer", "64.02.01", 200),
        ("kukar_officer", "64.02.01.2001", 200),
        ("kukar_officer", "64.01", 404),
        ("kukar_officer", "ID", 404),
        ("paser_officer", "64.02", 404),
        ("paser_officer", "64.01", 200),
        ("camat", "64.02.01", 200),
        ("camat", "64.02", 404),
        ("camat", "64.02.02", 404),
        ("bupati", "64.02", 200),
        ("pengurus", "64.02", 404),
        ("national_admin", "ID", 200),
        ("national_admin", "64", 200),
        ("national_admin", "99.99", 404),
    ],
)
def test_region_page_scope(request, client_for, persona, code, status):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(region_url(code))
    assert response.status_code == status


def test_breadcrumb_links_only_ancestors_in_scope(client_for, camat, kukar_officer):
    html = client_for(camat).get(region_url("64.02.01.2001")).content.decode()
    assert f'href="{region_url(MUARA_MUNTAI)}"' in html
    assert "Kabupaten Kutai Kartanegara" in html
    assert f'href="{region_url(KUKAR)}"' not in html
    assert f'href="{region_url("64")}"' not in html
    assert f'href="{region_url("ID")}"' not in html

    html = client_for(kukar_officer).get(region_url(MUARA_MUNTAI)).content.decode()
    assert f'href="{region_url(KUKAR)}"' in html
    assert f'href="{region_url("64")}"' not in html


# --- numbers -----------------------------------------------------------------------------------------------------


def test_kecamatan_numbers_match_progress_summary(client_for, kukar_officer, muara_muntai_coops):
    response = client_for(kukar_officer).get(region_url(MUARA_MUNTAI))
    assert response.status_code == 200
    html = response.content.decode()
    summary = progress_document(region=checked(MUARA_MUNTAI))

    expected = {"sosialisasi": 2, "musdesus": 2, "akta": 1, "badan_hukum": 1, "legalitas_lengkap": 0, "operasional": 0}
    assert summary["phases"] == expected
    assert phase_cards(html) == expected
    assert re.search(r'data-count="villages_total">13<', html)
    assert re.search(r'data-count="cooperatives">3<', html)
    assert summary["villages"]["total"] == 13 and summary["cooperatives"] == 3

    # Village rows (the camat's list): one per village of the kecamatan, with its cooperative's phase and a link to
    # the cooperative page; villages without one say so.
    assert html.count('<tr data-region="64.02.01.') == len(summary["children"]) == 13
    phases = dict(Cooperative.objects.filter(village__parent_id=MUARA_MUNTAI).values_list("village_id", "phase"))
    for code, coop in muara_muntai_coops.items():
        link = f'href="{reverse("cooperatives:cooperative_detail", args=[coop.pk])}"'
        assert (link in html) == code.startswith("64.02.01.")
        if code.startswith("64.02.01."):
            row = re.search(rf'<tr data-region="{re.escape(code)}">(.*?)</tr>', html, re.S).group(1)
            assert f"<td>{Phase(phases[code]).label}</td>" in row
    assert html.count("Koperasi belum terdaftar") == 10

    # Chart data carries the same numbers.
    assert '"counts": [2, 2, 1, 1, 0, 0]' in html
    assert 'src="/static/vendor/chartjs-4.5.0/chart.umd.min.js"' in html
    assert 'src="/static/js/dashboard.js"' in html
    assert f'href="{reverse("cooperatives:cooperative_list")}?region={MUARA_MUNTAI}"' in html


def test_regency_page_matches_the_api(client_for, kukar_officer, muara_muntai_coops):
    client = client_for(kukar_officer)
    html = client.get(region_url(KUKAR)).content.decode()
    api = client.get(f"/api/v1/progress/{KUKAR}").json()

    assert phase_cards(html) == api["phases"]
    assert re.search(rf'data-count="villages_total">{api["villages"]["total"]}<', html)
    assert api["villages"]["total"] == 237
    assert len(api["children"]) == 20
    for child in api["children"]:
        numbers = [child["villages"]["total"], child["cooperatives"]] + [child["phases"][k] for k in PHASE_KEYS]
        assert row_numbers(html, child["region"]["code"]) == numbers
    assert row_numbers(html, MUARA_MUNTAI) == [13, 3, 2, 2, 1, 1, 0, 0]
    assert row_numbers(html, "64.02.02")[1:3] == [1, 1]
    # Share of villages at musyawarah khusus or later, Indonesian decimal comma: 2 of 13.
    assert "15,4%" in html


def test_large_numbers_use_indonesian_grouping(client_for, national_admin):
    html = client_for(national_admin).get(region_url("64")).content.decode()
    total = progress_document(region=checked("64"))["villages"]["total"]
    assert total > 999
    assert f'data-count="villages_total">{total:,}<'.replace(",", ".") in html


def test_targets_on_region_page(client_for, kukar_officer, muara_muntai_coops):
    target_create(
        actor=kukar_officer,
        region=Region.objects.get(code=KUKAR),
        phase="musdesus",
        count=4,
        due_date=D(2025, 11, 28),
        expected_pct=50,
    )
    html = client_for(kukar_officer).get(region_url(KUKAR)).content.decode()
    table = re.search(r'<table class="striped" id="targets-table">(.*?)</table>', html, re.S).group(1)
    assert "28 November 2025" in table
    assert "Musyawarah khusus" in table
    # target 4, achieved 2 (musdesus in Muara Muntai), 50%, expected 50% of 4 = 2 → on track.
    assert re.findall(r'<td class="num">([^<]*)</td>', table)[:4] == ["4", "2", "50,0%", "50% (2)"]
    assert "Sesuai jalur" in table


def test_children_table_is_an_htmx_fragment(client_for, kukar_officer, muara_muntai_coops):
    response = client_for(kukar_officer).get(region_url(KUKAR), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="children-table"')
    assert "<html" not in html
    assert row_numbers(html, MUARA_MUNTAI) == [13, 3, 2, 2, 1, 1, 0, 0]


def test_kecamatan_page_query_count_is_bounded(
    client_for, kukar_officer, muara_muntai_coops, django_assert_max_num_queries
):
    client = client_for(kukar_officer)
    client.get(region_url(MUARA_MUNTAI))  # warm the session
    with CaptureQueriesContext(connection) as before:
        client.get(region_url(MUARA_MUNTAI))
    for code in ("64.02.01.2004", "64.02.01.2005", "64.02.01.2006"):
        advance(cooperative(code), 3)
    with django_assert_max_num_queries(48):  # the registered blocks' aggregates and the villages' three queries
        response = client.get(region_url(MUARA_MUNTAI))
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as after:
        client.get(region_url(MUARA_MUNTAI))
    assert len(after) == len(before)
