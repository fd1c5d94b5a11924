"""The books API: statements and SHU in the issue's shapes, members with masked NIK, simpanan, sales, costs, the
journal (manual entries must balance, reversal), RAT; 404 outside scope, 403 for roles that do not keep books."""

import datetime

from kopdes.books import services
from kopdes.books.models import JournalEntry, Sale

D = datetime.date
JSON = "application/json"


def base(coop):
    return f"/api/v1/cooperatives/{coop.pk}/books"


def test_progress_document_has_the_books_block(client_for, kukar_officer, paser_officer, member, kukar_coop):
    services.saving_record(actor=None, member=member, day=D(2025, 7, 1), kind="pokok", amount=100_000)
    services.sale_record(actor=None, cooperative=kukar_coop, day=D(2026, 11, 20), category="sembako", value=900_000)
    services.sale_record(actor=None, cooperative=kukar_coop, day=D(2026, 9, 1), category="sembako", value=1)
    body = client_for(kukar_officer).get("/api/v1/progress/64.02").json()
    assert body["books"] == {
        "cooperatives_with_books": 1, "members": 1, "simpanan_rp": 100_000, "sales_rp_last_30_days": 900_000,
        "rat_last_year": 0,
    }  # fmt: skip
    assert client_for(paser_officer).get("/api/v1/progress/64.01").json()["books"]["members"] == 0


def test_entries_statements_and_shu(client_for, pengurus, member, kukar_coop):
    client = client_for(pengurus)
    saving = {"member_id": member.pk, "date": "2025-07-01", "kind": "pokok", "amount": 100_000}
    created = client.post(f"{base(kukar_coop)}/savings", saving, content_type=JSON)
    assert created.status_code == 201 and created.json()["receipt"] == "SMP-000001"
    wrong = client.post(f"{base(kukar_coop)}/savings", {**saving, "kind": "wajib", "amount": -5}, content_type=JSON)
    assert wrong.status_code == 400 and "tidak bisa ditarik" in wrong.json()["detail"] + str(wrong.json()["errors"])
    sale = {"date": "2025-08-01", "category": "sembako", "value": 2_000_000, "cost": 1_500_000, "member_id": member.pk}
    assert client.post(f"{base(kukar_coop)}/sales", sale, content_type=JSON).status_code == 201
    assert (
        client.post(f"{base(kukar_coop)}/sales", {**sale, "category": "apotek"}, content_type=JSON).status_code == 400
    )
    cost = {"date": "2025-08-31", "kind": "gaji", "amount": 300_000}
    assert client.post(f"{base(kukar_coop)}/costs", cost, content_type=JSON).status_code == 201
    unbalanced = {"date": "2025-09-01", "description": "x", "lines": [
        {"account": "1101", "debit": 10}, {"account": "4901", "credit": 9}]}  # fmt: skip
    assert client.post(f"{base(kukar_coop)}/journal", unbalanced, content_type=JSON).status_code == 400
    body = client.get(f"{base(kukar_coop)}/statements?year=2025").json()
    assert body == {
        "year": 2025,
        "laba_rugi": {"pendapatan": 2_000_000, "hpp": 1_500_000, "beban": 300_000, "shu": 200_000},
        "neraca": {"aset": 300_000, "kewajiban": 0, "ekuitas": 300_000},
    }
    shu = client.get(f"{base(kukar_coop)}/shu?year=2025").json()
    assert shu["shu"] == 200_000 and shu["pools"]["bagian_desa"] == 40_000
    assert shu["members"] == [{"nomor_anggota": "A-001", "jasa_modal": 30_000, "jasa_anggota": 40_000, "total": 70_000}]
    rat = client.post(
        f"{base(kukar_coop)}/rat", {"year": 2025, "held_on": "2026-02-10", "members_present": 1}, content_type=JSON
    )
    assert rat.status_code == 201 and rat.json()["quorum_met"] is True
    late = client.post(f"{base(kukar_coop)}/costs", {**cost, "date": "2025-12-01"}, content_type=JSON)
    assert late.status_code == 400


def test_reverse_and_journal(client_for, pengurus, bupati, books, kukar_coop):
    sale = services.sale_record(actor=None, cooperative=kukar_coop, day=D(2026, 11, 1), category="sembako", value=5)
    url = f"{base(kukar_coop)}/journal/{sale.entry_id}/reverse"
    assert client_for(bupati).post(url, {}, content_type=JSON).status_code == 403
    response = client_for(pengurus).post(url, {}, content_type=JSON)
    assert response.status_code == 201 and response.json()["reverses_id"] == sale.entry_id
    assert client_for(pengurus).post(url, {}, content_type=JSON).status_code == 400
    assert sum(Sale.objects.values_list("value", flat=True)) == 0
    journal = client_for(bupati).get(f"{base(kukar_coop)}/journal").json()
    assert journal["count"] == 2 and JournalEntry.objects.count() == 2


def test_members_masked_scope_and_capability(client_for, pengurus, bupati, paser_officer, member, kukar_coop):
    assert client_for(pengurus).get(f"{base(kukar_coop)}/members").json()["items"][0]["nik"] == member.nik
    masked = client_for(bupati).get(f"{base(kukar_coop)}/members").json()["items"][0]["nik"]
    assert masked != member.nik and masked.endswith(member.nik[-4:])
    new = {"number": "A-009", "nik": member.nik[:-4] + "0009", "name": "Andi", "sex": "L", "joined_on": "2025-07-02"}
    assert client_for(bupati).post(f"{base(kukar_coop)}/members", new, content_type=JSON).status_code == 403
    for path in ["", "/members", "/savings", "/sales", "/journal", "/statements?year=2025", "/shu?year=2025", "/rat"]:
        assert client_for(paser_officer).get(f"{base(kukar_coop)}{path}").status_code == 404, path
    assert client_for(pengurus).post(f"{base(kukar_coop)}/members", new, content_type=JSON).status_code == 201
