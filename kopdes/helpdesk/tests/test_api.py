from django.test import Client

from kopdes.helpdesk import services
from kopdes.helpdesk.models import Consultation
from kopdes.helpdesk.tests.conftest import SUNGAI_TERIK, at
from kopdes.tests.factories import PDF_BYTES, upload

API = "/api/v1/helpdesk"


def client_for(user) -> Client:
    """A client of its own per user (the shared fixture re-signs one client in)."""
    client = Client()
    client.force_login(user)
    return client


def test_ask_answer_close_and_publish_through_the_api(kades_janju, paser_officer, kades_terik):
    kades = client_for(kades_janju)
    created = kades.post(
        f"{API}/consultations",
        {
            "topic": "legalitas",
            "title": "Kapan akta koperasi selesai?",
            "question": "Notaris sudah menerima berkas.",
            "village": "64.01.04.2002",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["responder"] == "dinas" and body["status"] == "baru" and body["cooperative"] is None
    pk = body["id"]
    outside = kades.post(
        f"{API}/consultations",
        {"topic": "lainnya", "title": "x", "question": "y", "village": SUNGAI_TERIK},
        content_type="application/json",
    )
    assert outside.status_code == 400 and outside.json()["errors"][0]["field"] == "village"
    bad_file = kades.post(f"{API}/consultations/{pk}/attachments", {"file": upload(b"plain text", "akta.pdf")})
    assert bad_file.status_code == 400
    good_file = kades.post(f"{API}/consultations/{pk}/attachments", {"file": upload(PDF_BYTES, "akta.pdf")})
    assert good_file.status_code == 201 and good_file.json()[0]["content_type"] == "application/pdf"

    office = client_for(paser_officer)
    assert (
        office.post(
            f"{API}/consultations/{pk}/messages",
            {"version": 1, "kind": "jawaban", "text": "Minggu ini."},
            content_type="application/json",
        ).status_code
        == 201
    )
    stale = office.post(
        f"{API}/consultations/{pk}/messages",
        {"version": 1, "kind": "jawaban", "text": "lagi"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    by_asker = kades.post(
        f"{API}/consultations/{pk}/messages",
        {"version": 2, "kind": "jawaban", "text": "x"},
        content_type="application/json",
    )
    assert by_asker.status_code == 403
    closed = kades.post(f"{API}/consultations/{pk}/close", {"version": 2}, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "selesai"
    article = office.post(
        f"{API}/consultations/{pk}/article",
        {
            "title": "Kapan akta koperasi selesai?",
            "question": "Notaris sudah menerima berkas; kapan akta selesai?",
            "answer": "Biasanya dalam satu minggu.",
            "reviewed": True,
        },
        content_type="application/json",
    )
    assert article.status_code == 201, article.content
    other = client_for(kades_terik)
    assert other.get(f"{API}/consultations/{pk}").status_code == 404
    similar = other.get(f"{API}/articles/similar", {"q": "akta koperasi notaris"})
    assert [a["id"] for a in similar.json()] == [article.json()["id"]]
    assert other.get(f"{API}/articles", {"q": "akta"}).json()["count"] == 1


def test_list_detail_and_figures_are_scoped(asked, paser_officer, kukar_officer, bupati):
    services.message_add(
        actor=paser_officer, consultation=asked, version=1, kind="jawaban", text="ok", now=at(2026, 6, 9)
    )
    office = client_for(paser_officer)
    listed = office.get(f"{API}/consultations", {"state": "dijawab"})
    assert [c["id"] for c in listed.json()["items"]] == [asked.pk]
    detail = office.get(f"{API}/consultations/{asked.pk}").json()
    assert detail["whatsapp"].startswith("https://wa.me/6281234567890?text=") and detail["messages"][0]["text"] == "ok"
    figures = office.get(f"{API}/service-level", {"region": "64.01"}).json()
    assert figures["by_officer"][0]["on_time"] == 1 and figures["by_month"][0]["month"] == "2026-06-01"
    assert client_for(kukar_officer).get(f"{API}/consultations/{asked.pk}").status_code == 404
    assert client_for(kukar_officer).get(f"{API}/service-level", {"region": "64.01"}).status_code == 404
    assert client_for(kukar_officer).get(f"{API}/consultations").json()["count"] == 0
    assert (
        client_for(bupati)
        .post(
            f"{API}/consultations", {"topic": "lainnya", "title": "x", "question": "y"}, content_type="application/json"
        )
        .status_code
        == 403
    )


def test_progress_document_has_the_consultations_block(asked, paser_officer):
    block = client_for(paser_officer).get("/api/v1/progress/64.01").json()["consultations"]
    assert block["open"] == 1 and block["answered_on_time_pct"] is None
    assert [c["code"] for c in block["children"]] == ["64.01.04"]


def test_contacts_api(paser_officer, bupati):
    office = client_for(paser_officer)
    created = office.post(
        f"{API}/contacts",
        {"region": "64.01.04", "kind": "camat", "name": "Camat Tanah Grogot", "phone": "081250009999"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert office.get(f"{API}/contacts", {"region": "64.01.04"}).json()["count"] == 1
    assert client_for(bupati).delete(f"{API}/contacts/{created.json()['id']}").status_code == 404
    assert office.delete(f"{API}/contacts/{created.json()['id']}").status_code == 204
    assert not Consultation.objects.exists()
