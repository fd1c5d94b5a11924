import pytest
from django.urls import reverse

from kopdes.taskforce import services
from kopdes.taskforce.models import ActionItem, Decision, Meeting
from kopdes.taskforce.pdf import minutes_html
from kopdes.taskforce.tests.factories import D, agency, meeting, region
from kopdes.tests.factories import upload

pytestmark = pytest.mark.django_db


def _camat_decision(**fields):
    return services.decision_create(
        actor=None,
        meeting=fields.pop("meeting", None) or meeting(),
        text="Camat memetakan potensi wilayahnya",
        assignee_kind="camat",
        assignee_region=region("64.02"),
        due_date=fields.pop("due_date", D(2025, 7, 31)),
        **fields,
    )


def test_record_a_meeting_and_a_decision_for_every_camat_through_the_pages(client_for, kukar_officer):
    client = client_for(kukar_officer)
    response = client.post(
        reverse("taskforce:meeting_create"),
        {
            "region": "64.02",
            "kind": "rakor",
            "title": "Rakor Satgas KDKMP",
            "date": "2025-06-10",
            "place": "Pendopo Odah Etam",
            "chair_name": "Bupati Kutai Kartanegara",
            "online_participants": "237",
        },
    )
    rakor = Meeting.objects.get(title="Rakor Satgas KDKMP")
    assert response.status_code == 302 and response.url == reverse("taskforce:meeting_detail", args=[rakor.pk])
    response = client.post(
        reverse("taskforce:decision_create", args=[rakor.pk]),
        {"text": "Camat memetakan potensi", "assignee_kind": "camat", "assignee_region": "64.02",
         "due_date": "2025-07-31"},
    )  # fmt: skip
    decision = Decision.objects.get(meeting=rakor)
    assert response.status_code == 302 and decision.items.count() == 20
    page = client.get(reverse("taskforce:meeting_detail", args=[rakor.pk]))
    assert "0/20 selesai" in page.content.decode()
    # A due date before the meeting is refused on the page with the field named.
    response = client.post(
        reverse("taskforce:decision_create", args=[rakor.pk]),
        {"text": "x", "assignee_kind": "camat", "assignee_region": "64.02", "due_date": "2025-06-01"},
    )
    assert response.status_code == 400 and "Tenggat tidak boleh sebelum" in response.content.decode()


