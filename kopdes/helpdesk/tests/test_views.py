import datetime
import re

import pytest
from django.urls import reverse

from kopdes.helpdesk import services
from kopdes.helpdesk.models import Article, Consultation
from kopdes.helpdesk.tests.conftest import SUNGAI_TERIK, at
from kopdes.regions.models import Region
from kopdes.tests.factories import PDF_BYTES, upload


def answered(consultation, officer):
    services.message_add(
        actor=officer,
        consultation=consultation,
        version=consultation.version,
        kind="jawaban",
        text="Pimpinan musyawarah menandatangani.",
        now=at(2026, 6, 8),
    )
    consultation.refresh_from_db()
    return consultation


def test_asking_through_the_page_with_an_attachment(client_for, kades_janju):
    client = client_for(kades_janju)
    page = client.get(reverse("helpdesk:consultation_create"))
    assert page.status_code == 200 and b"64.01.04.2002" in page.content
    response = client.post(
        reverse("helpdesk:consultation_create"),
        {
            "village": "64.01.04.2002",
            "topic": "legalitas",
            "title": "Draf akta koperasi",
            "question": "Mohon periksa draf akta.",
            "asker_phone": "081234567890",
            "files": [upload(PDF_BYTES, "akta.pdf")],
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "helpdesk:consultation_detail", args=[consultation.pk]
    )
    assert consultation.attachments.get().original_name == "akta.pdf"
    detail = client.get(response.url)
    assert "Draf akta koperasi" in detail.text and "akta.pdf" in detail.text
    assert 'id="whatsapp"' not in detail.text  # the asker does not get a link to themselves


def test_a_bad_attachment_is_shown_on_the_form(client_for, kades_janju):
    response = client_for(kades_janju).post(
        reverse("helpdesk:consultation_create"),
        {
            "village": "64.01.04.2002",
            "topic": "legalitas",
            "title": "x",
            "question": "y",
            "files": [upload(b"GIF89a....", "foto.gif")],
        },
    )
    assert response.status_code == 400 and "Jenis berkas tidak diizinkan" in response.text
    assert not Consultation.objects.exists()


def test_the_office_answers_and_sees_the_whatsapp_link(client_for, asked, paser_officer):
    client = client_for(paser_officer)
    detail = client.get(reverse("helpdesk:consultation_detail", args=[asked.pk]))
    link = re.search(r'href="(https://wa\.me/[^"]+)"', detail.text).group(1)
    assert link.startswith("https://wa.me/6281234567890?text=Yth.%20Sumarni%20Ardi")
    response = client.post(
        reverse("helpdesk:consultation_detail", args=[asked.pk]),
        {"version": asked.version, "kind": "jawaban", "text": "Pimpinan musyawarah."},
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "dijawab"
    stale = client.post(
        reverse("helpdesk:consultation_detail", args=[asked.pk]), {"version": 1, "kind": "jawaban", "text": "lagi"}
    )
    assert stale.status_code == 409


def test_outside_scope_is_404_and_read_only_is_403(client_for, asked, kukar_officer, bupati, kades_terik):
    url = reverse("helpdesk:consultation_detail", args=[asked.pk])
    assert client_for(kukar_officer).get(url).status_code == 404
    assert client_for(kades_terik).get(url).status_code == 404
    assert client_for(bupati).get(reverse("helpdesk:consultation_create")).status_code == 403


def test_read_only_leader_of_the_region_may_read_but_not_answer(client_for, asked, paser_officer):
    from kopdes.accounts.choices import Role
    from kopdes.tests.factories import UserFactory

    bupati_paser = UserFactory(username="bupati.paser", role=Role.PIMPINAN, region_id="64.01")
    client = client_for(bupati_paser)
    url = reverse("helpdesk:consultation_detail", args=[asked.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": asked.version, "kind": "jawaban", "text": "x"}).status_code == 403


def test_publish_from_the_page_and_find_it_before_asking(client_for, asked, paser_officer, kades_terik):
    answered(asked, paser_officer)
    client = client_for(paser_officer)
    refused = client.post(
        reverse("helpdesk:article_publish", args=[asked.pk]),
        {"title": asked.title, "question": asked.question, "answer": "a", "reviewed": "on"},
    )
    assert refused.status_code == 400 and "nomor telepon" in refused.text
    response = client.post(
        reverse("helpdesk:article_publish", args=[asked.pk]),
        {
            "title": "Siapa menandatangani berita acara musyawarah desa?",
            "question": "Siapa menandatangani berita acara musyawarah desa khusus?",
            "answer": "Pimpinan musyawarah dan notulis.",
            "reviewed": "on",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == reverse("helpdesk:article_detail", args=[article.pk])
    other = client_for(kades_terik)
    similar = other.get(
        reverse("helpdesk:consultation_create"), {"title": "berita acara musyawarah"}, HTTP_HX_REQUEST="true"
    )
    assert 'id="similar"' in similar.text and article.title in similar.text and "<html" not in similar.text
    assert other.get(reverse("helpdesk:article_detail", args=[article.pk])).status_code == 200
    assert article.title in other.get(reverse("helpdesk:article_list"), {"q": "berita acara"}).text


def test_reopen_after_14_days_offers_a_new_consultation(client_for, asked, paser_officer, kades_janju):
    answered(asked, paser_officer)
    services.consultation_close(actor=kades_janju, consultation=asked, version=asked.version, now=at(2026, 6, 9))
    client = client_for(kades_janju)
    detail = client.get(reverse("helpdesk:consultation_detail", args=[asked.pk]))
    assert f"?rujuk={asked.pk}" in detail.text  # today is long after 9 June 2026 + 14 days
    refused = client.post(
        reverse("helpdesk:consultation_reopen", args=[asked.pk]), {"version": asked.version, "text": "Belum jelas"}
    )
    assert refused.status_code == 400 and "pertanyaan baru" in refused.text
    form = client.get(reverse("helpdesk:consultation_create"), {"rujuk": asked.pk})
    assert 'id="refers-to"' in form.text


def test_list_overdue_filter_export_and_query_count(
    client_for, asked, paser_officer, kades_terik, django_assert_max_num_queries
):
    services.consultation_ask(
        actor=kades_terik,
        village=Region.objects.get(code=SUNGAI_TERIK),
        topic="usaha",
        title="Gerai sembako",
        question="Bagaimana?",
    )
    client = client_for(paser_officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("helpdesk:consultation_list"), {"state": "overdue"})
    assert page.status_code == 200 and asked.title in page.text and "Gerai sembako" not in page.text  # due today+3
    export = client.get(reverse("helpdesk:consultation_list"), {"format": "csv"})
    assert export.status_code == 200 and b"lewat_tenggat" in export.content and asked.title.encode() in export.content


def test_service_level_page_and_region_panel(client_for, asked, paser_officer):
    answered(asked, paser_officer)
    client = client_for(paser_officer)
    page = client.get(reverse("helpdesk:service_level"), {"region": "64.01"})
    assert page.status_code == 200 and 'data-month="2026-06"' in page.text
    region = client.get(reverse("dashboard:region_detail", args=["64.01"]))
    assert 'id="consultations"' in region.text and 'data-code="64.01.04"' in region.text
    assert client_for(paser_officer).get(reverse("helpdesk:service_level"), {"region": "64.02"}).status_code == 404


def test_topic_settings_and_contacts_pages(client_for, paser_officer, kades_janju, bupati):
    client = client_for(paser_officer)
    data = {f"{t}_responder": "dinas" for t in ("pembentukan", "legalitas", "keuangan", "pembiayaan", "lainnya")}
    data.update({f"{t}_days": 3 for t in ("pembentukan", "legalitas", "keuangan", "usaha", "pembiayaan", "lainnya")})
    data["usaha_responder"] = "camat"
    assert client.post(reverse("helpdesk:topic_settings") + "?region=64.01", data).status_code == 302
    assert Region.objects.get(code="64.01") and client.get(reverse("helpdesk:topic_settings")).status_code == 200
    from kopdes.helpdesk.models import TopicSetting

    assert TopicSetting.objects.get(regency_id="64.01", topic="usaha").responder == "camat"
    assert client_for(bupati).post(reverse("helpdesk:topic_settings") + "?region=64.02", data).status_code == 403
    kades = client_for(kades_janju)
    response = kades.post(
        reverse("helpdesk:contact_list"),
        {
            "region": "64.01.04.2002",
            "kind": "tim_fasilitator",
            "name": "Rahmat",
            "role_title": "Ketua",
            "phone": "081250001111",
        },
    )
    assert response.status_code == 302
    assert "Rahmat" in kades.get(reverse("helpdesk:contact_list")).text


@pytest.mark.parametrize("persona_name", ["kukar", "bupati"])
def test_attachment_download_is_scoped(client_for, persona_name, kades_janju, janju):
    from kopdes.tests.factories import persona

    consultation = services.consultation_ask(
        actor=kades_janju,
        village=janju,
        topic="legalitas",
        title="Akta",
        question="?",
        files=[upload(PDF_BYTES, "akta.pdf")],
    )
    attachment = consultation.attachments.get()
    assert (
        client_for(persona(persona_name)).get(reverse("helpdesk:attachment_download", args=[attachment.pk])).status_code
        == 404
    )
    assert client_for(kades_janju).get(reverse("helpdesk:attachment_download", args=[attachment.pk])).status_code == 200


def test_dates_are_shown_in_indonesian(client_for, asked, paser_officer):
    page = client_for(paser_officer).get(reverse("helpdesk:consultation_detail", args=[asked.pk]))
    assert "10 Juni 2026" in page.text
    assert datetime.date(2026, 6, 10) == asked.due_date
