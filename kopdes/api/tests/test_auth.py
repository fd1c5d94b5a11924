"""Who may write through the API: a bearer token without cookies or CSRF token (browsers never send the header on
their own), a browser session only with the CSRF token. The test client skips CSRF unless asked, so these tests use
Client(enforce_csrf_checks=True), and one goes over real HTTP to the live server."""

import json
import urllib.error
import urllib.request

import pytest
from django.test import Client

from kopdes.accounts.models import ApiToken
from kopdes.accounts.services import api_token_create
from kopdes.cooperatives.models import Cooperative


def _patch(client, url, body, **headers):
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_bearer_token_writes_without_cookie_or_csrf_token(csrf_client, kukar_officer, kukar_coop):
    _token, key = api_token_create(user=kukar_officer, name="integrasi")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = f"/api/v1/cooperatives/{kukar_coop.pk}"

    response = _patch(csrf_client, url, {"version": 1, "notary": "Notaris Tenggarong"}, **bearer)
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2

    created = csrf_client.post(
        f"{url}/units", json.dumps({"category": "sembako"}), content_type="application/json", **bearer
    )
    assert created.status_code == 201, created.content
    target = {"region": "64.02", "phase": "akta", "count": 10, "due_date": "2025-12-31"}
    assert csrf_client.post("/api/v1/targets", target, content_type="application/json", **bearer).status_code == 201
    kukar_coop.refresh_from_db()
    assert kukar_coop.notary == "Notaris Tenggarong"


def test_session_write_keeps_the_csrf_check(csrf_client, kukar_officer, kukar_coop):
    csrf_client.force_login(kukar_officer)
    url = f"/api/v1/cooperatives/{kukar_coop.pk}"
    refused = _patch(csrf_client, url, {"version": 1, "name": "Ditimpa lewat situs lain"})
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail", "errors"}
    assert Cooperative.objects.get(pk=kukar_coop.pk).version == 1

    # With the token from the page (as htmx sends it), the same write goes through.
    csrf_client.get("/koperasi/")
    token = csrf_client.cookies["csrftoken"].value
    accepted = _patch(csrf_client, url, {"version": 1, "name": "KDMP Perian"}, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200, accepted.content


def test_session_reads_need_no_csrf_token(csrf_client, kukar_officer, kukar_coop):
    csrf_client.force_login(kukar_officer)
    assert csrf_client.get(f"/api/v1/cooperatives/{kukar_coop.pk}").status_code == 200


def test_anonymous_write_is_401_not_a_csrf_403(csrf_client, kukar_coop):
    response = _patch(csrf_client, f"/api/v1/cooperatives/{kukar_coop.pk}", {"version": 1})
    assert response.status_code == 401


def test_wrong_token_with_a_session_falls_back_to_the_session_and_its_csrf_check(
    csrf_client, kukar_officer, kukar_coop
):
    csrf_client.force_login(kukar_officer)
    response = _patch(
        csrf_client,
        f"/api/v1/cooperatives/{kukar_coop.pk}",
        {"version": 1, "name": "X"},
        HTTP_AUTHORIZATION="Bearer kd_not-a-token",
    )
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_bearer_token_writes_over_real_http(live_server, kukar_officer, kukar_coop):
    _token, key = api_token_create(user=kukar_officer, name="curl")
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/cooperatives/{kukar_coop.pk}",
        data=json.dumps({"version": 1, "notary": "Notaris Samarinda"}).encode(),
        method="PATCH",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        assert json.loads(response.read())["notary"] == "Notaris Samarinda"
    assert Cooperative.objects.get(pk=kukar_coop.pk).notary == "Notaris Samarinda"

    # The same request without the token: no cookie, no user, 401.
    anonymous = urllib.request.Request(request.full_url, data=request.data, method="PATCH", headers={})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(anonymous, timeout=30)
    assert refused.value.code == 401
    assert ApiToken.objects.get(user=kukar_officer).last_used_at is not None