def test_camat_sees_and_closes_their_item_and_the_regency_figures_change(client_for, camat, kukar_officer):
    decision = _camat_decision()
    item = decision.items.get(unit_id="64.02.01")
    client = client_for(kukar_officer)
    before = client.get(reverse("dashboard:region_detail", args=["64.02"])).content.decode()
    assert 'data-count="actions_done">0<' in before
    client = client_for(camat)
    home = client.get(reverse("taskforce:home")).content.decode()
    assert f'data-action="{item.pk}"' in home
    assert home.count('data-action="') == 2  # once under "mine", once in the overdue list
    response = client.post(
        reverse("taskforce:action_detail", args=[item.pk]),
        {"version": item.version, "status": "done", "text": "Potensi 13 desa dipetakan", "date": "2025-07-20",
         "document": upload()},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.updates.get().attachments.count() == 1
    client = client_for(kukar_officer)
    after = client.get(reverse("dashboard:region_detail", args=["64.02"])).content.decode()
    assert 'data-count="actions_done">1<' in after
    assert 'data-count="actions_overdue">19<' in after


def test_closing_without_text_and_a_stale_version_are_refused(client_for, camat):
    item = _camat_decision().items.get(unit_id="64.02.01")
    client = client_for(camat)
    url = reverse("taskforce:action_detail", args=[item.pk])
    response = client.post(url, {"version": item.version, "status": "done", "text": "", "date": "2025-07-20"})
    assert response.status_code == 400
    response = client.post(url, {"version": item.version + 5, "status": "done", "text": "x", "date": "2025-07-20"})
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.status == "open"


def test_outside_scope_is_404_and_the_read_only_leader_gets_403(client_for, paser_officer, bupati, kepala_desa):
    decision = _camat_decision()
    item = decision.items.get(unit_id="64.02.01")
    rakor = decision.meeting
    for name, args in [
        ("taskforce:action_detail", [item.pk]),
        ("taskforce:meeting_detail", [rakor.pk]),
        ("taskforce:decision_detail", [decision.pk]),
        ("taskforce:meeting_minutes_pdf", [rakor.pk]),
    ]:
        assert client_for(paser_officer).get(reverse(name, args=args)).status_code == 404, name
    # The kepala desa of Perian does not see the camat's item nor the regency's meeting.
    assert client_for(kepala_desa).get(reverse("taskforce:action_detail", args=[item.pk])).status_code == 404
    client = client_for(bupati)
    assert client.get(reverse("taskforce:action_detail", args=[item.pk])).status_code == 200
    response = client.post(
        reverse("taskforce:action_detail", args=[item.pk]),
        {"version": item.version, "status": "done", "text": "x", "date": "2025-07-20"},
    )
    assert response.status_code == 403
    assert client.post(reverse("taskforce:meeting_sign", args=[rakor.pk]), {"version": 1}).status_code == 403
    assert client.get(reverse("taskforce:meeting_create")).status_code == 403


def test_action_list_is_scoped_filtered_exported_and_counted(client_for, kukar_officer, camat,
                                                             django_assert_max_num_queries):  # fmt: skip
    _camat_decision()
    client = client_for(kukar_officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("taskforce:action_list"), {"state": "overdue"})
    assert page.content.decode().count('data-action="') == 20
    response = client.get(reverse("taskforce:action_list"), {"state": "overdue", "format": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and body.splitlines()[0].startswith("id,sumber")
    assert len(body.strip().splitlines()) == 21
    page = client_for(camat).get(reverse("taskforce:action_list")).content.decode()
    assert page.count('data-action="') == 1


def test_matrix_counts_agency_items_by_status(client_for, kukar_officer):
    dpmd = agency(short_name="DPMD", role="dpmd")
    services.decision_create(
        actor=None, meeting=meeting(), text="DPMD dan Diskop menyusun ulang pola pendampingan",
        assignee_kind="agency", assignee_agency=dpmd, due_date=D(2025, 8, 31),
    )  # fmt: skip
    page = client_for(kukar_officer).get(reverse("taskforce:agency_matrix")).content.decode()
    assert f'data-agency="{dpmd.pk}"' in page and ">DPMD</a>" in page


def test_dpmd_sees_its_agency_items_as_mine(client_for, dpmd):
    agency_row = agency(short_name="DPMD", role="dpmd")
    services.decision_create(
        actor=None, meeting=meeting(), text="DPMD menautkan koperasi dengan BUMDes", assignee_kind="agency",
        assignee_agency=agency_row, due_date=D(2025, 8, 31),
    )  # fmt: skip
    item = ActionItem.objects.get(agency=agency_row)
    page = client_for(dpmd).get(reverse("taskforce:home")).content.decode()
    assert f'data-action="{item.pk}"' in page.split('id="overdue-list"')[0]


def test_minutes_pdf_renders_with_the_letterhead_and_the_decisions(client_for, kukar_officer):
    from weasyprint import HTML

    services.letterhead_set(
        actor=None, region=region("64.02"), government="Pemerintah Kabupaten Kutai Kartanegara",
        office="Sekretariat Daerah", address="Jl. Wolter Monginsidi No. 1, Tenggarong",
    )  # fmt: skip
    decision = _camat_decision()
    rakor = decision.meeting
    dpmd = agency()
    services.attendance_set(actor=None, meeting=rakor, agency=dpmd, status="hadir")
    services.attendance_set(actor=None, meeting=rakor, district=region("64.02.06"), status="diwakili",
                            representative="Sekcam Tenggarong")  # fmt: skip
    response = client_for(kukar_officer).get(reverse("taskforce:meeting_minutes_pdf", args=[rakor.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The text laid out on the PDF's pages, as WeasyPrint drew it.
    document = HTML(string=minutes_html(rakor)).render()
    texts = []

    def walk(box):
        if getattr(box, "text", None):
            texts.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    text = " ".join(texts)
    for expected in [
        "PEMERINTAH KABUPATEN KUTAI KARTANEGARA",
        "Selasa, 10 Juni 2025",
        "Camat memetakan potensi wilayahnya",
        "Sekcam Tenggarong",
        "31 Juli 2025",
    ]:
        assert expected in text.upper() if expected.isupper() else expected in text, expected


def test_decree_page_lists_members_and_takes_a_document(client_for, kukar_officer):
    decree = services.decree_create(
        actor=None, region=region("64.02"), kind="keputusan", number="100.3.3.2/K.512/2025", date=D(2025, 5, 2),
        title="Pembentukan Satgas Percepatan KDKMP", signer_name="Aulia Rahman Basri",
    )  # fmt: skip
    services.member_add(actor=None, decree=decree, name="Sunggono", position="Sekretaris Daerah", role="ketua")
    client = client_for(kukar_officer)
    response = client.post(reverse("taskforce:decree_attach", args=[decree.pk]), {"title": "SK", "file": upload()})
    assert response.status_code == 302
    page = client.get(reverse("taskforce:decree_detail", args=[decree.pk])).content.decode()
    assert "Sunggono" in page and "Ketua" in page and "SK</a>" in page
    bad = client.post(
        reverse("taskforce:decree_attach", args=[decree.pk]),
        {"title": "x", "file": upload(name="x.pdf", content=b"MZ not a pdf")},
    )
    assert bad.status_code == 400
