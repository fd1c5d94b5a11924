"""API: every endpoint answers in scope, 404 outside it, 403 for a read-only role, 400 on bad input,
always in the {"detail", "errors"} shape."""

import json

import pytest

from kopdes.mapping import services
from kopdes.mapping.models import Bumdes, BumdesUnit, OverlapDecision, VillagePotential
from kopdes.tests.factories import KUKAR_VILLAGE, PASER_VILLAGE

from .conftest import KUKAR_KELURAHAN

pytestmark = pytest.mark.django_db


def _json(client, method, url, data=None):
    kwargs = {"content_type": "application/json"}
    if data is not None:
        kwargs["data"] = json.dumps(data)
    return getattr(client, method)(url, **kwargs)


@pytest.fixture
def kukar_potential(kukar_village):
    return services.potential_create(
        actor=None, village=kukar_village, category="perikanan", commodity="Ikan patin", value_rp=100
    )


@pytest.fixture
def paser_potential(paser_village):
    return services.potential_create(actor=None, village=paser_village, category="perkebunan", commodity="Sawit")


def test_potential_crud(client_for, dpmd, kukar_potential):
    client = client_for(dpmd)
    response = _json(
        client,
        "post",
        "/api/v1/potentials",
        {"village": KUKAR_VILLAGE, "category": "pertanian", "commodity": "Padi", "value_rp": 5_000_000},
    )
    assert response.status_code == 201, response.content
    new_id = response.json()["id"]
    assert response.json()["village_name"] == "Perian"
    listing = client.get("/api/v1/potentials?category=pertanian").json()
    assert listing["count"] == 1 and listing["items"][0]["commodity"] == "Padi"
    response = _json(client, "patch", f"/api/v1/potentials/{new_id}", {"people": 40})
    assert response.status_code == 200 and response.json()["people"] == 40
    assert client.get(f"/api/v1/potentials/{kukar_potential.pk}").status_code == 200
    assert client.delete(f"/api/v1/potentials/{new_id}").status_code == 204
    assert VillagePotential.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"village": KUKAR_VILLAGE, "category": "tambang", "commodity": "Batu bara"}, "category"),
        ({"village": KUKAR_VILLAGE, "category": "pertanian", "commodity": "Padi", "value_rp": -1}, "value_rp"),
        ({"village": KUKAR_VILLAGE, "category": "pertanian", "commodity": "Padi", "volume": "-2"}, "volume"),
    ],
)
def test_potential_bad_input(client_for, dpmd, payload, field):
    """Outside the schema's enum or range: 422 with the field named (the OpenAPI document says so)."""
    response = _json(client_for(dpmd), "post", "/api/v1/potentials", payload)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["errors"][0]["field"] == f"payload.{field}"
    assert not VillagePotential.objects.exists()


def test_potential_scope(client_for, kukar_officer, paser_potential, bupati, kukar_potential):
    client = client_for(kukar_officer)
    assert client.get("/api/v1/potentials").json()["count"] == 1
    assert client.get(f"/api/v1/potentials/{paser_potential.pk}").status_code == 404
    assert _json(client, "patch", f"/api/v1/potentials/{paser_potential.pk}", {"people": 1}).status_code == 404
    assert client.delete(f"/api/v1/potentials/{paser_potential.pk}").status_code == 404
    response = _json(
        client, "post", "/api/v1/potentials", {"village": PASER_VILLAGE, "category": "pertanian", "commodity": "x"}
    )
    assert response.status_code == 404 and set(response.json()) == {"detail", "errors"}

    reader = client_for(bupati)
    assert reader.get(f"/api/v1/potentials/{kukar_potential.pk}").status_code == 200
    post = _json(reader, "post", "/api/v1/potentials", {"village": KUKAR_VILLAGE, "category": "lpg", "commodity": "x"})
    assert post.status_code == 403
    assert _json(reader, "patch", f"/api/v1/potentials/{kukar_potential.pk}", {"people": 1}).status_code == 403
    assert reader.delete(f"/api/v1/potentials/{kukar_potential.pk}").status_code == 403


