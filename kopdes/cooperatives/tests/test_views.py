"""The cooperative pages from each persona: scope (404 outside), read-only (403), the forms' rules and messages,
409 on a stale edit, masked NIK, scoped downloads and exports that round-trip through the import."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopdes.cooperatives.models import Cooperative, Document, Official
from kopdes.cooperatives.services import document_upload
from kopdes.formation.io import COLUMNS, cooperatives_import
from kopdes.formation.models import Milestone
from kopdes.formation.services import milestone_record
from kopdes.tests.factories import PASER_VILLAGE, PDF_BYTES, cooperative, full_board, upload

D = datetime.date


def detail_url(coop):
    return reverse("cooperatives:cooperative_detail", args=[coop.pk])


# --- scope and capability -----------------------------------------------------------------------------------------

READ_PAGES = ["cooperative_detail", "cooperative_history", "cooperative_edit"]
WRITE_POSTS = ["formation:milestone_record", "official_create", "unit_create", "document_upload", "cooperative_edit"]


@pytest.mark.parametrize("name", READ_PAGES + WRITE_POSTS)
def test_pages_of_another_regency_are_not_found(client_for, paser_officer, kukar_coop, name):
    client = client_for(paser_officer)
    url = reverse(name if ":" in name else f"cooperatives:{name}", args=[kukar_coop.pk])
    if name in READ_PAGES:
        assert client.get(url).status_code == 404
    if name in WRITE_POSTS:
        assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", WRITE_POSTS)
def test_read_only_bupati_may_look_but_not_change(client_for, bupati, kukar_coop, name):
    client = client_for(bupati)
    assert client.get(detail_url(kukar_coop)).status_code == 200
    response = client.post(
        reverse(name if ":" in name else f"cooperatives:{name}", args=[kukar_coop.pk]), {"kind": "musdesus"}
    )
    assert response.status_code == 403
    assert not kukar_coop.milestones.exists()


def test_read_only_cannot_verify_register_or_download_outside(client_for, bupati, paser_officer, kukar_coop):
    m = milestone_record(actor=None, cooperative=kukar_coop, kind="musdesus", date=D(2025, 5, 1))
    client = client_for(bupati)
    assert client.post(reverse("formation:milestone_verify", args=[m.pk])).status_code == 403
    assert client.post(reverse("formation:milestone_reject", args=[m.pk]), {"note": "x"}).status_code == 403
    assert client.get(reverse("cooperatives:cooperative_register")).status_code == 403
    client = client_for(paser_officer)
    assert client.post(reverse("formation:milestone_verify", args=[m.pk])).status_code == 404


def test_pengurus_sees_only_their_cooperative(client_for, pengurus, kukar_coop):
    other = cooperative("64.02.01.2002")
    client = client_for(pengurus)
    assert client.get(detail_url(kukar_coop)).status_code == 200
    assert client.get(detail_url(other)).status_code == 404
    html = client.get(reverse("cooperatives:cooperative_list")).content.decode()
    assert kukar_coop.name in html and other.name not in html


# --- list, filters, exports ---------------------------------------------------------------------------------------


@pytest.fixture
def muara_muntai(db):
    coops = [cooperative(f"64.02.01.200{i}") for i in range(1, 5)]
    milestone_record(actor=None, cooperative=coops[0], kind="musdesus", date=D(2025, 5, 1))
    milestone_record(actor=None, cooperative=coops[1], kind="musdesus", date=D(2025, 5, 2))
    milestone_record(actor=None, cooperative=coops[1], kind="akta", date=D(2025, 5, 20))
    cooperative("64.02.02.2001")
    cooperative(PASER_VILLAGE)
    return coops


def rows_of(html: str) -> int:
    return html.count("data-cooperative=")


def test_list_is_scoped_and_filters(client_for, kukar_officer, camat, muara_muntai):
    client = client_for(kukar_officer)
    url = reverse("cooperatives:cooperative_list")
    assert rows_of(client.get(url).content.decode()) == 5  # the Paser cooperative is not listed
    assert rows_of(client.get(url, {"region": "64.02.01"}).content.decode()) == 4
    assert rows_of(client.get(url, {"phase": 3}).content.decode()) == 1
    assert rows_of(client.get(url, {"phase": 2, "region": "64.02.01"}).content.decode()) == 1
    assert rows_of(client.get(url, {"warnings": "ya"}).content.decode()) == 5  # no boards yet
    assert rows_of(client.get(url, {"kind": "KKMP"}).content.decode()) == 0
    # htmx asks for the results only
    fragment = client.get(url, {"region": "64.02.01"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and rows_of(fragment) == 4
    client = client_for(camat)
    assert rows_of(client.get(url).content.decode()) == 4


def test_list_ignores_a_region_filter_outside_scope(client_for, camat, muara_muntai):
    html = client_for(camat).get(reverse("cooperatives:cooperative_list"), {"region": "64.01"}).content.decode()
    assert "64.01.04" not in html


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_round_trips_through_the_import(client_for, kukar_officer, muara_muntai, fmt):
    response = client_for(kukar_officer).get(
        reverse("cooperatives:cooperative_export"), {"region": "64.02.01", "format": fmt}
    )
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    content = response.content
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = list(sheet.values)
    else:
        assert content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 5
    result = cooperatives_import(actor=kukar_officer, data=content, file_name=f"ekspor.{fmt}")
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)


def test_export_is_scoped(client_for, camat, muara_muntai):
    response = client_for(camat).get(reverse("cooperatives:cooperative_export"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "64.02.01.2001" in text and "64.02.02.2001" not in text and "64.01" not in text


# --- register, edit, conflicts --------------------------------------------------------------------------------------


def test_register_a_cooperative_and_refuse_duplicates_and_outsiders(client_for, kukar_officer):
    client = client_for(kukar_officer)
    url = reverse("cooperatives:cooperative_register")
    response = client.post(url, {"village": "64.02.06.1001", "scheme": "pendirian_baru"})
    coop = Cooperative.objects.get(village_id="64.02.06.1001")
    assert response.status_code == 302 and coop.kind == "KKMP"
    response = client.post(url, {"village": "64.02.06.1001", "scheme": "pendirian_baru"})
    assert response.status_code == 400
    assert "sudah memiliki Koperasi Merah Putih" in response.content.decode()
    response = client.post(url, {"village": PASER_VILLAGE, "scheme": "pendirian_baru"})
    assert response.status_code == 400 and "di luar wilayah Anda" in response.content.decode()
    response = client.post(url, {"village": "64.02.01", "scheme": "pendirian_baru"})
    assert response.status_code == 400 and "bukan kode desa/kelurahan" in response.content.decode()
    assert Cooperative.objects.count() == 1


def edit_data(coop, **changes):
    data = {"version": coop.version, "name": coop.name, "scheme": coop.scheme}
    data.update(changes)
    return data


def test_edit_keeps_history_and_refuses_a_stale_version(client_for, kukar_officer, kukar_coop):
    client = client_for(kukar_officer)
    url = reverse("cooperatives:cooperative_edit", args=[kukar_coop.pk])
    stale = edit_data(kukar_coop, nib="1234567890123", name="Nama versi A")
    assert client.post(url, edit_data(kukar_coop, nib="9120000000001")).status_code == 302
    response = client.post(url, stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "sudah diubah orang lain" in html and "Nama versi A" in html
    kukar_coop.refresh_from_db()
    assert kukar_coop.nib == "9120000000001" and kukar_coop.version == 2
    detail = client.get(detail_url(kukar_coop)).content.decode()
    assert "9120000000001" in detail and str(kukar_officer) in detail


def test_edit_refuses_an_identifier_used_by_another_cooperative(client_for, kukar_officer, kukar_coop):
    other = cooperative("64.02.01.2002")
    client = client_for(kukar_officer)
    client.post(reverse("cooperatives:cooperative_edit", args=[other.pk]), edit_data(other, nib="9120000000001"))
    response = client.post(
        reverse("cooperatives:cooperative_edit", args=[kukar_coop.pk]), edit_data(kukar_coop, nib="9120000000001")
    )
    assert response.status_code == 400
    assert "NIB sudah dipakai koperasi lain" in response.content.decode()
    kukar_coop.refresh_from_db()
    assert kukar_coop.nib is None and kukar_coop.version == 1


# --- milestones -----------------------------------------------------------------------------------------------------


def test_camat_records_musdesus_with_its_berita_acara(client_for, camat, kukar_coop):
    client = client_for(camat)
    response = client.post(
        reverse("formation:milestone_record", args=[kukar_coop.pk]),
        {"kind": "musdesus", "date": "2025-05-12", "document": upload(), "note": "Balai desa"},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(cooperative=kukar_coop)
    assert milestone.document.content_type == "application/pdf" and milestone.recorded_by == camat
    kukar_coop.refresh_from_db()
    assert kukar_coop.phase == 2
    html = client.get(detail_url(kukar_coop)).content.decode()
    assert "12 Mei 2025" in html and 'data-milestone="musdesus"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "akta", "date": "2025-05-12"}, "Musyawarah"),
        ({"kind": "musdesus", "date": "2999-01-01"}, "masa depan"),
        ({"kind": "musdesus", "date": "bukan tanggal"}, "tanggal"),
    ],
)
def test_milestone_errors_are_shown_and_nothing_is_stored(client_for, camat, kukar_coop, data, message):
    response = client_for(camat).post(reverse("formation:milestone_record", args=[kukar_coop.pk]), data)
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert not Milestone.objects.exists()


def test_wrong_file_type_is_refused_and_nothing_is_stored(client_for, camat, kukar_coop):
    response = client_for(camat).post(
        reverse("formation:milestone_record", args=[kukar_coop.pk]),
        {"kind": "musdesus", "date": "2025-05-12", "document": upload(b"MZ\x90\x00 not a pdf", "ba.pdf")},
    )
    assert response.status_code == 400
    assert "hanya PDF, JPEG atau PNG" in response.content.decode()
    assert not Milestone.objects.exists() and not Document.objects.exists()


def test_officer_verifies_and_rejects(client_for, kukar_officer, kukar_coop):
    m1 = milestone_record(actor=None, cooperative=kukar_coop, kind="sosialisasi", date=D(2025, 4, 1))
    m2 = milestone_record(actor=None, cooperative=kukar_coop, kind="musdesus", date=D(2025, 5, 1))
    client = client_for(kukar_officer)
    assert client.post(reverse("formation:milestone_verify", args=[m1.pk])).status_code == 302
    # musdesus needs its berita acara to be verified
    client.post(reverse("formation:milestone_verify", args=[m2.pk]))
    m2.refresh_from_db()
    assert m2.status == "claimed"
    client.post(reverse("formation:milestone_reject", args=[m2.pk]), {"note": "Berita acara belum ada"})
    m1.refresh_from_db()
    m2.refresh_from_db()
    kukar_coop.refresh_from_db()
    assert (m1.status, m2.status, kukar_coop.phase) == ("verified", "rejected", 1)


def test_verifying_a_rejected_milestone_is_refused_with_a_message(client_for, kukar_officer, kukar_coop):
    milestone_record(actor=None, cooperative=kukar_coop, kind="sosialisasi", date=D(2025, 4, 1))
    doc = document_upload(actor=kukar_officer, cooperative=kukar_coop, kind="berita_acara", uploaded_file=upload())
    musdesus = milestone_record(actor=None, cooperative=kukar_coop, kind="musdesus", date=D(2025, 5, 1), document=doc)
    client = client_for(kukar_officer)
    client.post(reverse("formation:milestone_reject", args=[musdesus.pk]), {"note": "Berita acara palsu"})
    response = client.post(reverse("formation:milestone_verify", args=[musdesus.pk]), follow=True)
    assert "sudah ditolak" in response.content.decode()
    musdesus.refresh_from_db()
    kukar_coop.refresh_from_db()
    assert (musdesus.status, kukar_coop.phase) == ("rejected", 1)


# --- board, gerai, documents ----------------------------------------------------------------------------------------


def test_board_warnings_and_masked_nik(client_for, kukar_officer, bupati, kukar_coop):
    client = client_for(kukar_officer)
    response = client.post(
        reverse("cooperatives:official_create", args=[kukar_coop.pk]),
        {"name": "Siti Aminah", "nik": "6402014507900001", "gender": "P", "position": "ketua"},
    )
    assert response.status_code == 302
    html = client.get(detail_url(kukar_coop)).content.decode()
    assert "6402014507900001" in html and 'data-rule="' in html
    html = client_for(bupati).get(detail_url(kukar_coop)).content.decode()
    assert "6402014507900001" not in html and "6402********0001" in html


def test_official_with_bad_nik_is_refused(client_for, kukar_officer, kukar_coop):
    response = client_for(kukar_officer).post(
        reverse("cooperatives:official_create", args=[kukar_coop.pk]),
        {"name": "X", "nik": "123", "gender": "L", "position": "ketua"},
    )
    assert response.status_code == 400 and "16 angka" in response.content.decode()
    assert not Official.objects.exists()


def test_full_board_clears_warnings(client_for, kukar_officer, kukar_coop):
    full_board(kukar_coop)
    kukar_coop.refresh_from_db()
    assert kukar_coop.warning_count == 0
    html = client_for(kukar_officer).get(detail_url(kukar_coop)).content.decode()
    assert 'id="warnings"' not in html


def test_unit_and_document_upload_and_scoped_download(client_for, kukar_officer, paser_officer, kukar_coop):
    client = client_for(kukar_officer)
    response = client.post(
        reverse("cooperatives:unit_create", args=[kukar_coop.pk]),
        {"category": "sembako", "name": "Gerai sembako", "status": "rencana"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("cooperatives:document_upload", args=[kukar_coop.pk]),
        {"kind": "akta", "title": "Akta pendirian", "file": upload(PDF_BYTES, "akta.pdf")},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    url = reverse("cooperatives:document_download", args=[document.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert client_for(paser_officer).get(url).status_code == 404


def history_url(coop):
    return reverse("cooperatives:cooperative_history", args=[coop.pk])


def test_history_lists_who_changed_what(client_for, kukar_officer, pengurus, bupati, kukar_coop):
    client = client_for(kukar_officer)
    url = reverse("cooperatives:cooperative_edit", args=[kukar_coop.pk])
    client.post(url, edit_data(kukar_coop, notary="Budi, SH"))
    for user in (kukar_officer, pengurus, bupati):  # whoever may see the cooperative's page sees its history
        response = client_for(user).get(history_url(kukar_coop))
        html = response.content.decode()
        assert response.status_code == 200 and "<html" in html  # a page of its own, back to the cooperative
        assert "Budi, SH" in html and "diubah" in html and "notaris: – → Budi, SH" in html
        assert f'href="{detail_url(kukar_coop)}"' in html


def test_history_for_htmx_is_only_the_list(client_for, kukar_officer, kukar_coop):
    client = client_for(kukar_officer)
    client.post(reverse("cooperatives:cooperative_edit", args=[kukar_coop.pk]), edit_data(kukar_coop, notary="Budi"))
    html = client.get(history_url(kukar_coop), headers={"HX-Request": "true"}).content.decode()
    assert html.strip().startswith('<div id="history-list">') and html.strip().endswith("</div>")
    assert "notaris: – → Budi" in html and "<html" not in html and "<h1" not in html


def test_history_refused_outside_scope_and_to_anonymous(client, client_for, paser_officer, kukar_coop):
    response = client.get(history_url(kukar_coop))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client_for(paser_officer).get(history_url(kukar_coop)).status_code == 404  # a Kukar cooperative


def test_detail_page_loads_the_history_on_demand(client_for, kukar_officer, kukar_coop):
    client = client_for(kukar_officer)
    client.post(reverse("cooperatives:cooperative_edit", args=[kukar_coop.pk]), edit_data(kukar_coop, notary="Budi"))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(detail_url(kukar_coop)).content.decode()
    assert not [q["sql"] for q in queries.captured_queries if "_historical" in q["sql"]]  # no history read
    assert 'id="history"' in html and "Riwayat perubahan" in html and "notaris: – → Budi" not in html
    assert f'hx-get="{history_url(kukar_coop)}" hx-trigger="revealed" hx-swap="outerHTML"' in html
    assert f'<a href="{history_url(kukar_coop)}">Lihat riwayat perubahan</a>' in html  # without JavaScript


def test_official_and_gerai_pages_are_scoped_and_read_only_for_the_bupati(
    client_for, paser_officer, bupati, kukar_coop
):
    from kopdes.tests.factories import operating_unit

    official = full_board(kukar_coop)[0]
    unit = operating_unit(kukar_coop)
    urls = [
        reverse("cooperatives:official_edit", args=[official.pk]),
        reverse("cooperatives:unit_edit", args=[unit.pk]),
    ]
    outsider = client_for(paser_officer)
    for url in urls:
        assert outsider.get(url).status_code == 404
        assert outsider.post(url, {"delete": "1"}).status_code == 404
    reader = client_for(bupati)
    for url in urls:
        assert reader.get(url).status_code == 403
        assert reader.post(url, {"delete": "1"}).status_code == 403
    assert Official.objects.filter(pk=official.pk).exists()


def test_official_is_edited_and_removed_with_history(client_for, kukar_officer, kukar_coop):
    official = full_board(kukar_coop)[0]
    client = client_for(kukar_officer)
    url = reverse("cooperatives:official_edit", args=[official.pk])
    data = {
        "name": "Siti Rahma",
        "nik": official.nik,
        "gender": "P",
        "position": official.position,
        "village_office": "",
        "phone": "0812",
        "term_start": "",
        "term_end": "",
    }
    assert client.post(url, data).status_code == 302
    official.refresh_from_db()
    assert official.name == "Siti Rahma"
    assert client.post(url, {"delete": "1"}).status_code == 302
    assert not Official.objects.filter(pk=official.pk).exists()
    kukar_coop.refresh_from_db()
    assert kukar_coop.warning_count > 0  # the board lost its ketua
    assert Official.history.filter(id=official.pk).count() == 3  # created, changed, deleted


def test_history_is_read_without_a_query_per_change(
    client_for, kukar_officer, kukar_coop, django_assert_max_num_queries
):
    from kopdes.cooperatives.selectors import cooperative_history

    client = client_for(kukar_officer)
    url = reverse("cooperatives:cooperative_edit", args=[kukar_coop.pk])
    for notary in ("A, SH", "B, SH", "C, SH", "D, SH"):
        kukar_coop.refresh_from_db()
        client.post(url, edit_data(kukar_coop, notary=notary))
    from kopdes.core import registry

    # one per kind of record (each app's registered history source), whatever the number of changes
    with django_assert_max_num_queries(len(registry.cooperative_history.keys())):
        entries = cooperative_history(kukar_coop)
    notary_changes = [c for e in entries for c in e.changes if c[0] == "notaris"]
    assert [(old, new) for _field, old, new in notary_changes] == [
        ("C, SH", "D, SH"),
        ("B, SH", "C, SH"),
        ("A, SH", "B, SH"),
        ("", "A, SH"),
    ]
