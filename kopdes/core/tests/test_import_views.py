"""The one import flow (kopdes.core.import_views) with an importer that belongs to no app: registered here, it gets
the upload, the dry-run preview of every row, the confirm of exactly the previewed bytes with its option, the
template download and the record pages, without a view, URL or page of its own. The flow's old per-app paths
redirect to it."""

import csv
import io
from collections import Counter
from types import SimpleNamespace

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kopdes.core import pending_files, registry
from kopdes.core.forms import ImportUploadForm
from kopdes.core.importing import Change, RowChange, RowCheck, check_headers, region_checker, run_import
from kopdes.core.models import ImportRecord
from kopdes.core.registry import ImportChange, Importer, importer_label
from kopdes.core.tabular import cell_text

KUKAR_VILLAGE = "64.02.01.2001"
PASER_VILLAGE = "64.01.04.2001"
STORE: dict[str, dict] = {}  # what the stub "imports": code → {value, unit, record}


class UnitForm(ImportUploadForm):
    unit = forms.CharField(label="Satuan", max_length=10)


def _validate(table, actor):
    errors, counts, plans = [], Counter(), []
    if not check_headers(table, ["kode", "nilai"], ("kode", "nilai"), errors):
        return [], errors, counts
    in_scope = region_checker(actor)
    for number, cells in table.rows:
        row = RowCheck(number, errors)
        code = cell_text(cells.get("kode"))
        if not in_scope(code):
            row.err("kode", f"{code} di luar wilayah Anda.")
        value = row.value(cells, "nilai", "int")
        if row.count:
            continue
        old = STORE.get(code, {}).get("value")
        action = "created" if old is None else "unchanged" if old == value else "updated"
        counts[action] += 1
        plans.append((number, code, old, value, action))
    return plans, errors, counts


def _describe(plans):
    return [
        RowChange(number, SimpleNamespace(name=f"Desa {code}", code=code), action, code, [Change("nilai", old, new)])
        for number, code, old, new, action in plans
        if action != "unchanged"
    ]


class StubImporter(Importer):
    key = "stub"
    slug = "contoh"
    label = "Data contoh"
    title = "Impor data contoh"
    columns = ["kode", "nilai"]
    upload_form = UnitForm
    change_columns = ("Kode", "Nilai")

    def run(self, *, actor, data, file_name, dry_run=False, unit=""):
        def apply(plans, *, user, reason):
            record = int(reason.split("#")[1].split(":")[0])
            for _number, code, _old, value, _action in plans:
                STORE[code] = {"value": value, "unit": unit, "record": record}

        return run_import(
            self.key,
            actor=actor,
            data=data,
            file_name=file_name,
            dry_run=dry_run,
            validate=_validate,
            apply=apply,
            describe=_describe,
        )

    def may_import(self, user):
        return getattr(user, "role", "") == "admin"

    def example_row(self, user):
        return {"kode": user.region_id or KUKAR_VILLAGE, "nilai": 7}

    def changes(self, record):
        return [
            ImportChange(
                key=code, subject=code, region=code, action="diubah", details=f"{item['value']} {item['unit']}"
            )
            for code, item in sorted(STORE.items())
            if item["record"] == record.pk
        ]


@pytest.fixture(autouse=True)
def stub(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    STORE.clear()
    importer = StubImporter()
    monkeypatch.setitem(registry.importers._items, importer.key, importer)
    return importer


URL = "/impor/contoh/"


def csv_file(*rows, name="contoh.csv") -> SimpleUploadedFile:
    lines = ["kode,nilai", *(f"{code},{value}" for code, value in rows)]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode())


def confirm_fields(response) -> dict:
    form = response.context["confirm_form"]
    assert form is not None, response.content.decode()[:3000]
    return dict(form.initial)


def test_the_stub_is_served_at_its_slug(client_for, kukar_officer):
    assert reverse("core:import", args=["contoh"]) == URL
    html = client_for(kukar_officer).get(URL).content.decode()
    assert "<h1>Impor data contoh</h1>" in html and 'name="unit"' in html and 'name="file"' in html
    assert reverse("core:import_template", args=["contoh", "xlsx"]) in html
    assert f"{reverse('core:import_record_list')}?jenis=contoh" in html
    assert importer_label("stub") == "Data contoh" and importer_label("unknown") == "unknown"