def test_bumdes_crud_and_units(client_for, dpmd):
    client = client_for(dpmd)
    response = _json(client, "post", "/api/v1/bumdes", {"village": KUKAR_VILLAGE, "name": "BUMDes Perian Jaya"})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = _json(
        client,
        "post",
        f"/api/v1/bumdes/{pk}/units",
        {"category": "sembako", "status": "aktif", "performance": "berhasil", "revenue_rp": 250_000_000, "year": 2025},
    )
    assert response.status_code == 201, response.content
    unit_id = response.json()["id"]
    assert client.get(f"/api/v1/bumdes/{pk}").json()["units"][0]["category"] == "sembako"
    assert client.get(f"/api/v1/bumdes/{pk}/units").status_code == 200
    assert client.get("/api/v1/bumdes?category=sembako").json()["count"] == 1
    patch = _json(client, "patch", f"/api/v1/bumdes/{pk}/units/{unit_id}", {"performance": "merugi"})
    assert patch.json()["performance"] == "merugi"
    assert _json(client, "patch", f"/api/v1/bumdes/{pk}", {"legal_status": "berbadan_hukum"}).status_code == 200
    assert client.delete(f"/api/v1/bumdes/{pk}/units/{unit_id}").status_code == 204
    assert client.delete(f"/api/v1/bumdes/{pk}").status_code == 204
    assert not Bumdes.objects.exists()


def test_bumdes_bad_input(client_for, dpmd, kukar_bumdes):
    client = client_for(dpmd)
    response = _json(client, "post", "/api/v1/bumdes", {"village": KUKAR_KELURAHAN, "name": "BUMDes Melayu"})
    assert response.status_code == 400
    assert "kelurahan" in response.json()["errors"][0]["message"]
    for payload in (
        {"category": "tambang"},
        {"category": "klinik", "revenue_rp": -5},
        {"category": "klinik", "status": "x"},
    ):
        response = _json(client, "post", f"/api/v1/bumdes/{kukar_bumdes.pk}/units", payload)
        assert response.status_code == 422, payload
    assert BumdesUnit.objects.count() == 2
    assert Bumdes.objects.count() == 1


def test_bumdes_scope(client_for, kukar_officer, bupati, paser_bumdes, kukar_bumdes):
    client = client_for(kukar_officer)
    unit = paser_bumdes.units.get()
    assert client.get("/api/v1/bumdes").json()["count"] == 1
    for url in (f"/api/v1/bumdes/{paser_bumdes.pk}", f"/api/v1/bumdes/{paser_bumdes.pk}/units"):
        assert client.get(url).status_code == 404
    assert _json(client, "patch", f"/api/v1/bumdes/{paser_bumdes.pk}", {"name": "x"}).status_code == 404
    assert client.delete(f"/api/v1/bumdes/{paser_bumdes.pk}").status_code == 404
    assert _json(client, "post", f"/api/v1/bumdes/{paser_bumdes.pk}/units", {"category": "lpg"}).status_code == 404
    url = f"/api/v1/bumdes/{paser_bumdes.pk}/units/{unit.pk}"
    assert _json(client, "patch", url, {"status": "tidak_aktif"}).status_code == 404
    assert client.delete(url).status_code == 404
    assert _json(client, "post", "/api/v1/bumdes", {"village": PASER_VILLAGE, "name": "x"}).status_code == 404

    reader = client_for(bupati)
    own = kukar_bumdes.units.first()
    assert reader.get(f"/api/v1/bumdes/{kukar_bumdes.pk}").status_code == 200
    assert _json(reader, "post", "/api/v1/bumdes", {"village": "64.02.01.2003", "name": "x"}).status_code == 403
    assert _json(reader, "patch", f"/api/v1/bumdes/{kukar_bumdes.pk}", {"name": "x"}).status_code == 403
    assert reader.delete(f"/api/v1/bumdes/{kukar_bumdes.pk}").status_code == 403
    assert _json(reader, "post", f"/api/v1/bumdes/{kukar_bumdes.pk}/units", {"category": "lpg"}).status_code == 403
    url = f"/api/v1/bumdes/{kukar_bumdes.pk}/units/{own.pk}"
    assert _json(reader, "patch", url, {"status": "aktif"}).status_code == 403
    assert reader.delete(url).status_code == 403


