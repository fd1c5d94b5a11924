import datetime

from django.test import Client

from kopdes.reporting.choices import Status
from kopdes.reporting.tests.conftest import backdate
from kopdes.tests.factories import KUKAR, MUARA_MUNTAI, PASER


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_open_submit_review_through_the_api(camat, kukar_officer, bupati, paser_officer, kukar_coop):
    backdate(kukar_coop, datetime.date(2026, 3, 1))
    api = client_for(camat)
    response = api.post(
        "/api/v1/reporting/reports",
        {"kind": "camat_bulanan", "period": "2026-10", "district": MUARA_MUNTAI},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["status"] == Status.DRAFT and "actions_open" in report["derived"]
    pk = report["id"]
    again = api.post(
        "/api/v1/reporting/reports",
        {"kind": "camat_bulanan", "period": "2026-10", "district": MUARA_MUNTAI},
        content_type="application/json",
    )
    assert again.status_code == 400
    future = api.post(
        "/api/v1/reporting/reports",
        {"kind": "camat_bulanan", "period": "2026-11", "district": MUARA_MUNTAI},
        content_type="application/json",
    )
    assert future.status_code == 400
    submitted = api.post(
        f"/api/v1/reporting/reports/{pk}/submit",
        {"version": 1, "narrative": "Baik."},
        content_type="application/json",
    )
    assert submitted.status_code == 200 and submitted.json()["status"] == Status.SUBMITTED
    version = submitted.json()["version"]
    assert client_for(paser_officer).get(f"/api/v1/reporting/reports/{pk}").status_code == 404
    assert (
        client_for(bupati)
        .post(f"/api/v1/reporting/reports/{pk}/approve", {"version": version}, content_type="application/json")
        .status_code
        == 403
    )
    office = client_for(kukar_officer)
    returned = office.post(
        f"/api/v1/reporting/reports/{pk}/return",
        {"version": version, "comments": {"narrative": "Lengkapi."}},
        content_type="application/json",
    )
    assert returned.status_code == 200 and returned.json()["comments"] == {"narrative": "Lengkapi."}
    stale = office.post(
        f"/api/v1/reporting/reports/{pk}/approve", {"version": version}, content_type="application/json"
    )
    assert stale.status_code in (400, 409)
    listing = office.get("/api/v1/reporting/reports", {"period": "2026-10"})
    assert listing.status_code == 200 and listing.json()["count"] == 1
    assert client_for(paser_officer).get("/api/v1/reporting/reports").json()["count"] == 0
    rates = office.get(f"/api/v1/reporting/rates/{KUKAR}", {"period": "2026-10"})
    assert rates.status_code == 200
    body = rates.json()
    assert body["total"]["submitted"] == sum(child["submitted"] for child in body["children"]) == 1
    assert client_for(paser_officer).get(f"/api/v1/reporting/rates/{KUKAR}").status_code == 404
    block = office.get(f"/api/v1/reporting/progress/{KUKAR}", {"period": "2026-10"}).json()
    assert block["period"] == "2026-10" and block["submitted"] == 1
    assert office.get(f"/api/v1/reporting/progress/{KUKAR}", {"period": "2027-01"}).status_code == 400
    document = client_for(paser_officer).get(f"/api/v1/progress/{PASER}").json()
    assert set(document["reporting"]) == {"period", "expected", "submitted", "on_time", "approved"}


def test_a_period_outside_the_calendar_is_refused_not_a_server_error(kukar_officer):
    """schemathesis sent period=0000-01, which fitted the documented pattern and made a 500."""
    api = client_for(kukar_officer)
    assert api.get("/api/v1/reporting/reports", {"period": "0000-01"}).status_code == 422
    assert api.get("/api/v1/reporting/reports", {"period": "2026-10"}).status_code == 200