def test_upload_preview_confirm_record(client_for, kukar_officer):
    client = client_for(kukar_officer)
    response = client.post(URL, {"file": csv_file((KUKAR_VILLAGE, 5), ("64.02.01.2002", 6)), "unit": "kg"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-action="created"') == 2 and 'data-count="created">2<' in html
    assert STORE == {}  # the preview wrote nothing
    assert ImportRecord.objects.get().status == ImportRecord.Status.DRY_RUN
    fields = confirm_fields(response)
    assert pending_files.pending_load(kukar_officer, fields["sha256"]) is not None

    response = client.post(URL, fields)
    record = ImportRecord.objects.get(status=ImportRecord.Status.APPLIED)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:import_record_detail", args=[record.pk])
    assert STORE[KUKAR_VILLAGE] == {"value": 5, "unit": "kg", "record": record.pk}  # the previewed option too
    assert (record.kind, record.created, record.sha256) == ("stub", 2, fields["sha256"])
    assert pending_files.pending_load(kukar_officer, fields["sha256"]) is None

    page = client.get(response["Location"]).content.decode()
    assert "contoh.csv diimpor: 2 baru, 0 diubah, 0 tetap." in page  # the flow's message
    assert page.count("data-changed=") == 2 and "5 kg" in page and "<th>Nilai</th>" in page
    assert 'data-kind="stub"' in page and "Data contoh" in page

    again = client.post(URL, fields)  # the confirmed file is gone
    assert again.status_code == 400 and "Unggah berkasnya lagi" in again.content.decode()
    assert ImportRecord.objects.filter(status=ImportRecord.Status.APPLIED).count() == 1


def test_the_same_file_twice_previews_and_confirms_as_no_change(client_for, kukar_officer):
    client = client_for(kukar_officer)
    client.post(URL, confirm_fields(client.post(URL, {"file": csv_file((KUKAR_VILLAGE, 5)), "unit": "kg"})))
    response = client.post(URL, {"file": csv_file((KUKAR_VILLAGE, 5)), "unit": "kg"})
    assert 'id="nothing-changes"' in response.content.decode() and response.context["changed_rows"] == []
    response = client.post(URL, confirm_fields(response), follow=True)
    assert "Tidak ada perubahan: semua 1 baris contoh.csv sama" in response.content.decode()


def test_errors_are_listed_by_row_and_nothing_waits(client_for, kukar_officer):
    client = client_for(kukar_officer)
    response = client.post(URL, {"file": csv_file((PASER_VILLAGE, 5), (KUKAR_VILLAGE, "lima")), "unit": "kg"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Berkas ditolak: 2 kesalahan" in html
    assert 'data-error-row="2"' in html and "di luar wilayah Anda" in html
    assert 'data-error-row="3"' in html and "lima bukan angka" in html
    assert response.context["confirm_form"] is None and 'id="import-confirm"' not in html
    assert not pending_files._folder(kukar_officer).exists() and STORE == {}
    assert ImportRecord.objects.get().status == ImportRecord.Status.REFUSED


def test_the_upload_form_and_its_option_are_checked(client_for, kukar_officer):
    client = client_for(kukar_officer)
    response = client.post(URL, {"file": csv_file((KUKAR_VILLAGE, 5))})  # no unit
    assert response.status_code == 400 and "id_unit_error" in response.content.decode()
    assert not ImportRecord.objects.exists()

    fields = confirm_fields(client.post(URL, {"file": csv_file((KUKAR_VILLAGE, 5)), "unit": "kg"}))
    other = confirm_fields(client.post(URL, {"file": csv_file((KUKAR_VILLAGE, 6)), "unit": "ton"}))
    # The option is signed for its own file: another file's signature, or none, is refused.
    for options in (other["options"], "", fields["options"][:-2] + "xx"):
        response = client.post(URL, {**fields, "options": options})
        assert response.status_code == 400 and STORE == {}
    assert client.post(URL, fields).status_code == 302 and STORE[KUKAR_VILLAGE]["unit"] == "kg"


def test_a_previewed_file_belongs_to_its_uploader(client_for, kukar_officer, django_user_model):
    fields = confirm_fields(client_for(kukar_officer).post(URL, {"file": csv_file((KUKAR_VILLAGE, 5)), "unit": "kg"}))
    colleague = django_user_model.objects.create_user("dinkop.kukar2", role="admin", region_id="64.02")
    response = client_for(colleague).post(URL, fields)
    assert response.status_code == 400 and STORE == {}


@pytest.mark.parametrize("persona", ["bupati", "camat"])
def test_who_may_not_import_gets_403(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": csv_file((KUKAR_VILLAGE, 5)), "unit": "kg"}).status_code == 403
    assert client.get(f"{URL}templat.csv").status_code == 403
    assert not ImportRecord.objects.exists()


def test_unknown_slug_and_anonymous(client, client_for, kukar_officer):
    assert client.get(URL).status_code == 302 and "/akun/" in client.get(URL)["Location"]
    assert client_for(kukar_officer).get("/impor/tidak-ada/").status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_download(client_for, paser_officer, fmt):
    response = client_for(paser_officer).get(reverse("core:import_template", args=["contoh", fmt]))
    assert response.status_code == 200
    assert 'filename="templat-impor-contoh.' in response["Content-Disposition"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows == [["kode", "nilai"], ["64.01", "7"]]  # the example follows the user


def test_template_unknown_format_or_variant(client_for, kukar_officer):
    client = client_for(kukar_officer)
    assert client.get(reverse("core:import_template", args=["contoh", "pdf"])).status_code == 404
    assert client.get(reverse("core:import_template_variant", args=["contoh", "desa", "csv"])).status_code == 404


def _record(user, kind="stub"):
    return ImportRecord.objects.create(
        kind=kind, user=user, scope_code=user.region_id or "", file_name="f.csv", sha256="0" * 64, status="dry_run"
    )


def test_records_by_kind_and_scope(client_for, kukar_officer, paser_officer, bupati):
    mine = _record(kukar_officer)
    other_kind = _record(kukar_officer, kind="potentials")
    paser = _record(paser_officer)
    list_url = reverse("core:import_record_list")
    html = client_for(bupati).get(list_url).content.decode()  # read-only leaders see their regency's records
    assert f'data-record="{mine.pk}"' in html and f'data-record="{other_kind.pk}"' in html
    assert f'data-record="{paser.pk}"' not in html
    assert 'data-importer="contoh"' not in html  # nothing a leader may import
    html = client_for(bupati).get(f"{list_url}?jenis=contoh").content.decode()
    assert f'data-record="{mine.pk}"' in html and f'data-record="{other_kind.pk}"' not in html
    assert client_for(bupati).get(reverse("core:import_record_detail", args=[mine.pk])).status_code == 200
    assert client_for(bupati).get(reverse("core:import_record_detail", args=[paser.pk])).status_code == 404
    html = client_for(kukar_officer).get(list_url).content.decode()
    assert 'data-importer="contoh"' in html


def test_record_list_query_count(client_for, kukar_officer, django_assert_max_num_queries):
    for _ in range(20):
        _record(kukar_officer)
    client = client_for(kukar_officer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("core:import_record_list")).status_code == 200


def test_registration_needs_a_free_slug():
    class Clash(StubImporter):
        key = "another"

    class Reserved(StubImporter):
        key = "reserved"
        slug = "riwayat"

    for importer in (Clash(), Reserved()):
        with pytest.raises(ValueError):
            registry.importer_register(importer)
    assert registry.importer_register(StubImporter()) == StubImporter()  # the same one again is harmless


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/koperasi/impor/", "/impor/koperasi/"),
        ("/koperasi/impor/templat.xlsx", "/impor/koperasi/templat.xlsx"),
        ("/koperasi/impor/riwayat/", "/impor/?jenis=koperasi"),
        ("/koperasi/impor/riwayat/7/", "/impor/riwayat/7/"),
        ("/pemetaan/impor/potensi/", "/impor/potensi/"),
        ("/pemetaan/impor/bumdes/templat.csv", "/impor/bumdes/templat.csv"),
        ("/simkopdes/impor/", "/impor/simkopdes/"),
        ("/simkopdes/impor/simpan/", "/impor/simkopdes/"),
        ("/simkopdes/impor/templat-village.csv", "/impor/simkopdes/templat-village.csv"),
        ("/impor/riwayat/?page=2", "/impor/?page=2"),
    ],
)
def test_old_paths_lead_to_the_flow(client_for, kukar_officer, old, new):
    client = client_for(kukar_officer)
    for method in (client.get, client.post):
        response = method(old)
        assert response.status_code == 308 and response["Location"] == new  # a POST stays a POST
