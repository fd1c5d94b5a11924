"""The access log of full NIK displays (UU PDP 27/2022) and a cooperative's own data archive."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from kopdes.operations.models import NikView
from kopdes.tests.factories import full_board


@pytest.fixture
def board(kukar_coop):
    return full_board(kukar_coop)


def test_the_pengurus_seeing_the_board_is_logged_with_the_masked_nik(client_for, pengurus, board, kukar_coop):
    response = client_for(pengurus).get(reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk]))
    assert response.status_code == 200
    assert board[0].nik in response.content.decode()
    views = NikView.objects.filter(viewer=pengurus, subject_kind="official")
    assert {v.subject_id for v in views} >= {o.pk for o in board}
    view = views.get(subject_id=board[0].pk)
    assert view.where == NikView.Where.PAGE
    assert view.village_code == kukar_coop.village_id
    assert view.nik_masked != board[0].nik and view.nik_masked.endswith(board[0].nik[-4:])
    assert board[0].nik not in {v.nik_masked for v in NikView.objects.all()}


def test_a_masked_nik_is_not_logged(client_for, camat, board, kukar_coop):
    response = client_for(camat).get(reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk]))
    assert response.status_code == 200
    assert board[0].nik not in response.content.decode()
    assert not NikView.objects.exists()


def test_the_api_is_logged_as_api(client_for, kukar_officer, board, kukar_coop):
    response = client_for(kukar_officer).get(f"/api/v1/cooperatives/{kukar_coop.pk}/officials")
    assert response.status_code == 200
    assert NikView.objects.filter(viewer=kukar_officer, where=NikView.Where.API).count() == len(board)


def test_the_regency_admin_sees_the_log_of_its_region_only(client_for, kukar_officer, paser_officer, pengurus, board,
                                                           kukar_coop):  # fmt: skip
    client_for(pengurus).get(reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk]))
    url = reverse("operations:nik_log")
    page = client_for(kukar_officer).get(url)
    assert page.status_code == 200
    assert "Anggota 0" in page.content.decode() and pengurus.username in page.content.decode()
    other = client_for(paser_officer).get(url)
    assert other.status_code == 200 and "Anggota 0" not in other.content.decode()
    found = client_for(kukar_officer).get(url, {"q": "Anggota 1"})
    assert "Anggota 1" in found.content.decode() and "Anggota 2" not in found.content.decode()


def test_the_log_is_refused_to_roles_without_the_capability(client, client_for, bupati, pengurus, camat):
    url = reverse("operations:nik_log")
    assert client.get(url).status_code == 302  # signed out: to the login page
    for user in (bupati, pengurus, camat):
        assert client_for(user).get(url).status_code == 403


def test_a_cooperative_exports_all_its_own_data(client_for, pengurus, board, kukar_coop):
    from kopdes.cooperatives.choices import DocumentKind
    from kopdes.cooperatives.services import document_upload
    from kopdes.tests.factories import upload

    document = document_upload(
        actor=pengurus, cooperative=kukar_coop, kind=DocumentKind.values[0], uploaded_file=upload()
    )
    type(kukar_coop).objects.filter(pk=kukar_coop.pk).update(address="=cmd|' /C calc'!A0")
    response = client_for(pengurus).get(reverse("operations:archive_download", args=[kukar_coop.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "koperasi.csv" in names and "README.txt" in names
    # Through the one safe CSV writer (issue 10): formula-like text is written as text.
    coop_row = next(csv.DictReader(io.StringIO(archive.read("koperasi.csv").decode("utf-8-sig"))))
    assert coop_row["address"] == "'=cmd|' /C calc'!A0"
    officials = list(csv.DictReader(io.StringIO(archive.read("cooperatives/official.csv").decode())))
    assert {row["nik"] for row in officials} == {o.nik for o in board}
    assert any(name.startswith("books/") for name in names)  # the books' tables, empty or not
    assert f"berkas/cooperatives/{document.file.name}" in names
    assert NikView.objects.filter(viewer=pengurus, where=NikView.Where.EXPORT).count() == len(board)


def test_the_archive_is_scoped_and_refused_to_read_only_roles(client_for, paser_officer, bupati, kukar_coop):
    url = reverse("operations:archive_download", args=[kukar_coop.pk])
    assert client_for(paser_officer).get(url).status_code == 404
    assert client_for(bupati).get(url).status_code == 403


def test_the_cooperative_page_offers_the_archive_and_the_admin_recent_views(client_for, pengurus, kukar_officer, camat,
                                                                             board, kukar_coop):  # fmt: skip
    url = reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk])
    own = client_for(pengurus).get(url).content.decode()
    assert reverse("operations:archive_download", args=[kukar_coop.pk]) in own
    assert 'id="coop-nik-views"' not in own  # the board sees its archive, not the access log
    office = client_for(kukar_officer).get(url).content.decode()
    start = office.index('id="coop-privacy"')
    assert 'id="coop-nik-views"' in office[start:], office[start : start + 1500]
    views = office[office.index('id="coop-nik-views"') :].split("</ul>")[0]  # (the history is no longer on the page)
    assert "→ Anggota " in views  # the latest views of the board's full NIKs
    assert 'id="coop-privacy"' not in client_for(camat).get(url).content.decode()
