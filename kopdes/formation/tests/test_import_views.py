"""The web import (upload → preview → confirm), its template, its records and every kind of bad file: a bad file
gets a clear message and status 400, never a 500, and nothing is stored."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from kopdes.cooperatives.models import Cooperative
from kopdes.core import pending_files
from kopdes.core.models import ImportRecord
from kopdes.formation.io import COLUMNS, cooperatives_import
from kopdes.formation.models import Milestone
from kopdes.formation.tests.test_io import GOOD, csv_bytes, xlsx_bytes
from kopdes.tests.factories import PASER_VILLAGE

IMPORT_URL = reverse("core:import", args=["koperasi"])


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, data: bytes, name: str = "registri.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


def confirm_fields(response) -> dict:
    form = response.context["confirm_form"]
    assert form is not None, response.content.decode()[:3000]
    return {"sha256": form.initial["sha256"], "file_name": form.initial["file_name"]}


def pending(user) -> list:
    folder = pending_files._folder(user)
    return list(folder.iterdir()) if folder.exists() else []


# --- the happy path ----------------------------------------------------------------------------------------------


def test_preview_writes_nothing_then_confirm_imports_and_twice_changes_nothing(client_for, kukar_officer):
    client = client_for(kukar_officer)
    assert client.get(IMPORT_URL).status_code == 200
    data = csv_bytes(GOOD)

    response = upload(client, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-action="created"') == 2
    assert 'data-column="nama_koperasi"' in html and 'data-column="tgl_musdesus"' in html
    assert not Cooperative.objects.exists() and not Milestone.objects.exists()
    assert len(pending(kukar_officer)) == 1
    assert ImportRecord.objects.get().status == ImportRecord.Status.DRY_RUN

    response = client.post(IMPORT_URL, confirm_fields(response))
    record = ImportRecord.objects.get(status=ImportRecord.Status.APPLIED)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:import_record_detail", args=[record.pk])
    assert Cooperative.objects.count() == 2 and (record.created, record.updated) == (2, 0)
    assert pending(kukar_officer) == []
    page = client.get(response["Location"]).content.decode()
    assert "2 koperasi baru" in page  # the flash message
    assert page.count("data-changed=") == 2 and "KDMP Muara Leka" in page

    # The same file again: the preview says nothing would change, and the confirm says so too.
    response = upload(client, data)
    assert response.status_code == 200
    assert 'id="nothing-changes"' in response.content.decode()
    assert (response.context["result"].created, response.context["result"].unchanged) == (0, 2)
    response = client.post(IMPORT_URL, confirm_fields(response), follow=True)
    assert "Tidak ada perubahan" in response.content.decode()
    assert Cooperative.objects.count() == 2
    last = ImportRecord.objects.filter(status=ImportRecord.Status.APPLIED).first()
    assert (last.created, last.updated, last.unchanged) == (0, 0, 2)

    # The confirmed file is gone: a second confirm of it asks for the file again.
    response = client.post(IMPORT_URL, {"sha256": last.sha256, "file_name": "registri.csv"})
    assert response.status_code == 400 and "Unggah berkasnya lagi" in response.content.decode()


def test_preview_shows_which_fields_change(client_for, kukar_officer):
    cooperatives_import(actor=kukar_officer, data=csv_bytes(GOOD), file_name="awal.csv")
    changed = [
        {**GOOD[0], "nama_koperasi": "KDMP Batuq Baru", "tgl_musdesus": "12 Mei 2025"},
        GOOD[1],
    ]
    response = upload(client_for(kukar_officer), xlsx_bytes([[r.get(c) for c in COLUMNS] for r in changed]), "b.xlsx")
    assert response.status_code == 200
    rows = response.context["changed_rows"]
    assert [(plan.row, plan.action) for plan, _ in rows] == [(2, "updated")]
    changes = {change.column: change for change in rows[0][1]}
    assert set(changes) == {"nama_koperasi", "tgl_musdesus"}
    assert changes["nama_koperasi"].new == "KDMP Batuq Baru" and changes["nama_koperasi"].had_value
    assert str(changes["tgl_musdesus"].old) == "2025-05-10" and str(changes["tgl_musdesus"].new) == "2025-05-12"
    html = response.content.decode()
    assert "<del>" in html and "KDMP Batuq Baru" in html
    assert response.context["result"].unchanged == 1


def test_confirm_validates_again(client_for, kukar_officer):
    client = client_for(kukar_officer)
    response = upload(client, csv_bytes([GOOD[1]]))
    fields = confirm_fields(response)
    # Meanwhile another file gives the same SK AHU number to another village.
    other = {**GOOD[1], "kode_wilayah": "64.02.01.2003", "nib": ""}
    assert cooperatives_import(actor=kukar_officer, data=csv_bytes([other]), file_name="lain.csv").ok
    response = client.post(IMPORT_URL, fields)
    assert response.status_code == 400
    assert "sudah dipakai koperasi di 64.02.01.2003" in response.content.decode()
    assert not Cooperative.objects.filter(village_id="64.02.01.2002").exists()


def test_a_previewed_file_belongs_to_its_uploader(client_for, kukar_officer, django_user_model):
    response = upload(client_for(kukar_officer), csv_bytes(GOOD))
    fields = confirm_fields(response)
    colleague = django_user_model.objects.create_user("dinkop.kukar2", role="admin", region_id="64.02")
    response = client_for(colleague).post(IMPORT_URL, fields)
    assert response.status_code == 400 and not Cooperative.objects.exists()
    response = client_for(kukar_officer).post(IMPORT_URL, {**fields, "sha256": "../" + fields["sha256"][3:]})
    assert response.status_code == 400 and not Cooperative.objects.exists()


# --- row errors and bad files --------------------------------------------------------------------------------------


def test_row_errors_are_listed_with_row_and_column(client_for, kukar_officer):
    rows = [GOOD[0], {"kode_wilayah": PASER_VILLAGE}, {"kode_wilayah": "64.02.01.2004", "tgl_musdesus": "31/02/2025"}]
    response = upload(client_for(kukar_officer), csv_bytes(rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-error-row="3"' in html and "di luar wilayah Anda" in html
    assert 'data-error-row="4"' in html and "tidak dapat dibaca" in html
    assert response.context["confirm_form"] is None
    assert not Cooperative.objects.exists() and pending(kukar_officer) == []


def merged_and_formula_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(["64.02.01.2001", "KDMP Formula", None, None, None, "2025-05-10"])
    sheet.append(["64.02.01.2002", None, None, None, None, "2025-05-11"])
    sheet.merge_cells("B3:D3")
    sheet["B3"] = '=CONCATENATE("KDMP ","Gabung")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BAD_FILES = {
    "empty": (b"", "kosong.csv", "Berkas kosong"),
    "blank": (b"  \n\n", "kosong.csv", "Berkas kosong"),
    "header only": (",".join(COLUMNS).encode(), "judul.csv", "hanya berisi judul kolom"),
    "header only xlsx": (xlsx_bytes([]), "judul.xlsx", "hanya berisi judul kolom"),
    "unknown columns": (b"kode_wilayah,nama_kopersi\n64.02.01.2001,X\n", "salah.csv", "Kolom tidak dikenal"),
    "no village column": (b"nama_koperasi\nX\n", "salah.csv", "kode_wilayah tidak ada"),
    "damaged xlsx": (b"PK\x03\x04 this is not a workbook", "rusak.xlsx", "tidak dapat dibaca"),
    "too many rows": (b"kode_wilayah\n" + b"64.02.01.2001\n" * 100_001, "besar.csv", "lebih dari 100.000 baris"),
    "too big": (b"kode_wilayah\n" + b"x" * (20 * 1024 * 1024 + 10), "raksasa.csv", "paling besar 20 MB"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_get_a_message_and_400_and_store_nothing(client_for, kukar_officer, case):
    data, name, message = BAD_FILES[case]
    response = upload(client_for(kukar_officer), data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Cooperative.objects.exists() and not Milestone.objects.exists()
    assert pending(kukar_officer) == []
    assert not ImportRecord.objects.exclude(status=ImportRecord.Status.REFUSED).exists()


def test_no_file_at_all(client_for, kukar_officer):
    response = client_for(kukar_officer).post(IMPORT_URL, {})
    assert response.status_code == 400 and "id_file_error" in response.content.decode()


def test_latin1_csv_is_read_and_said_so(client_for, kukar_officer):
    data = csv_bytes([{"kode_wilayah": "64.02.01.2001", "notaris": "Ana Núñez, S.H."}], encoding="latin-1")
    response = upload(client_for(kukar_officer), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "bukan UTF-8" in html and "Ana Núñez" in html


def test_formulas_and_merged_cells_use_their_values(client_for, kukar_officer):
    response = upload(client_for(kukar_officer), merged_and_formula_xlsx(), "gabung.xlsx")
    assert response.status_code == 200, response.content.decode()[:2000]
    result = response.context["result"]
    assert result.created == 2
    response = client_for(kukar_officer).post(IMPORT_URL, confirm_fields(response))
    assert response.status_code == 302
    assert Cooperative.objects.get(village_id="64.02.01.2001").name == "KDMP Formula"


# --- capability and scope ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["bupati", "camat"])
def test_who_may_not_import_gets_403(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, csv_bytes(GOOD)).status_code == 403
    assert not ImportRecord.objects.exists() and not Cooperative.objects.exists()


def test_records_are_scoped(client_for, kukar_officer, paser_officer, bupati):
    cooperatives_import(actor=kukar_officer, data=csv_bytes(GOOD), file_name="kukar.csv")
    record = ImportRecord.objects.get()
    list_url = reverse("core:import_record_list")
    detail_url = reverse("core:import_record_detail", args=[record.pk])
    html = client_for(bupati).get(list_url).content.decode()  # read-only leaders see the records of their regency
    assert f'data-record="{record.pk}"' in html and record.sha256[:12] in html and "kukar.csv" in html
    assert client_for(bupati).get(detail_url).status_code == 200
    client = client_for(paser_officer)
    assert f'data-record="{record.pk}"' not in client.get(list_url).content.decode()
    assert client.get(detail_url).status_code == 404


def test_record_list_query_count(client_for, kukar_officer, django_assert_max_num_queries):
    for i in range(5):
        cooperatives_import(actor=kukar_officer, data=csv_bytes(GOOD), file_name=f"f{i}.csv", dry_run=True)
    client = client_for(kukar_officer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("core:import_record_list")).status_code == 200


# --- the template ---------------------------------------------------------------------------------------------------


def template_rows(content: bytes, fmt: str) -> list[list]:
    if fmt == "xlsx":
        return [list(row) for row in openpyxl.load_workbook(io.BytesIO(content)).active.values]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_has_the_columns_and_an_example_that_imports_cleanly(client_for, kukar_officer, paser_officer, fmt):
    for user in (kukar_officer, paser_officer):
        response = client_for(user).get(reverse("core:import_template", args=["koperasi", fmt]))
        assert response.status_code == 200
        assert f"templat-impor-koperasi.{fmt}" in response["Content-Disposition"]
        rows = template_rows(response.content, fmt)
        assert rows[0] == COLUMNS and len(rows) == 2
        code = rows[1][0]
        assert code.startswith("64.02." if user == kukar_officer else "64.01.")
        result = cooperatives_import(actor=user, data=response.content, file_name=f"templat.{fmt}", dry_run=True)
        assert result.ok, result.errors
        assert (result.created, result.updated) == (1, 0)
        assert result.plans[0].milestones  # the example reaches milestones (dates in several accepted forms)
    assert client_for(kukar_officer).get(reverse("core:import_template", args=["koperasi", "pdf"])).status_code == 404


def test_pengurus_imports_only_their_own_cooperative_and_sees_their_records(client_for, pengurus, kukar_coop):
    client = client_for(pengurus)
    rows = [{"kode_wilayah": kukar_coop.village_id, "tgl_sosialisasi": "2025-04-14"}]
    response = upload(client, csv_bytes([*rows, {"kode_wilayah": "64.02.01.2002"}]))
    assert response.status_code == 400 and "di luar wilayah Anda" in response.content.decode()
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 200 and response.context["result"].updated == 1
    assert client.post(IMPORT_URL, confirm_fields(response)).status_code == 302
    assert kukar_coop.milestones.get().kind == "sosialisasi"
    html = client.get(reverse("core:import_record_list")).content.decode()
    assert html.count("data-record=") == 3  # a pengurus's imports carry no region: they see their own


def test_pengurus_lands_on_the_record_of_the_import_they_ran(client_for, pengurus, kukar_coop):
    """Defect (issue 9): the import record page answered 404 to the pengurus who had just run the import."""
    client = client_for(pengurus)
    response = upload(client, csv_bytes([{"kode_wilayah": kukar_coop.village_id, "tgl_sosialisasi": "2025-04-14"}]))
    response = client.post(IMPORT_URL, confirm_fields(response))
    assert response.status_code == 302
    record = ImportRecord.objects.get(status=ImportRecord.Status.APPLIED)
    assert response["Location"] == reverse("core:import_record_detail", args=[record.pk])
    assert client.get(response["Location"]).status_code == 200
