"""/api/v1/taskforce: in scope 200/201, outside it 404, the read-only leader 403, bad input 400 with the field
named, a stale version 409; the "actions" block of the progress document."""

import json

import pytest

from kopdes.taskforce import services
from kopdes.taskforce.models import ActionItem
from kopdes.taskforce.tests.factories import D, agency, circular, meeting, region

pytestmark = pytest.mark.django_db
BASE = "/api/v1/taskforce"


def _post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_decree_members_meeting_decision_and_items(client_for, kukar_officer, paser_officer, bupati):
    client = client_for(kukar_officer)
    dpmd = _post(client, f"{BASE}/agencies", {"region": "64.02", "name": "Dinas PMD", "short_name": "DPMD"}).json()
    decree = _post(client, f"{BASE}/decrees", {
        "region": "64.02", "number": "100/K.1/2025", "date": "2025-05-02", "title": "Pembentukan Satgas",
        "signer_name": "Bupati Kutai Kartanegara",
    })  # fmt: skip
    assert decree.status_code == 201
    decree_id = decree.json()["id"]
    seat = {"name": "Kepala DPMD", "position": "Kepala Dinas", "role": "anggota", "agency": dpmd["id"]}
    member = _post(client, f"{BASE}/decrees/{decree_id}/members", seat)
    assert member.status_code == 201 and member.json()["agency_name"] == "DPMD"
    assert client.get(f"{BASE}/decrees/{decree_id}").json()["members"][0]["role"] == "anggota"
    rakor = _post(client, f"{BASE}/meetings", {
        "region": "64.02", "decree": decree_id, "title": "Rakor", "date": "2025-06-10", "place": "Tenggarong",
        "chair_name": "Bupati", "online_participants": 237,
    })  # fmt: skip
    assert rakor.status_code == 201
    rakor_id = rakor.json()["id"]
    attendance = _post(client, f"{BASE}/meetings/{rakor_id}/attendance", {"district": "64.02.06", "status": "hadir"})
    assert attendance.status_code == 200 and attendance.json()["name"] == "Camat Tenggarong"
    decision = _post(client, f"{BASE}/decisions", {
        "meeting": rakor_id, "text": "Camat memetakan potensi", "assignee_kind": "camat",
        "assignee_region": "64.02", "due_date": "2025-07-31",
    })  # fmt: skip
    assert decision.status_code == 201 and decision.json()["items"] == 20
    assert len(decision.json()["compliance"]) == 20
    # Bad input: a due date before the meeting, an assignee outside the meeting's region.
    bad = _post(client, f"{BASE}/decisions", {"meeting": rakor_id, "text": "x", "assignee_kind": "camat",
                                              "assignee_region": "64.02", "due_date": "2025-06-01"})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "due_date"
    items = client.get(f"{BASE}/items", {"state": "overdue", "page_size": 100}).json()
    assert items["count"] == 20
    one_decision = client.get(f"{BASE}/items", {"decision": decision.json()["id"], "region": "64.02.06"}).json()
    assert [row["unit"] for row in one_decision["items"]] == ["64.02.06"]
    # Outside scope and read-only.
    paser = client_for(paser_officer)
    assert paser.get(f"{BASE}/meetings/{rakor_id}").status_code == 404
    assert paser.get(f"{BASE}/decrees/{decree_id}").status_code == 404
    assert paser.get(f"{BASE}/items").json()["count"] == 0
    leader = client_for(bupati)
    assert leader.get(f"{BASE}/meetings/{rakor_id}").status_code == 200
    assert _post(leader, f"{BASE}/meetings/{rakor_id}/sign", {"version": 1}).status_code == 403


def test_item_updates_close_conflict_and_scope(client_for, camat, bupati, paser_officer):
    decision = services.decision_create(
        actor=None, meeting=meeting(), text="Camat memetakan potensi", assignee_kind="camat",
        assignee_region=region("64.02"), due_date=D(2025, 7, 31),
    )  # fmt: skip
    item = decision.items.get(unit_id="64.02.01")
    client = client_for(camat)
    url = f"{BASE}/items/{item.pk}/updates"
    assert _post(client, url, {"version": 1, "status": "done", "text": ""}).status_code == 422
    done = _post(client, url, {"version": 1, "status": "done", "text": "Dipetakan", "date": "2025-07-20"})
    assert done.status_code == 201 and done.json()["status"] == "done"
    stale = _post(client, url, {"version": 1, "status": "in_progress", "text": "lagi"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert client.get(f"{BASE}/items/{item.pk}").json()["status"] == "done"
    assert len(client.get(url).json()) == 1
    mine = client.get(f"{BASE}/items", {"mine": "true"}).json()
    assert [row["id"] for row in mine["items"]] == [item.pk]
    other = decision.items.get(unit_id="64.02.06")
    assert client.get(f"{BASE}/items/{other.pk}").status_code == 404  # another camat's item
    assert _post(client_for(bupati), f"{BASE}/items/{other.pk}/updates",
                 {"version": 1, "status": "done", "text": "x"}).status_code == 403  # fmt: skip
    assert client_for(paser_officer).get(f"{BASE}/items/{item.pk}").status_code == 404


def test_progress_document_carries_the_actions_block(client_for, paser_officer):
    decision = services.decision_create(
        actor=None, decree=circular(), text="Kepala desa dan lurah membentuk tim fasilitator",
        assignee_kind="kepala_desa", assignee_region=region("64.01"), due_date=D(2025, 6, 30),
    )  # fmt: skip
    services.decision_create(actor=None, decree=decision.decree, text="OPD mengambil langkah strategis",
                             assignee_kind="agency", assignee_agency=agency("64.01", "DISKOPUKM"),
                             due_date=D(2027, 1, 1))  # fmt: skip
    item = ActionItem.objects.get(decision=decision, unit_id="64.01.04.2002")
    services.action_update_add(actor=paser_officer, item=item, version=1, status="done", text="Tim dibentuk")
    block = client_for(paser_officer).get("/api/v1/progress/64.01").json()["actions"]
    assert (block["open"], block["overdue"], block["done"]) == (144, 143, 1)
    janju = next(child for child in block["children"] if child["code"] == "64.01.04")
    assert janju["done"] == 1
    assert sum(child["open"] for child in block["children"]) == 143  # the agency item counts for the regency only
