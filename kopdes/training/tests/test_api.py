"""The training API: the block in the progress document, the catalogue's national editing, events, invitations,
the door (attendance, walk-ins), results and coverage; 404 outside scope and 403 for the read-only bupati."""

import datetime

from kopdes.training.models import Participant

D = datetime.date
BASE = "/api/v1/training"


def test_progress_document_has_the_training_block(client_for, kukar_officer, training, board):
    body = client_for(kukar_officer).get("/api/v1/progress/64.02").json()
    assert body["training"] == {
        "officials": 8, "trained_dasar": 0, "trained_madya": 0, "trained_lanjut": 0,
        "events": 1, "invited": 0, "attended": 0, "walk_ins": 0,
    }  # fmt: skip


def test_catalogue_read_by_all_written_by_national_admins(client_for, kukar_officer, national_admin, pengurus, dasar):
    assert client_for(pengurus).get(f"{BASE}/courses").json()["count"] == 1
    course = {"code": "DG-1", "title": "Aplikasi kasir", "track": "digital", "tier": "dasar", "hours": 8}
    assert client_for(kukar_officer).post(f"{BASE}/courses", course, content_type="application/json").status_code == 403
    assert (
        client_for(national_admin).post(f"{BASE}/courses", course, content_type="application/json").status_code == 201
    )
    provider = {
        "name": "Politeknik Negeri Samarinda", "kind": "perguruan_tinggi", "certification_number": "BNSP-LSP-0042",
        "issuing_body": "BNSP", "valid_from": "2025-01-01", "valid_until": "2026-12-31",
    }  # fmt: skip
    response = client_for(national_admin).post(f"{BASE}/providers", provider, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "expiring"  # 32 days after 2026-11-29


def test_event_flow_through_the_api(client_for, kukar_officer, dasar, provider, board):
    client = client_for(kukar_officer)
    payload = {
        "kind": "pelatihan", "title": "Pelatihan tata kelola dasar", "organiser_region": "64.02",
        "agency": "DiskopUKM Kukar", "start_date": "2025-09-10", "end_date": "2025-09-11", "capacity": 5,
        "course": dasar.pk, "provider": provider.pk,
        "funding": [{"source": "apbdes", "amount_rp": 12_000_000, "village": "64.02.01.2001"}],
    }  # fmt: skip
    created = client.post(f"{BASE}/events", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    event = created.json()
    assert event["funding"][0]["village"] == "64.02.01.2001"
    invited = client.post(
        f"{BASE}/events/{event['id']}/invitations", {"region": "64.02.01"}, content_type="application/json"
    )
    assert invited.json()["invited"] == 2
    people = client.get(f"{BASE}/events/{event['id']}/participants").json()["items"]
    assert people[0]["nik"] == "6402010101900001"  # an admin sees the NIK
    first = people[0]["id"]
    late = client.post(
        f"{BASE}/events/{event['id']}/participants/{first}/attendance",
        {"day": "2025-09-12"},
        content_type="application/json",
    )
    assert late.status_code == 400 and late.json()["errors"][0]["field"] == "attended_on"
    ok = client.post(
        f"{BASE}/events/{event['id']}/participants/{first}/attendance",
        {"day": "2025-09-10"},
        content_type="application/json",
    )
    assert ok.json()["attended_on"] == "2025-09-10"
    walk_in = {"cooperative": board[0].cooperative_id, "official": board[3].pk, "day": "2025-09-11"}
    assert (
        client.post(f"{BASE}/events/{event['id']}/walk-ins", walk_in, content_type="application/json").status_code
        == 201
    )
    result = client.put(
        f"{BASE}/events/{event['id']}/participants/{first}/result",
        {"passed": True, "post_score": 85},
        content_type="application/json",
    )
    assert result.json()["certificate_number"].startswith("TK-1/64.02/2025/")
    coverage = client.get(f"{BASE}/coverage/64.02").json()
    assert coverage["block"]["trained_dasar"] == 1 and coverage["block"]["walk_ins"] == 1
    assert {row["group"]: row["trained_dasar"] for row in coverage["by_position"]}["ketua"] == 1
    patch = {"version": 1, "capacity": 9}
    assert client.patch(f"{BASE}/events/{event['id']}", patch, content_type="application/json").json()["version"] == 2
    stale = client.patch(f"{BASE}/events/{event['id']}", patch, content_type="application/json")
    assert stale.status_code == 409


def test_scope_and_read_only(client_for, paser_officer, bupati, training, board):
    assert client_for(paser_officer).get(f"{BASE}/events/{training.pk}").status_code == 404
    assert client_for(paser_officer).get(f"{BASE}/coverage/64.02").status_code == 404
    assert client_for(bupati).get(f"{BASE}/events/{training.pk}").status_code == 200
    invite = client_for(bupati).post(f"{BASE}/events/{training.pk}/invitations", {}, content_type="application/json")
    assert invite.status_code == 403 and Participant.objects.count() == 0
    people = client_for(bupati).get(f"{BASE}/events/{training.pk}/participants").json()
    assert people["count"] == 0


def test_nik_masked_for_roles_without_it(client_for, bupati, training, board):
    from kopdes.training import services

    services.invitations_generate(actor=None, event=training)
    items = client_for(bupati).get(f"{BASE}/events/{training.pk}/participants").json()["items"]
    assert items[0]["nik"] == "6402********0001"
