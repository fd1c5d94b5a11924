"""The REST API from each persona: scope (404 outside), read-only (403), errors as {"detail", "errors"}."""

import datetime

import pytest

from kopdes.cooperatives.models import Cooperative, Document
from kopdes.core import registry
from kopdes.formation.models import Milestone
from kopdes.tests.factories import PDF_BYTES, full_board

D = datetime.date


def test_openapi_document_is_a_contract(client):
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    for path in [
        "/api/v1/progress/{code}",
        "/api/v1/cooperatives",
        "/api/v1/cooperatives/{cooperative_id}",
        "/api/v1/cooperatives/{cooperative_id}/milestones",
        "/api/v1/targets",
        "/api/v1/regions/{code}",
    ]:
        assert path in paths, path
    assert "patch" in paths["/api/v1/cooperatives/{cooperative_id}"]


def test_anonymous_gets_401(client, db):
    response = client.get("/api/v1/progress/64.02")
    assert response.status_code == 401
    assert set(response.json()) >= {"detail"}


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("kukar_officer", "64.02", 200),
        ("kukar_officer", "64.02.01", 200),
        ("kukar_officer", "64.01", 404),
        ("kukar_officer", "ID", 404),
        ("paser_officer", "64.02", 404),
        ("camat", "64.02.01", 200),
        ("camat", "64.02", 404),
        ("camat", "64.02.02", 404),
        ("bupati", "64.02", 200),
        ("national_admin", "ID", 200),
        ("national_admin", "64", 200),
        ("national_admin", "99.99", 404),
    ],
)
def test_progress_scope(request, client_for, persona, code, status):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(f"/api/v1/progress/{code}")
    assert response.status_code == status, response.content
    if status == 200:
        body = response.json()
        spine = {"region", "villages", "cooperatives", "phases", "children"}
        blocks = {block.key for block in registry.progress_blocks if not block.spread}
        assert {"targets", "national", "overlaps"} <= blocks  # and whatever the newer apps register
        assert set(body) == spine | blocks
    else:
        assert set(response.json()) == {"detail", "errors"}


def test_cooperative_list_is_scoped_and_filtered(client_for, kukar_officer, paser_officer, kukar_coop, paser_coop):
    kukar = client_for(kukar_officer).get("/api/v1/cooperatives").json()
    assert [c["village"] for c in kukar["items"]] == [kukar_coop.village_id]
    assert kukar["count"] == 1
    paser = client_for(paser_officer).get("/api/v1/cooperatives?phase=0").json()
    assert [c["village"] for c in paser["items"]] == [paser_coop.village_id]
    none = client_for(paser_officer).get("/api/v1/cooperatives?phase=3").json()
    assert none["count"] == 0


def test_detail_outside_scope_is_404(client_for, paser_officer, kukar_coop):
    assert client_for(paser_officer).get(f"/api/v1/cooperatives/{kukar_coop.pk}").status_code == 404


def test_pengurus_sees_only_their_cooperative(client_for, pengurus, kukar_coop, db):
    from kopdes.tests.factories import cooperative

    other = cooperative("64.02.01.2002")
    api = client_for(pengurus)
    assert api.get(f"/api/v1/cooperatives/{kukar_coop.pk}").status_code == 200
    assert api.get(f"/api/v1/cooperatives/{other.pk}").status_code == 404
    assert api.get("/api/v1/cooperatives").json()["count"] == 1


