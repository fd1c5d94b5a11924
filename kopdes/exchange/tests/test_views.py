"""The exchange pages and endpoints from each persona: upload → preview → confirm, the review page and its
decisions, the comparison page and its XLSX; 404 outside scope, 403 for roles that may not change anything."""

import io

import pytest
from django.urls import reverse

from kopdes.core import pending_files
from kopdes.core.models import ImportRecord
from kopdes.exchange.models import NationalSnapshot, NationalUnit
from kopdes.exchange.tests.conftest import TAPIS, rows_of, to_csv
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, PASER, PASER_VILLAGE, cooperative

IMPORT_URL = "/impor/simkopdes/"
REVIEW_URL = "/simkopdes/tinjau/"


def upload(content: bytes, name: str = "stats_village_paser.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_urls():
    assert reverse("core:import", args=["simkopdes"]) == IMPORT_URL
    assert reverse("exchange:mapping_review") == REVIEW_URL
    assert reverse("exchange:mapping_decide", args=[5]) == "/simkopdes/tinjau/5/"
    assert reverse("exchange:comparison", args=["64.01"]) == "/simkopdes/bandingkan/64.01/"
    assert reverse("exchange:comparison_export", args=["64.01"]) == "/simkopdes/bandingkan/64.01/xlsx/"


# ---------------------------------------------------------------------------------------------------------------
# Upload


@pytest.mark.parametrize(
    ("persona", "status"), [("national_admin", 200), ("paser_officer", 200), ("bupati", 403), ("camat", 403)]
)
def test_upload_page_is_for_admins(request, client_for, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(IMPORT_URL).status_code == status
    confirm = {"sha256": "0" * 64, "file_name": "x.csv"}
    assert client.post(IMPORT_URL, confirm).status_code == (400 if status == 200 else 403)


def test_anonymous_is_sent_to_login(client, db):
    for url in (IMPORT_URL, REVIEW_URL, "/simkopdes/bandingkan/64.01/"):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/" in response["Location"]


def test_upload_preview_then_confirm(client_for, paser_officer, paser_file):
    client = client_for(paser_officer)
    page = client.get(IMPORT_URL).content.decode()
    assert 'type="date"' in page and 'name="file"' in page

    response = client.post(IMPORT_URL, {"file": upload(paser_file), "snapshot_date": "2026-08-05"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-count="matched">144<' in html and 'data-count="unmatched">0<' in html
    assert "baris tingkat desa/kelurahan" in html
    assert "Simpan sebagai data 5 Agustus 2026" in html
    assert NationalUnit.objects.count() == 0 and NationalSnapshot.objects.count() == 0  # a preview stores nothing
    confirm = response.context["confirm_form"].initial
    assert pending_files.pending_load(paser_officer, confirm["sha256"]) == paser_file

    response = client.post(IMPORT_URL, confirm)
    assert response.status_code == 302 and response["Location"] == f"/simkopdes/bandingkan/{PASER}/"
    assert NationalSnapshot.objects.count() == 144
    assert pending_files.pending_load(paser_officer, confirm["sha256"]) is None
    html = client.get(response["Location"]).content.decode()
    assert "Data SIMKOPDES 05-08-2026 disimpan: 144 baris, 144 cocok" in html
    assert ImportRecord.objects.filter(status="applied").count() == 1


def test_the_import_record_lists_the_stored_rows_by_level(client_for, national_admin, paser_file):
    client = client_for(national_admin)
    response = client.post(IMPORT_URL, {"file": upload(paser_file), "snapshot_date": "2026-08-05"})
    client.post(IMPORT_URL, response.context["confirm_form"].initial)
    record = ImportRecord.objects.get(status="applied")
    assert (record.kind, record.created) == ("simkopdes", 144)
    page = client.get(reverse("core:import_record_detail", args=[record.pk])).content.decode()
    assert 'data-changed="village"' in page and "desa/kelurahan" in page and "data 05-08-2026" in page
    assert "<td>144</td>" in page


def test_htmx_upload_returns_the_preview_fragment(client_for, national_admin, paser_file):
    response = client_for(national_admin).post(
        IMPORT_URL, {"file": upload(paser_file), "snapshot_date": "2026-08-05"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="import-preview"')


def test_confirm_needs_the_previewed_file(client_for, national_admin, paser_file):
    client = client_for(national_admin)
    client.post(IMPORT_URL, {"file": upload(paser_file), "snapshot_date": "2026-08-05"})
    response = client.post(IMPORT_URL, {"sha256": "f" * 64, "file_name": "x.csv"})
    assert response.status_code == 400 and "Unggah berkasnya lagi" in response.content.decode()
    assert NationalSnapshot.objects.count() == 0


def test_bad_file_shows_its_errors_and_offers_no_confirm(client_for, national_admin, paser_file):
    rows = rows_of(paser_file)
    rows[2]["nib_count"] = "-1"
    response = client_for(national_admin).post(
        IMPORT_URL, {"file": upload(to_csv(rows)), "snapshot_date": "2026-08-05"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Berkas ditolak: 1 kesalahan" in html
    assert '<td class="num">4</td><td><code>nib_count</code></td><td>tidak boleh negatif (-1)</td>' in html
    assert "Simpan sebagai data" not in html


def test_kukar_officer_cannot_import_paser(client_for, kukar_officer, paser_file):
    response = client_for(kukar_officer).post(IMPORT_URL, {"file": upload(paser_file), "snapshot_date": "2026-08-05"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "tidak berisi satu baris pun untuk wilayah Anda" in html
    assert "144 baris di luar wilayah Anda dilewati" in html


def test_upload_form_errors(client_for, national_admin):
    response = client_for(national_admin).post(IMPORT_URL, {"snapshot_date": "kemarin"})
    assert response.status_code == 400


# ---------------------------------------------------------------------------------------------------------------
# Review and decisions


def test_review_lists_only_units_in_scope(client_for, mixed, paser_officer, kukar_officer, bupati, national_admin):
    def listed(user):
        html = client_for(user).get(REVIEW_URL).content.decode()
        return {pk for pk in (mixed["paser"].pk, mixed["kukar"].pk) if f'data-unit="{pk}"' in html}

    assert listed(paser_officer) == {mixed["paser"].pk}
    assert listed(kukar_officer) == {mixed["kukar"].pk}
    assert listed(bupati) == {mixed["kukar"].pk}
    assert listed(national_admin) == {mixed["paser"].pk, mixed["kukar"].pk}


def test_review_page_candidates_and_read_only(client_for, mixed, paser_officer, bupati):
    html = client_for(paser_officer).get(REVIEW_URL).content.decode()
    assert f'name="region" value="{TAPIS}"' in html  # Tapis offered as a candidate button
    assert "Bukan wilayah Kemendagri" in html
    html = client_for(bupati).get(REVIEW_URL).content.decode()
    assert "/simkopdes/tinjau/" + str(mixed["kukar"].pk) not in html and "Tetapkan" not in html  # read-only


def test_review_page_query_count(client_for, mixed, national_admin, django_assert_max_num_queries):
    client = client_for(national_admin)
    client.get(REVIEW_URL)
    with django_assert_max_num_queries(8):
        assert client.get(REVIEW_URL + "?semua=1").status_code == 200


def test_decide_from_the_review_page(client_for, mixed, paser_officer):
    unit = mixed["paser"]
    response = client_for(paser_officer).post(
        f"/simkopdes/tinjau/{unit.pk}/", {"region": TAPIS, "next": REVIEW_URL + "?level=village"}
    )
    assert response.status_code == 302 and response["Location"] == REVIEW_URL + "?level=village"
    unit.refresh_from_db()
    assert (unit.status, unit.method, unit.region_id, unit.decided_by) == ("matched", "manual", TAPIS, paser_officer)
    assert NationalSnapshot.objects.get(unit=unit).region_code == TAPIS


def test_decide_with_a_typed_code_over_htmx(client_for, mixed, paser_officer):
    unit = mixed["paser"]
    response = client_for(paser_officer).post(
        f"/simkopdes/tinjau/{unit.pk}/", {"code": TAPIS}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith(f'<tr id="unit-{unit.pk}"')
    assert "Cocok" in html and TAPIS in html


def test_decide_wrong_level_is_a_clear_error(client_for, mixed, paser_officer):
    unit = mixed["paser"]
    response = client_for(paser_officer).post(
        f"/simkopdes/tinjau/{unit.pk}/", {"code": "64.01.04"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "pilih wilayah tingkat desa/kelurahan" in response.content.decode()
    unit.refresh_from_db()
    assert unit.status == "unmatched"


def test_decide_ignore(client_for, mixed, national_admin):
    unit = mixed["kukar"]
    client_for(national_admin).post(f"/simkopdes/tinjau/{unit.pk}/", {"region": "-"})
    unit.refresh_from_db()
    assert (unit.status, unit.method) == ("ignored", "manual")


@pytest.mark.parametrize(
    ("persona", "unit", "region", "status"),
    [
        ("kukar_officer", "paser", TAPIS, 404),  # the unit is outside their scope
        ("paser_officer", "paser", "64.02.01.2001", 404),  # the region chosen is outside their scope
        ("bupati", "kukar", "64.02.01.2001", 403),  # read-only
        ("camat", "kukar", "64.02.01.2001", 403),  # in scope (Muara Muntai), but may not decide
        ("paser_officer", "paser", "99.99.99.9999", 404),
    ],
)
def test_decide_outside_scope_or_role(request, client_for, mixed, persona, unit, region, status):
    unit = mixed[unit]
    response = client_for(request.getfixturevalue(persona)).post(f"/simkopdes/tinjau/{unit.pk}/", {"region": region})
    assert response.status_code == status
    unit.refresh_from_db()
    assert unit.status == "unmatched"


# ---------------------------------------------------------------------------------------------------------------
# Comparison


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("paser_officer", PASER, 200),
        ("paser_officer", "64.01.04", 200),
        ("paser_officer", KUKAR, 404),
        ("paser_officer", "ID", 404),
        ("kukar_officer", PASER, 404),
        ("bupati", KUKAR, 200),
        ("bupati", PASER, 404),
        ("camat", "64.02.01", 200),
        ("camat", KUKAR, 404),
        ("national_admin", "ID", 200),
        ("national_admin", "64", 200),
        ("national_admin", "99.99", 404),
    ],
)
def test_comparison_scope(request, client_for, mixed, persona, code, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/simkopdes/bandingkan/{code}/").status_code == status
    assert client.get(f"/simkopdes/bandingkan/{code}/xlsx/").status_code == status


def test_comparison_page_highlights_differences(client_for, mixed, paser_officer):
    coop = cooperative(PASER_VILLAGE)  # Janju: ours 1 cooperative, national 1; ours without NIB, national with
    html = client_for(paser_officer).get(f"/simkopdes/bandingkan/{PASER}/").content.decode()
    assert "Data SIMKOPDES per 5 Agustus 2026, dihitung dari baris tingkat desa/kelurahan." in html
    assert 'id="children-table"' in html and 'id="villages-table"' in html
    import re

    janju = re.search(rf'<tr data-region="{PASER_VILLAGE}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert '<td class="num" data-diff="cooperatives">0</td>' in janju
    assert '<td class="num" data-diff="nib"><mark>-1</mark></td>' in janju
    assert coop.pk


def test_comparison_xlsx(client_for, mixed, paser_officer):
    from openpyxl import load_workbook

    cooperative(PASER_VILLAGE)
    response = client_for(paser_officer).get(f"/simkopdes/bandingkan/{PASER}/xlsx/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="simkopdes-bandingkan-64-01.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["Per wilayah", "Per desa"]
    rows = list(workbook["Per wilayah"].iter_rows(values_only=True))
    header, total = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:5] == ("kode_wilayah", "nama", "koperasi_kopdes", "koperasi_simkopdes", "selisih_koperasi")
    assert (total["kode_wilayah"], total["koperasi_kopdes"], total["koperasi_simkopdes"]) == (PASER, 1, 144)
    assert total["selisih_koperasi"] == -143 and total["sumber_simkopdes"] == "village"
    assert len(rows) == 1 + 1 + 10
    villages = list(workbook["Per desa"].iter_rows(values_only=True))
    assert len(villages) == 1 + 144


def test_comparison_without_national_data(client_for, kukar_officer):
    html = client_for(kukar_officer).get(f"/simkopdes/bandingkan/{KUKAR}/").content.decode()
    assert "Belum ada data SIMKOPDES untuk wilayah ini." in html


# ---------------------------------------------------------------------------------------------------------------
# Template, upload by a read-only role, comparison query count


@pytest.mark.parametrize("level", ["province", "regency", "district", "village"])
def test_template_is_accepted_by_the_importer(client_for, national_admin, level):
    from kopdes.exchange.services import snapshot_import
    from kopdes.exchange.tests.conftest import SNAPSHOT

    client = client_for(national_admin)
    response = client.get(reverse("core:import_template_variant", args=["simkopdes", level, "csv"]))
    assert response.status_code == 200
    assert f'filename="templat-simkopdes-{level}.csv"' in response["Content-Disposition"]
    result = snapshot_import(actor=None, data=response.content, file_name="t.csv", snapshot_date=SNAPSHOT, dry_run=True)
    assert result.ok and (result.level, result.rows) == (level, 1)
    xlsx = client.get(reverse("core:import_template_variant", args=["simkopdes", level, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    again = snapshot_import(actor=None, data=xlsx.content, file_name="t.xlsx", snapshot_date=SNAPSHOT, dry_run=True)
    assert again.ok and again.level == level


def test_template_links_on_the_upload_page_and_bad_names(client_for, national_admin, bupati):
    client = client_for(national_admin)
    html = client.get(IMPORT_URL).content.decode()
    assert reverse("core:import_template_variant", args=["simkopdes", "village", "xlsx"]) in html
    assert client.get(f"{IMPORT_URL}templat-kota.csv").status_code == 404
    assert client.get(f"{IMPORT_URL}templat-village.pdf").status_code == 404
    assert client_for(bupati).get(f"{IMPORT_URL}templat-village.csv").status_code == 403


@pytest.mark.parametrize("persona", ["bupati", "camat"])
def test_read_only_roles_may_not_upload(request, client_for, persona, paser_file):
    response = client_for(request.getfixturevalue(persona)).post(
        IMPORT_URL, {"file": upload(paser_file), "snapshot_date": "2026-08-05"}
    )
    assert response.status_code == 403
    assert NationalUnit.objects.count() == 0 and not ImportRecord.objects.exists()


def test_review_filter_outside_scope_shows_nothing(client_for, mixed, paser_officer):
    html = client_for(paser_officer).get(REVIEW_URL + f"?region={KUKAR}&semua=1").content.decode()
    assert f'data-unit="{mixed["kukar"].pk}"' not in html and f'data-unit="{mixed["paser"].pk}"' not in html


def test_comparison_page_query_count(client_for, mixed, national_admin, django_assert_max_num_queries):
    client = client_for(national_admin)
    client.get(f"/simkopdes/bandingkan/{PASER}/")
    with django_assert_max_num_queries(18):
        assert client.get(f"/simkopdes/bandingkan/{PASER}/").status_code == 200
    for code in (PASER_VILLAGE, TAPIS):
        cooperative(code)
    with django_assert_max_num_queries(18):
        assert client.get(f"/simkopdes/bandingkan/{PASER}/").status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get("/simkopdes/bandingkan/ID/").status_code == 200


def test_region_page_shows_the_national_figures_next_to_ours(client_for, paser_officer, imported, paser_file):
    url = reverse("dashboard:region_detail", args=[PASER])
    assert 'id="national"' not in client_for(paser_officer).get(url).content.decode()
    imported(paser_file)
    html = client_for(paser_officer).get(url).content.decode()
    assert "Data sistem nasional per 5 Agustus 2026" in html
    assert 'data-national="cooperatives">144<' in html and 'data-national="nib">133<' in html
    assert reverse("exchange:comparison", args=[PASER]) in html


def test_decide_with_a_typed_name_and_filter_by_name(client_for, mixed, paser_officer):
    """Officials need not know Kemendagri codes: the row takes a village name, the filter a region name."""
    tapis = Region.objects.get(code=TAPIS)
    html = client_for(paser_officer).get(REVIEW_URL, {"region": "paser", "semua": "1"}).content.decode()
    assert f'data-unit="{mixed["paser"].pk}"' in html and "region-suggestions" in html
    html = client_for(paser_officer).get(REVIEW_URL, {"region": "Tenggarong"}).content.decode()
    assert 'data-unit="' not in html and 'class="errorlist' in html  # outside scope: a message, not all rows

    unit = mixed["paser"]
    response = client_for(paser_officer).post(
        f"/simkopdes/tinjau/{unit.pk}/", {"code": tapis.name.lower()}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    unit.refresh_from_db()
    assert (unit.status, unit.region_id) == ("matched", TAPIS)


def test_decide_with_a_name_outside_scope_is_a_message(client_for, mixed, paser_officer):
    unit = mixed["paser"]
    response = client_for(paser_officer).post(
        f"/simkopdes/tinjau/{unit.pk}/", {"code": "Rapak Lambur"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    unit.refresh_from_db()
    assert unit.status == "unmatched"
