"""The "national" block of the progress document: `GET /api/v1/progress/{code}` and `kopdes progress CODE --json`
carry the latest snapshot's figures summed over the region, and say which rows they come from."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from kopdes.exchange.tests.test_api import BLOCK
from kopdes.exchange.tests.test_summary import figures
from kopdes.tests.factories import KUKAR, PASER


@pytest.fixture
def all_three(imported, province_file, regency_file, paser_file):
    from kopdes.exchange.tests.conftest import rows_of

    imported(province_file, "stats_province.csv")
    imported(regency_file, "stats_regency.csv")
    imported(paser_file, "stats_village_paser.csv")
    return rows_of(province_file), rows_of(regency_file), rows_of(paser_file)


def test_progress_api_has_the_national_block(client_for, paser_officer, all_three):
    _provinces, _regencies, villages = all_three
    body = client_for(paser_officer).get(f"/api/v1/progress/{PASER}").json()
    assert set(body["national"]) == BLOCK
    assert body["national"] == {"snapshot_date": "2026-08-05", "source": "village", **figures(villages)}


def test_progress_api_national_block_from_regency_and_province_rows(client_for, national_admin, all_three):
    provinces, regencies, _villages = all_three
    client = client_for(national_admin)
    (kukar,) = [row for row in regencies if row["district"] == "KAB. KUTAI KARTANEGARA"]
    assert client.get(f"/api/v1/progress/{KUKAR}").json()["national"] == {
        "snapshot_date": "2026-08-05",
        "source": "regency",
        **figures([kukar]),
    }
    (kaltim,) = [row for row in provinces if row["province"].upper() == "KALIMANTAN TIMUR"]
    block = client.get("/api/v1/progress/64").json()["national"]
    assert block == {"snapshot_date": "2026-08-05", "source": "province", **figures([kaltim])}
    assert block["rat"] > 0  # only the province file counts RAT


def test_progress_api_national_block_is_null_without_data(client_for, kukar_officer, db):
    body = client_for(kukar_officer).get(f"/api/v1/progress/{KUKAR}").json()
    assert body["national"] is None


def test_openapi_documents_the_national_block(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(schemas["NationalOut"]["properties"]) == BLOCK
    assert "national" in schemas["ProgressOut"]["properties"]


def test_progress_command_json_has_the_national_block(all_three):
    _provinces, _regencies, villages = all_three
    out = StringIO()
    call_command("progress", PASER, "--json", stdout=out)
    assert json.loads(out.getvalue())["national"] == {
        "snapshot_date": "2026-08-05",
        "source": "village",
        **figures(villages),
    }