def test_camat_may_map_potential_but_not_bumdes(client_for, camat):
    client = client_for(camat)
    ok = _json(client, "post", "/api/v1/potentials", {"village": KUKAR_VILLAGE, "category": "lpg", "commodity": "LPG"})
    assert ok.status_code == 201
    assert _json(client, "post", "/api/v1/bumdes", {"village": KUKAR_VILLAGE, "name": "x"}).status_code == 403


def test_verdict_endpoint(client_for, bupati, kukar_bumdes):
    client = client_for(bupati)
    body = client.get(f"/api/v1/villages/{KUKAR_VILLAGE}/verdict?category=sembako").json()
    assert body["verdict"] == "tumpang_tindih"
    assert "BUMDes Maju Bersama" in body["reason"] and "2025" in body["reason"]
    body = client.get(f"/api/v1/villages/{KUKAR_VILLAGE}/verdict?category=pertanian").json()
    assert body["verdict"] == "boleh_dengan_koordinasi"
    body = client.get(f"/api/v1/villages/{KUKAR_KELURAHAN}/verdict?category=sembako").json()
    assert body["verdict"] == "boleh" and "Kelurahan" in body["reason"]
    assert client.get(f"/api/v1/villages/{KUKAR_VILLAGE}/verdict?category=tambang").status_code == 422
    assert client.get(f"/api/v1/villages/{KUKAR_VILLAGE}/verdict").status_code == 422
    assert client.get("/api/v1/villages/64.02.01/verdict?category=lpg").status_code == 400
    assert client.get(f"/api/v1/villages/{PASER_VILLAGE}/verdict?category=lpg").status_code == 404


def test_overlaps_and_decisions(client_for, dpmd, bupati, paser_officer, kukar_overlap, paser_overlap):
    client = client_for(dpmd)
    (row,) = client.get("/api/v1/overlaps").json()
    assert row["village"] == KUKAR_VILLAGE and row["decision"] is None
    verdicts = client.get(f"/api/v1/cooperatives/{kukar_overlap.pk}/verdicts").json()
    assert verdicts[0]["verdict"] == "tumpang_tindih"
    payload = {"cooperative": kukar_overlap.pk, "category": "sembako", "decision": "kemitraan", "note": "Bermitra"}
    assert _json(client_for(bupati), "post", "/api/v1/overlap-decisions", payload).status_code == 403
    client = client_for(dpmd)
    bad = _json(client, "post", "/api/v1/overlap-decisions", {**payload, "category": "klinik"})
    assert bad.status_code == 400 and "tumpang tindih" in bad.json()["errors"][0]["message"]
    outside = _json(client, "post", "/api/v1/overlap-decisions", {**payload, "cooperative": paser_overlap.pk})
    assert outside.status_code == 404
    response = _json(client, "post", "/api/v1/overlap-decisions", payload)
    assert response.status_code == 201, response.content
    assert response.json()["decided_by"] == "dpmd.kukar"
    assert client.get("/api/v1/overlaps").json() == []
    (row,) = client.get("/api/v1/overlaps?state=resolved").json()
    assert row["decision"]["decision"] == "kemitraan"
    assert client.get("/api/v1/overlaps?state=x").status_code == 422
    assert client_for(paser_officer).get(f"/api/v1/cooperatives/{kukar_overlap.pk}/verdicts").status_code == 404
    assert OverlapDecision.objects.count() == 1


def test_progress_has_overlaps(client_for, kukar_officer, kukar_overlap):
    body = client_for(kukar_officer).get("/api/v1/progress/64.02").json()
    assert body["overlaps"] == {"open": 1, "resolved": 0}


def test_openapi_lists_mapping_endpoints(client_for, national_admin):
    paths = client_for(national_admin).get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/potentials",
        "/api/v1/bumdes",
        "/api/v1/villages/{code}/verdict",
        "/api/v1/overlap-decisions",
    ):
        assert path in paths
