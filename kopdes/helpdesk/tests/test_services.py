import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from kopdes.accounts.choices import Role
from kopdes.core.exceptions import ConflictError
from kopdes.helpdesk import selectors, services
from kopdes.helpdesk.models import Attachment, Consultation
from kopdes.helpdesk.tests.conftest import SUNGAI_TERIK, at
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR_VILLAGE, MUARA_MUNTAI, PDF_BYTES, PNG_BYTES, UserFactory, checked, upload

D = datetime.date


def answer(consultation, actor, *, when, kind="jawaban", text="Berita acara ditandatangani pimpinan musyawarah."):
    return services.message_add(
        actor=actor, consultation=consultation, version=consultation.version, kind=kind, text=text, now=when
    )


def test_asking_routes_to_the_office_with_a_working_day_deadline(asked, kades_janju):
    assert asked.responder == "dinas" and asked.target_days == 3
    assert asked.asked_on == D(2026, 6, 5) and asked.due_date == D(2026, 6, 10)
    assert asked.asker_role == "kepala_desa" and asked.asker_name == "Sumarni Ardi"
    assert asked.status == "baru" and asked.history.count() == 1


def test_topic_set_to_camat_goes_to_the_camat_when_the_kecamatan_has_one(paser_officer, kades_janju, janju):
    paser = Region.objects.get(code="64.01")
    services.topic_setting_save(actor=paser_officer, regency=paser, topic="usaha", responder="camat", target_days=5)
    first = services.consultation_ask(
        actor=kades_janju,
        village=janju,
        topic="usaha",
        title="Gerai apa?",
        question="Usaha apa yang cocok?",
        now=at(2026, 6, 1),
    )
    assert (first.responder, first.target_days, first.due_date) == ("dinas", 5, D(2026, 6, 8))  # no camat account
    UserFactory(username="camat.longikis", role=Role.CAMAT, region_id=janju.code[:8])
    second = services.consultation_ask(
        actor=kades_janju,
        village=janju,
        topic="usaha",
        title="Gerai apa lagi?",
        question="Usaha apa yang cocok?",
        now=at(2026, 6, 1),
    )
    assert second.responder == "camat"
    legal = services.consultation_ask(
        actor=kades_janju,
        village=janju,
        topic="legalitas",
        title="Akta?",
        question="Kapan akta selesai?",
        now=at(2026, 6, 1),
    )
    assert legal.responder == "dinas" and legal.target_days == 3


def test_a_village_outside_the_askers_scope_is_refused(kades_janju):
    with pytest.raises(ValidationError) as exc:
        services.consultation_ask(
            actor=kades_janju, village=Region.objects.get(code=SUNGAI_TERIK), topic="lainnya", title="x", question="y"
        )
    assert "village" in exc.value.message_dict
    assert not Consultation.objects.exists()


def test_the_office_may_not_ask(paser_officer, janju):
    with pytest.raises(PermissionDenied):
        services.consultation_ask(actor=paser_officer, village=janju, topic="lainnya", title="x", question="y")


def test_first_answer_on_time_and_the_asker_reply_starts_a_new_deadline(asked, paser_officer, kades_janju):
    answer(asked, paser_officer, when=at(2026, 6, 10, 16))  # Wednesday: the last day
    asked.refresh_from_db()
    assert asked.status == "dijawab" and asked.answered_on_time is True and asked.response_days == 3
    assert asked.first_answered_by == paser_officer
    services.message_add(
        actor=kades_janju,
        consultation=asked,
        version=asked.version,
        kind="tanggapan",
        text="Apakah notaris harus hadir?",
        now=at(2026, 6, 12),
    )
    asked.refresh_from_db()
    assert asked.status == "baru" and asked.due_date == D(2026, 6, 17)
    answer(asked, paser_officer, when=at(2026, 6, 22), text="Ya, notaris hadir.")  # late for the second deadline
    asked.refresh_from_db()
    assert asked.answered_on_time is True and asked.response_days == 3  # the figures keep the first answer
    assert [m.kind for m in asked.messages.all()] == ["jawaban", "tanggapan", "jawaban"]


def test_a_late_first_answer(asked, paser_officer):
    answer(asked, paser_officer, when=at(2026, 6, 11), kind="permintaan", text="Kirim draf akta.")
    asked.refresh_from_db()
    assert asked.status == "menunggu_penanya" and asked.answered_on_time is False and asked.response_days == 4


def test_who_may_answer(asked, kades_janju, kukar_officer, camat, paser_officer):
    with pytest.raises(PermissionDenied):  # the asker cannot answer their own question
        answer(asked, kades_janju, when=at(2026, 6, 8))
    with pytest.raises(PermissionDenied):  # another regency's office
        answer(asked, kukar_officer, when=at(2026, 6, 8))
    with pytest.raises(PermissionDenied):  # only the asker replies
        services.message_add(
            actor=paser_officer,
            consultation=asked,
            version=asked.version,
            kind="tanggapan",
            text="x",
            now=at(2026, 6, 8),
        )
    assert not asked.messages.exists()


