"""The API: the path application → approval → schedule → repayment by the roles that take each step, a bank's login
sees only its own bank's applications, the progress document carries both blocks, bad input answers 400."""

import datetime

from kopdes.finance import services
from kopdes.finance.tests.conftest import proposal

D = datetime.date
F = "/api/v1/finance"


def test_full_path_through_the_api(client_for, ready_coop, bri, pengurus, kepala_desa, kukar_officer, mitra_bri):
    client = client_for(pengurus)
    response = client.post(f"{F}/applications", {"cooperative_id": ready_coop.pk, "bank_id": bri.pk,
                                                 "amount_rp": 1_000_000_000, "tenor_months": 12,
                                                 "grace_months": 6}, content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert [p["ok"] for p in body["prerequisites"]] == [True] * 5
    app_id = body["id"]
    line = {"activity": "pergudangan", "spending": "capex", "description": "Gudang dingin", "amount_rp": 1_000_000_000}
    assert client.post(f"{F}/applications/{app_id}/lines", line, content_type="application/json").status_code == 201

    client = client_for(kepala_desa)
    approve = {"version": body["version"], "office": "kepala_desa", "name": "Kades Perian", "number": "140/1",
               "approved_on": "2025-09-20", "musyawarah_date": "2025-09-15", "musyawarah_number": "BA-1"}  # fmt: skip
    response = client.post(f"{F}/applications/{app_id}/approve", approve, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "disetujui_desa"

    client = client_for(pengurus)
    version = response.json()["version"]
    response = client.post(f"{F}/applications/{app_id}/advance", {"version": version}, content_type="application/json")
    assert response.json()["status"] == "diajukan_bank"

    client = client_for(mitra_bri)
    assert [a["id"] for a in client.get(f"{F}/applications").json()["items"]] == [app_id]
    version = response.json()["version"]
    response = client.post(f"{F}/applications/{app_id}/advance", {"version": version}, content_type="application/json")
    version = response.json()["version"]
    agreement = {"version": version, "agreement_number": "PK-1", "agreement_date": "2025-11-01",
                 "first_due_date": "2026-01-12"}  # fmt: skip
    response = client.post(f"{F}/applications/{app_id}/advance", agreement, content_type="application/json")
    assert response.json()["status"] == "perjanjian"
    response = client.post(f"{F}/applications/{app_id}/disbursements", {"date": "2025-11-10",
                           "amount_rp": 1_000_000_000}, content_type="application/json")  # fmt: skip
    assert response.status_code == 201
    schedule = client.get(f"{F}/applications/{app_id}/schedule").json()
    assert len(schedule) == 12 and schedule[0] == {"no": 1, "due_date": "2026-01-12", "principal": 0,
                                                   "interest": 5_000_000, "total": 5_000_000,
                                                   "balance": 1_000_000_000, "paid": 0}  # fmt: skip
    response = client.post(f"{F}/applications/{app_id}/repayments", {"date": "2026-01-12", "amount_rp": 9_000_000},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    response = client.post(f"{F}/applications/{app_id}/repayments", {"date": "2026-01-12", "amount_rp": 5_000_000},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201
    assert client.get(f"{F}/applications/{app_id}").json()["status"] == "mengangsur"

    # the regency sees it in the progress document
    document = client_for(kukar_officer).get("/api/v1/progress/64.02").json()
    assert document["financing"]["applications"] == 1
    assert document["financing"]["disbursed_rp"] == 1_000_000_000
    assert document["financing"]["in_arrears"] == 1  # nothing paid after January, today is past November's due


def test_bank_login_sees_only_its_bank(client_for, ready_coop, bri, mandiri, mitra_bri):
    mine = services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=1_000_000)
    other = services.application_create(actor=None, cooperative=ready_coop, bank=mandiri, amount_rp=1_000_000)
    client = client_for(mitra_bri)
    assert [a["id"] for a in client.get(f"{F}/applications").json()["items"]] == [mine.pk]
    assert client.get(f"{F}/applications/{other.pk}").status_code == 404
    assert client.get(f"/pembiayaan/{other.pk}/").status_code == 404
    assert client.get(f"/pembiayaan/{mine.pk}/").status_code == 200
    # a bank may not prepare an application for a cooperative
    body = {"cooperative_id": ready_coop.pk, "bank_id": bri.pk, "amount_rp": 1}
    assert client.post(f"{F}/applications", body, content_type="application/json").status_code == 404


def test_bad_input_answers_400(client_for, ready_coop, bri, kukar_officer, kkmp):
    client = client_for(kukar_officer)
    body = {"cooperative_id": ready_coop.pk, "bank_id": bri.pk, "amount_rp": 3_000_000_001}
    response = client.post(f"{F}/applications", body, content_type="application/json")
    assert response.status_code == 400
    body = {"cooperative_id": ready_coop.pk, "bank_id": bri.pk, "amount_rp": 1, "grace_months": 9}
    assert client.post(f"{F}/applications", body, content_type="application/json").status_code == 400
    application = proposal(services.application_create(actor=None, cooperative=kkmp, bank=bri,
                                                        amount_rp=1_000_000_000))  # fmt: skip
    approve = {"version": application.version, "office": "kepala_desa", "name": "x", "number": "1",
               "approved_on": "2025-09-20", "musyawarah_date": "2025-09-15", "musyawarah_number": "1"}  # fmt: skip
    response = client.post(f"{F}/applications/{application.pk}/approve", approve, content_type="application/json")
    assert response.status_code == 400
    assert "bupati" in response.content.decode()


def test_partnership_outside_the_officers_region(client_for, paser_officer, kukar_coop, pertamina):
    body = {"cooperative_id": kukar_coop.pk, "partner_id": pertamina.pk, "kind": "lpg"}
    assert client_for(paser_officer).post(f"{F}/partnerships", body, content_type="application/json").status_code == 404


def test_partnerships_block(client_for, kukar_officer, kukar_coop, pertamina):
    services.partnership_create(actor=None, cooperative=kukar_coop, partner=pertamina, kind="lpg", status="aktif")
    services.partnership_create(actor=None, cooperative=kukar_coop, partner=pertamina, kind="pupuk")
    document = client_for(kukar_officer).get("/api/v1/progress/64.02").json()
    assert document["partnerships"] == {"active": 1, "by_kind": {"lpg": 1}}


def test_stale_version_is_409(client_for, ready_coop, bri, kukar_officer):
    application = proposal(services.application_create(actor=None, cooperative=ready_coop, bank=bri,
                                                        amount_rp=1_000_000_000))  # fmt: skip
    body = {"version": application.version + 5, "reason": "x"}
    response = client_for(kukar_officer).post(f"{F}/applications/{application.pk}/reject", body,
                                              content_type="application/json")  # fmt: skip
    assert response.status_code == 409
