"""/api/v1/simkopdes from each persona: the national block, the review list, decisions; 404 outside scope, 403
for read-only roles, errors as {"detail", "errors"}."""

import pytest

from kopdes.exchange.models import NationalSnapshot, NationalUnit
from kopdes.exchange.tests.conftest import TAPIS
from kopdes.tests.factories import KUKAR, PASER

BLOCK = {
    "snapshot_date",
    "source",
    "cooperatives",
    "accounts",
    "npwp",
    "nib",
    "rat",
    "transaction_value",
    "simpanan_pokok_amount",
    "simpanan_wajib_amount",
    "members_pokok",
    "members_wajib",
}


def test_openapi_lists_the_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/simkopdes/national/{code}"]
    assert "get" in paths["/api/v1/simkopdes/review"]
    assert "post" in paths["/api/v1/simkopdes/mappings/{unit_id}"]


def test_anonymous_gets_401(client, db):
    assert client.get(f"/api/v1/simkopdes/national/{PASER}").status_code == 401


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("paser_officer", PASER, 200),
        ("paser_officer", "64.01.04.2002", 200),
        ("paser_officer", KUKAR, 404),
        ("kukar_officer", PASER, 404),
        ("bupati", KUKAR, 200),
        ("national_admin", "ID", 200),
        ("national_admin", "99.99", 404),
    ],
)
def test_national_scope(request, client_for, mixed, persona, code, status):
    response = client_for(request.getfixturevalue(persona)).get(f"/api/v1/simkopdes/national/{code}")
    assert response.status_code == status, response.content
    if status == 404:
        assert set(response.json()) == {"detail", "errors"}


def test_national_block(client_for, paser_officer, mixed):
    body = client_for(paser_officer).get(f"/api/v1/simkopdes/national/{PASER}").json()
    assert set(body) == BLOCK
    assert (body["snapshot_date"], body["source"], body["cooperatives"]) == ("2026-08-05", "village", 144)


def test_national_block_is_null_without_data(client_for, kukar_officer, db):
    response = client_for(kukar_officer).get("/api/v1/simkopdes/national/64.02.01")
    assert response.status_code == 200 and response.json() is None


def test_review_in_scope(client_for, mixed, paser_officer, kukar_officer, national_admin):
    def names(user, query=""):
        body = client_for(user).get(f"/api/v1/simkopdes/review{query}").json()
        return {item["name"] for item in body["items"]}

    assert names(paser_officer) == {"Tapiz Lama"}
    assert names(kukar_officer) == {"Kampung Entah Berantah"}
    assert names(national_admin) == {"Tapiz Lama", "Kampung Entah Berantah"}
    assert names(national_admin, "?region=64.02") == {"Kampung Entah Berantah"}
    item = client_for(paser_officer).get("/api/v1/simkopdes/review").json()["items"][0]
    assert item["parent"] == "Tanah Grogot" and item["parent_region"] == "64.01.04"
    assert item["candidates"][0]["code"] == TAPIS and item["latest_cooperatives"] == 1


def test_decide(client_for, mixed, paser_officer):
    unit = mixed["paser"]
    response = client_for(paser_officer).post(
        f"/api/v1/simkopdes/mappings/{unit.pk}", {"region": TAPIS}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["method"], body["region"], body["area_code"]) == ("matched", "manual", TAPIS, TAPIS)
    assert NationalSnapshot.objects.get(unit=unit).region_code == TAPIS


def test_decide_null_is_not_a_kemendagri_region(client_for, mixed, national_admin):
    unit = mixed["kukar"]
    response = client_for(national_admin).post(
        f"/api/v1/simkopdes/mappings/{unit.pk}", {"region": None}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "ignored"


def test_decide_wrong_level_is_400(client_for, mixed, paser_officer):
    response = client_for(paser_officer).post(
        f"/api/v1/simkopdes/mappings/{mixed['paser'].pk}", {"region": "64.01.04"}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "region"


@pytest.mark.parametrize(
    ("persona", "unit", "region", "status"),
    [
        ("kukar_officer", "paser", TAPIS, 404),
        ("paser_officer", "paser", "64.02.01.2001", 404),
        ("bupati", "kukar", "64.02.01.2001", 403),
        ("camat", "kukar", "64.02.01.2001", 403),
    ],
)
def test_decide_scope_and_role(request, client_for, mixed, persona, unit, region, status):
    unit = mixed[unit]
    response = client_for(request.getfixturevalue(persona)).post(
        f"/api/v1/simkopdes/mappings/{unit.pk}", {"region": region}, content_type="application/json"
    )
    assert response.status_code == status
    assert set(response.json()) == {"detail", "errors"}
    assert NationalUnit.objects.get(pk=unit.pk).status == "unmatched"