def test_camat_answers_only_what_is_routed_to_the_camat(camat, kukar_officer):
    kades = UserFactory(username="kades.perian", role=Role.KEPALA_DESA, region_id=KUKAR_VILLAGE)
    village = Region.objects.get(code=KUKAR_VILLAGE)
    services.topic_setting_save(
        actor=kukar_officer, regency=Region.objects.get(code="64.02"), topic="usaha", responder="camat", target_days=2
    )
    to_camat = services.consultation_ask(actor=kades, village=village, topic="usaha", title="a", question="b")
    to_office = services.consultation_ask(actor=kades, village=village, topic="keuangan", title="c", question="d")
    assert to_camat.responder == "camat" and camat.region_id == MUARA_MUNTAI
    assert set(selectors.consultation_queryset(camat)) == {to_camat}
    answer(to_camat, camat, when=at(2026, 6, 8))
    with pytest.raises(PermissionDenied):
        answer(to_office, camat, when=at(2026, 6, 8))
    answer(to_office, kukar_officer, when=at(2026, 6, 8))  # the office answers everything in its region


def test_stale_version_is_a_conflict(asked, paser_officer):
    stale = asked.version
    answer(asked, paser_officer, when=at(2026, 6, 8))
    with pytest.raises(ConflictError):
        services.message_add(actor=paser_officer, consultation=asked, version=stale, kind="jawaban", text="lagi")


def test_reopen_within_14_days_then_a_new_consultation_that_refers_to_it(asked, paser_officer, kades_janju, janju):
    answer(asked, paser_officer, when=at(2026, 6, 8))
    services.consultation_close(actor=kades_janju, consultation=asked, version=asked.version, now=at(2026, 6, 9))
    assert asked.status == "selesai" and asked.closed_on == D(2026, 6, 9)
    services.consultation_reopen(
        actor=kades_janju,
        consultation=asked,
        version=asked.version,
        text="Notaris belum menjawab.",
        now=at(2026, 6, 23),
    )
    assert asked.status == "baru" and asked.closed_on is None and asked.due_date == D(2026, 6, 26)
    answer(asked, paser_officer, when=at(2026, 6, 24))
    services.consultation_close(actor=paser_officer, consultation=asked, version=asked.version, now=at(2026, 6, 25))
    with pytest.raises(ValidationError) as exc:
        services.consultation_reopen(
            actor=kades_janju, consultation=asked, version=asked.version, text="lagi", now=at(2026, 7, 10)
        )
    assert "pertanyaan baru" in str(exc.value)
    follow_up = services.consultation_ask(
        actor=kades_janju,
        village=janju,
        topic="pembentukan",
        title="Lanjutan",
        question="Tentang akta",
        refers_to=asked,
        now=at(2026, 7, 10),
    )
    assert follow_up.refers_to == asked and list(asked.follow_ups.all()) == [follow_up]