def test_patch_with_version_and_conflict(client_for, kukar_officer, kukar_coop):
    api = client_for(kukar_officer)
    url = f"/api/v1/cooperatives/{kukar_coop.pk}"
    ok = api.patch(url, {"version": 1, "name": "KDMP Perian Sejahtera"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.patch(url, {"version": 1, "name": "Menimpa"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["detail"] and stale.json()["errors"]
    assert Cooperative.objects.get(pk=kukar_coop.pk).name == "KDMP Perian Sejahtera"


def test_read_only_leader_cannot_write(client_for, bupati, kukar_coop):
    api = client_for(bupati)
    url = f"/api/v1/cooperatives/{kukar_coop.pk}"
    assert api.get(url).status_code == 200
    assert api.patch(url, {"version": 1, "name": "X"}, content_type="application/json").status_code == 403
    milestone = {"kind": "musdesus", "date": "2025-05-01"}
    assert api.post(f"{url}/milestones", milestone, content_type="application/json").status_code == 403
    target = {"region": "64.02", "phase": "akta", "count": 10, "due_date": "2025-12-31"}
    assert api.post("/api/v1/targets", target, content_type="application/json").status_code == 403
    assert Cooperative.objects.get(pk=kukar_coop.pk).name != "X"


def test_outsider_writes_are_404_before_403(client_for, paser_officer, kukar_coop):
    api = client_for(paser_officer)
    url = f"/api/v1/cooperatives/{kukar_coop.pk}"
    assert api.patch(url, {"version": 1, "name": "X"}, content_type="application/json").status_code == 404
    target = {"region": "64.02", "phase": "akta", "count": 10, "due_date": "2025-12-31"}
    assert api.post("/api/v1/targets", target, content_type="application/json").status_code == 404


def test_milestone_flow_through_the_api(client_for, kukar_officer, kukar_coop):
    api = client_for(kukar_officer)
    base = f"/api/v1/cooperatives/{kukar_coop.pk}"
    bad = api.post(f"{base}/milestones", {"kind": "akta", "date": "2025-05-01"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "date"
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    bad = api.post(f"{base}/milestones", {"kind": "musdesus", "date": future}, content_type="application/json")
    assert bad.status_code == 400 and "masa depan" in bad.json()["errors"][0]["message"]

    upload = api.post(
        f"{base}/documents", {"kind": "berita_acara", "file": _file(PDF_BYTES, "ba.pdf")}, format="multipart"
    )
    assert upload.status_code == 201, upload.content
    doc_id = upload.json()["id"]
    created = api.post(
        f"{base}/milestones",
        {"kind": "musdesus", "date": "2025-05-01", "document": doc_id},
        content_type="application/json",
    )
    assert created.status_code == 201
    verified = api.post(f"/api/v1/milestones/{created.json()['id']}/verify")
    assert verified.json()["status"] == "verified"
    assert api.get("/api/v1/progress/64.02").json()["phases"]["musdesus"] == 1


def test_bad_upload_is_400_and_stores_nothing(client_for, kukar_officer, kukar_coop):
    api = client_for(kukar_officer)
    response = api.post(
        f"/api/v1/cooperatives/{kukar_coop.pk}/documents",
        {"kind": "akta", "file": _file(b"MZ\x90\x00 not a pdf", "akta.pdf")},
        format="multipart",
    )
    assert response.status_code == 400
    assert "PDF" in response.json()["errors"][0]["message"]
    assert not Document.objects.exists()


def test_nik_masked_for_roles_that_do_not_need_it(client_for, kukar_officer, camat, bupati, kukar_coop):
    full_board(kukar_coop)
    url = f"/api/v1/cooperatives/{kukar_coop.pk}/officials"
    full = client_for(kukar_officer).get(url).json()
    assert full[0]["nik"].isdigit()
    for user in (camat, bupati):
        masked = client_for(user).get(url).json()
        assert all("********" in o["nik"] for o in masked)


def test_verify_needs_verify_capability(client_for, camat, kukar_coop):
    from kopdes.formation.services import milestone_record

    milestone = milestone_record(actor=None, cooperative=kukar_coop, kind="sosialisasi", date=D(2025, 4, 1))
    response = client_for(camat).post(f"/api/v1/milestones/{milestone.pk}/verify")
    assert response.status_code == 403
    assert Milestone.objects.get(pk=milestone.pk).status == "claimed"


def test_target_create_and_conflict(client_for, kukar_officer):
    api = client_for(kukar_officer)
    payload = {"region": "64.02", "phase": "operasional", "count": 237, "due_date": "2025-11-28"}
    created = api.post("/api/v1/targets", payload, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["target"] == 237 and body["achieved"] == 0
    url = f"/api/v1/targets/{body['id']}"
    assert api.patch(url, {"version": 1, "count": 200}, content_type="application/json").status_code == 200
    assert api.patch(url, {"version": 1, "count": 100}, content_type="application/json").status_code == 409
    assert api.get("/api/v1/targets?region=64.02").json()[0]["target"] == 200


def test_register_cooperative_errors(client_for, kukar_officer, kukar_coop):
    api = client_for(kukar_officer)
    duplicate = api.post("/api/v1/cooperatives", {"village": kukar_coop.village_id}, content_type="application/json")
    assert duplicate.status_code == 400 and "sudah memiliki" in duplicate.json()["errors"][0]["message"]
    assert (
        api.post("/api/v1/cooperatives", {"village": "64.01.04.2002"}, content_type="application/json").status_code
        == 404
    )
    unknown = api.post("/api/v1/cooperatives", {"village": "64.02.99.9999"}, content_type="application/json")
    assert unknown.status_code == 404
    created = api.post("/api/v1/cooperatives", {"village": "64.02.01.2005"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["kind"] == "KDMP"


def _file(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_api_docs_use_no_cdn(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn." not in html