def test_attachments_are_checked_by_their_bytes_and_size(kades_janju, janju):
    consultation = services.consultation_ask(
        actor=kades_janju,
        village=janju,
        topic="legalitas",
        title="Draf akta",
        question="Mohon diperiksa.",
        files=[upload(PDF_BYTES, "draf-akta.pdf"), upload(PNG_BYTES, "foto.png")],
    )
    assert sorted(consultation.attachments.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
    with pytest.raises(ValidationError) as exc:
        services.consultation_ask(
            actor=kades_janju,
            village=janju,
            topic="legalitas",
            title="x",
            question="y",
            files=[upload(b"MZ\x90\x00 not a pdf", "akta.pdf")],
        )
    assert "files" in exc.value.message_dict
    with override_settings(UPLOAD_MAX_BYTES=10), pytest.raises(ValidationError) as exc:
        services.consultation_ask(
            actor=kades_janju,
            village=janju,
            topic="legalitas",
            title="x",
            question="y",
            files=[upload(PDF_BYTES, "besar.pdf")],
        )
    assert "terlalu besar" in exc.value.message_dict["files"][0]
    assert Consultation.objects.count() == 1 and Attachment.objects.count() == 2


def test_publishing_needs_an_answer_a_review_and_anonymous_texts(asked, paser_officer, kades_janju):
    with pytest.raises(ValidationError):  # not answered yet
        services.article_publish(
            actor=paser_officer, consultation=asked, title="t", question="q", answer="a", reviewed=True
        )
    answer(asked, paser_officer, when=at(2026, 6, 8))
    with pytest.raises(PermissionDenied):
        services.article_publish(
            actor=kades_janju, consultation=asked, title="t", question="q", answer="a", reviewed=True
        )
    with pytest.raises(ValidationError) as exc:
        services.article_publish(
            actor=paser_officer,
            consultation=asked,
            title=asked.title,
            question=asked.question,
            answer="Tanya Bu Sumarni Ardi di Janju.",
            reviewed=True,
        )
    assert set(exc.value.message_dict) == {"question", "answer"}  # the phone number; the name and the village
    with pytest.raises(ValidationError) as exc:
        services.article_publish(
            actor=paser_officer, consultation=asked, title="t", question="q", answer="a", reviewed=False
        )
    assert "reviewed" in exc.value.message_dict
    article = services.article_publish(
        actor=paser_officer,
        consultation=asked,
        title="Siapa menandatangani berita acara musyawarah desa?",
        question="Siapa yang menandatangani berita acara musyawarah desa khusus?",
        answer="Pimpinan musyawarah dan notulis; notaris tidak wajib hadir.",
        reviewed=True,
    )
    assert article.scope_code == "64.01" and article.reviewed_by == paser_officer
    other = UserFactory(username="pengurus.lain", role=Role.PENGURUS)
    assert list(selectors.article_list(user=other)) == [article]  # catalogue: everyone signed in
    assert selectors.similar_articles(user=other, text="berita acara musyawarah") == [article]
    assert selectors.similar_articles(user=other, text="pinjaman bank untuk gerai") == []


def test_block_counts_open_overdue_and_on_time_by_child_region(asked, paser_officer, kades_janju, kades_terik):
    terik = Region.objects.get(code=SUNGAI_TERIK)
    late = services.consultation_ask(
        actor=kades_terik, village=terik, topic="legalitas", title="Akta", question="Kapan akta?", now=at(2026, 6, 1)
    )
    waiting = services.consultation_ask(
        actor=kades_terik,
        village=terik,
        topic="pembiayaan",
        title="Pinjaman",
        question="Bank apa?",
        now=at(2026, 6, 15),
    )
    answer(asked, paser_officer, when=at(2026, 6, 9))  # on time
    answer(late, paser_officer, when=at(2026, 6, 10))  # due 4 June: late
    services.consultation_close(actor=kades_terik, consultation=late, version=late.version, now=at(2026, 6, 11))
    block = selectors.consultations_block(region=checked("64.01"), today=D(2026, 6, 19))
    assert {k: block[k] for k in ("open", "overdue", "answered", "answered_on_time", "answered_on_time_pct")} == {
        "open": 2,
        "overdue": 1,
        "answered": 2,
        "answered_on_time": 1,
        "answered_on_time_pct": 50.0,
    }
    by_code = {row["code"]: row for row in block["children"]}
    assert by_code["64.01.04"]["open"] == 1 and by_code["64.01.04"]["overdue"] == 0
    assert by_code["64.01.01"]["overdue"] == 1 and by_code["64.01.01"]["answered_on_time_pct"] == 0.0
    assert waiting.due_date == D(2026, 6, 18)
    assert selectors.consultations_block(region=checked("64.02"), today=D(2026, 6, 19))["open"] == 0


def test_service_level_per_month_and_officer(asked, paser_officer, kades_terik):
    terik = Region.objects.get(code=SUNGAI_TERIK)
    may = services.consultation_ask(
        actor=kades_terik, village=terik, topic="legalitas", title="Akta", question="Kapan akta?", now=at(2026, 5, 4)
    )
    answer(may, paser_officer, when=at(2026, 5, 12))  # 6 working days: late
    answer(asked, paser_officer, when=at(2026, 6, 9))  # 2 working days
    figures = selectors.service_level(region=checked("64.01"))
    assert [(r["month"], r["asked"], r["on_time"], r["late"], r["avg_days"]) for r in figures["by_month"]] == [
        (D(2026, 6, 1), 1, 1, 0, 2.0),
        (D(2026, 5, 1), 1, 0, 1, 6.0),
    ]
    (officer,) = figures["by_officer"]
    assert (officer["officer_id"], officer["answered"], officer["on_time_pct"], officer["avg_days"]) == (
        paser_officer.pk,
        2,
        50.0,
        4.0,
    )


def test_contacts_by_level_and_shown_for_the_village(paser_officer, janju):
    kecamatan = Region.objects.get(code=janju.code[:8])
    services.contact_create(
        actor=paser_officer,
        region=janju,
        kind="tim_fasilitator",
        name="Rahmat",
        role_title="Ketua tim",
        phone="081250001111",
    )
    services.contact_create(actor=paser_officer, region=kecamatan, kind="pendamping", name="Dewi", phone="081350002222")
    with pytest.raises(ValidationError):  # a team is per village
        services.contact_create(actor=paser_officer, region=kecamatan, kind="tim_fasilitator", name="X")
    with pytest.raises(ValidationError):  # the phone is checked
        services.contact_create(actor=paser_officer, region=janju, kind="tim_fasilitator", name="Y", phone="12")
    contacts = selectors.contacts_for_village(janju)
    assert [c.name for c in contacts["team"]] == ["Rahmat"] and [c.name for c in contacts["pendamping"]] == ["Dewi"]
