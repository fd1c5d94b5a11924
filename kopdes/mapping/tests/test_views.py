"""Pages: each renders in scope, answers 404 outside it and 403 to a read-only role when it changes data."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kopdes.accounts.choices import Role
from kopdes.core.models import ImportRecord
from kopdes.mapping import services
from kopdes.mapping.models import Bumdes, BumdesUnit, OverlapDecision, VillagePotential
from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE, PASER_VILLAGE, UserFactory

from .conftest import KUKAR_KELURAHAN
from .test_io import GOOD_POTENTIALS

pytestmark = pytest.mark.django_db


@pytest.fixture
def kukar_potential(kukar_village):
    return services.potential_create(actor=None, village=kukar_village, category="perikanan", commodity="Patin")


@pytest.fixture
def paser_potential(paser_village):
    return services.potential_create(actor=None, village=paser_village, category="perkebunan", commodity="Sawit")


READ_PAGES = [
    ("mapping:regency_view", {}),
    ("mapping:potential_list", {}),
    ("mapping:bumdes_list", {}),
    ("mapping:verdict_check", {}),
    ("mapping:overlap_list", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), READ_PAGES)
def test_read_pages_render_for_a_read_only_leader(client_for, bupati, kukar_overlap, kukar_potential, name, kwargs):
    response = client_for(bupati).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert b"<html" in response.content


def test_potential_list_filters_summary_and_export(client_for, kukar_officer, kukar_potential, paser_potential):
    client = client_for(kukar_officer)
    response = client.get(reverse("mapping:potential_list"))
    content = response.content.decode()
    assert "Patin" in content and "Sawit" not in content
    assert "Muara Muntai" in content  # summary by kecamatan
    response = client.get(reverse("mapping:potential_list") + "?category=pertanian")
    assert "Patin" not in response.content.decode()
    response = client.get(reverse("mapping:potential_list"), HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and b"Patin" in response.content
    response = client.get(reverse("mapping:potential_list") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Patin" in text and "Sawit" not in text
    assert client.get(reverse("mapping:potential_list") + "?format=pdf").status_code == 404


def test_potential_list_query_count(client_for, kukar_officer, kukar_village, django_assert_max_num_queries):
    for i in range(30):
        services.potential_create(actor=None, village=kukar_village, category="pertanian", commodity=f"Padi {i}")
    client = client_for(kukar_officer)
    client.get(reverse("mapping:potential_list"))
    with django_assert_max_num_queries(10):
        client.get(reverse("mapping:potential_list"))


def test_potential_create_edit_delete(client_for, dpmd, kukar_potential):
    client = client_for(dpmd)
    assert client.get(reverse("mapping:potential_create")).status_code == 200
    data = {"village": KUKAR_VILLAGE, "category": "kerajinan", "commodity": "Anyaman", "value_rp": "1000"}
    response = client.post(reverse("mapping:potential_create"), data)
    assert response.status_code == 302
    assert VillagePotential.objects.filter(commodity="Anyaman").exists()
    response = client.post(reverse("mapping:potential_create"), {**data, "commodity": "X", "value_rp": "-5"})
    assert response.status_code == 400 and "Tidak boleh negatif" in response.content.decode()
    response = client.post(reverse("mapping:potential_create"), {**data, "commodity": "X", "village": PASER_VILLAGE})
    assert response.status_code == 400 and "di luar wilayah" in response.content.decode()
    url = reverse("mapping:potential_edit", args=[kukar_potential.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"category": "perikanan", "commodity": "Patin", "people": "12"})
    assert response.status_code == 302
    kukar_potential.refresh_from_db()
    assert kukar_potential.people == 12
    assert client.post(reverse("mapping:potential_delete", args=[kukar_potential.pk])).status_code == 302
    assert not VillagePotential.objects.filter(pk=kukar_potential.pk).exists()


def test_potential_pages_scope(client_for, kukar_officer, bupati, paser_potential, kukar_potential):
    client = client_for(kukar_officer)
    assert client.get(reverse("mapping:potential_edit", args=[paser_potential.pk])).status_code == 404
    assert client.post(reverse("mapping:potential_delete", args=[paser_potential.pk])).status_code == 404
    reader = client_for(bupati)
    assert reader.get(reverse("mapping:potential_create")).status_code == 403
    assert reader.get(reverse("mapping:potential_edit", args=[kukar_potential.pk])).status_code == 403
    assert reader.post(reverse("mapping:potential_delete", args=[kukar_potential.pk])).status_code == 403
    assert reader.get(reverse("mapping:potential_edit", args=[paser_potential.pk])).status_code == 404
    assert VillagePotential.objects.count() == 2


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def preview(client, kind: str, data: bytes, name: str = "p.csv"):
    return client.post(reverse("core:import", args=[kind]), {"file": SimpleUploadedFile(name, data)})


def confirm_fields(response) -> dict:
    form = response.context["confirm_form"]
    assert form is not None, response.content.decode()[:3000]
    return {"sha256": form.initial["sha256"], "file_name": form.initial["file_name"]}


def test_import_page(client_for, dpmd, bupati, media_root):
    client = client_for(dpmd)
    url = reverse("core:import", args=["potensi"])
    page = client.get(url).content.decode()
    assert 'name="file"' in page and "dry_run" not in page
    response = preview(client, "potensi", GOOD_POTENTIALS)
    html = response.content.decode()
    assert response.status_code == 200 and html.count('data-action="created"') == 3
    assert 'data-column="komoditas"' not in html and 'data-column="volume"' in html and "Ikan patin" in html
    assert not VillagePotential.objects.exists()
    assert ImportRecord.objects.get().status == ImportRecord.Status.DRY_RUN
    bad = b"kode_wilayah,nama_bumdes\n" + KUKAR_KELURAHAN.encode() + b",BUMDes Melayu\n"
    response = preview(client, "bumdes", bad, "b.csv")
    html = response.content.decode()
    assert response.status_code == 400 and "kelurahan" in html and 'data-error-row="2"' in html
    assert response.context["confirm_form"] is None and 'id="import-confirm"' not in html
    assert not Bumdes.objects.exists()
    template = client.get(reverse("core:import_template", args=["bumdes", "xlsx"]))
    assert template.status_code == 200
    assert client.get(reverse("core:import", args=["lain"])).status_code == 404
    assert client_for(bupati).get(url).status_code == 403
    assert client_for(bupati).post(url, {"sha256": "0" * 64, "file_name": "p.csv"}).status_code == 403


def test_import_confirm_imports_exactly_the_previewed_file_once(client_for, dpmd, media_root):
    client = client_for(dpmd)
    url = reverse("core:import", args=["potensi"])
    first = preview(client, "potensi", GOOD_POTENTIALS)
    other = GOOD_POTENTIALS.replace(b"Karet", b"Lada")
    preview(client, "potensi", other)  # a later preview of another file does not replace the first
    response = client.post(url, confirm_fields(first))
    record = ImportRecord.objects.get(status=ImportRecord.Status.APPLIED)
    assert response.status_code == 302 and response["Location"] == reverse(
        "core:import_record_detail", args=[record.pk]
    )
    assert set(VillagePotential.objects.values_list("commodity", flat=True)) == {
        "Ikan patin",
        "Karet",
        "Anyaman purun dari sampah plastik",
    }
    assert record.created == 3 and record.sha256 == confirm_fields(first)["sha256"]
    assert "p.csv diimpor: 3 baru, 0 diubah, 0 tetap." in client.get(response["Location"]).content.decode()

    again = client.post(url, confirm_fields(first))
    assert again.status_code == 400 and "tidak ditemukan atau sudah diimpor" in again.content.decode()
    assert VillagePotential.objects.count() == 3
    assert ImportRecord.objects.filter(status=ImportRecord.Status.APPLIED).count() == 1


def test_import_preview_shows_what_would_change(client_for, dpmd, media_root):
    client = client_for(dpmd)
    client.post(reverse("core:import", args=["potensi"]), confirm_fields(preview(client, "potensi", GOOD_POTENTIALS)))
    response = preview(client, "potensi", GOOD_POTENTIALS.replace(b"120", b"150"))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-action="updated"' in html and 'data-action="created"' not in html
    assert [(row.row, [(c.column, c.old, c.new) for c in row.changes]) for row in response.context["changed_rows"]] == [
        (2, [("volume", Decimal("120.00"), Decimal("150"))])
    ]
    assert "<del>120" in html

    response = preview(client, "potensi", GOOD_POTENTIALS)
    assert 'id="nothing-changes"' in response.content.decode() and response.context["changed_rows"] == []


def test_import_bumdes_preview_names_the_bumdes_and_its_units(client_for, dpmd, media_root):
    data = (
        b"kode_wilayah,nama_bumdes,kategori,status_unit,kinerja\n"
        + KUKAR_VILLAGE.encode()
        + b",BUMDes Perian Jaya,sembako,aktif,berhasil\n"
    )
    client = client_for(dpmd)
    response = preview(client, "bumdes", data, "b.csv")
    rows = response.context["changed_rows"]
    assert [(r.row, r.action, r.subject) for r in rows] == [
        (2, "created", "BUMDes Perian Jaya"),
        (2, "created", "unit Sembako & ritel"),
    ]
    response = client.post(reverse("core:import", args=["bumdes"]), confirm_fields(response))
    assert response.status_code == 302 and BumdesUnit.objects.get().bumdes.name == "BUMDes Perian Jaya"


def test_import_record_page_lists_what_the_import_changed(client_for, dpmd, media_root):
    client = client_for(dpmd)
    url = reverse("core:import", args=["potensi"])
    response = client.post(url, confirm_fields(preview(client, "potensi", GOOD_POTENTIALS)))
    page = client.get(response["Location"]).content.decode()
    patin = VillagePotential.objects.get(commodity="Ikan patin")
    assert page.count("data-changed=") == 3 and reverse("mapping:potential_edit", args=[patin.pk]) in page
    assert "<th>Komoditas</th>" in page and "Perikanan" in page

    response = client.post(url, confirm_fields(preview(client, "potensi", GOOD_POTENTIALS.replace(b"120", b"150"))))
    page = client.get(response["Location"]).content.decode()
    assert page.count("data-changed=") == 1 and f'data-changed="{patin.pk}"' in page  # only the changed row

    data = b"kode_wilayah,nama_bumdes,kategori\n" + KUKAR_VILLAGE.encode() + b",BUMDes Perian Jaya,sembako\n"
    response = client.post(reverse("core:import", args=["bumdes"]), confirm_fields(preview(client, "bumdes", data)))
    page = client.get(response["Location"]).content.decode()
    bumdes = Bumdes.objects.get()
    unit = BumdesUnit.objects.get()
    assert f'data-changed="bumdes-{bumdes.pk}"' in page and f'data-changed="unit-{unit.pk}"' in page
    assert page.count(reverse("mapping:bumdes_detail", args=[bumdes.pk])) == 2 and "Sembako &amp; ritel" in page


def test_import_another_user_cannot_confirm_your_file(client_for, dpmd, media_root):
    colleague = UserFactory(username="dpmd.kukar.2", role=Role.DPMD, region_id=KUKAR)
    fields = confirm_fields(preview(client_for(dpmd), "potensi", GOOD_POTENTIALS))
    response = client_for(colleague).post(reverse("core:import", args=["potensi"]), fields)
    assert response.status_code == 400 and not VillagePotential.objects.exists()
    response = client_for(dpmd).post(reverse("core:import", args=["potensi"]), fields)
    assert response.status_code == 302 and VillagePotential.objects.count() == 3


def test_bumdes_pages(client_for, dpmd, kukar_bumdes, kukar_village):
    client = client_for(dpmd)
    response = client.get(reverse("mapping:bumdes_list"))
    assert "BUMDes Maju Bersama" in response.content.decode()
    assert client.get(reverse("mapping:bumdes_list") + "?format=xlsx").status_code == 200
    detail = client.get(reverse("mapping:bumdes_detail", args=[kukar_bumdes.pk])).content.decode()
    assert "Sembako" in detail and "Tambah unit usaha" in detail
    response = client.post(
        reverse("mapping:unit_create", args=[kukar_bumdes.pk]),
        {"category": "klinik", "status": "aktif", "performance": "berhasil", "revenue_rp": "-1"},
    )
    assert response.status_code == 400 and "Tidak boleh negatif" in response.content.decode()
    response = client.post(
        reverse("mapping:unit_create", args=[kukar_bumdes.pk]),
        {"category": "klinik", "status": "aktif", "performance": "berhasil", "revenue_rp": "10"},
    )
    assert response.status_code == 302
    unit = BumdesUnit.objects.get(category="klinik")
    url = reverse("mapping:unit_edit", args=[unit.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "tidak_aktif", "performance": "merugi"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.status == "tidak_aktif"
    assert client.post(reverse("mapping:unit_delete", args=[unit.pk])).status_code == 302
    edit = reverse("mapping:bumdes_edit", args=[kukar_bumdes.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"name": "BUMDes Maju Bersama Perian", "legal_status": "berbadan_hukum"})
    assert response.status_code == 302
    assert client.get(reverse("mapping:bumdes_create")).status_code == 200
    response = client.post(
        reverse("mapping:bumdes_create"), {"village": KUKAR_KELURAHAN, "name": "X", "legal_status": "berbadan_hukum"}
    )
    assert response.status_code == 400 and "kelurahan" in response.content.decode()
    response = client.post(
        reverse("mapping:bumdes_create"),
        {"village": "64.02.01.2003", "name": "BUMDes Muara Aloh", "legal_status": "belum_berbadan_hukum"},
    )
    assert response.status_code == 302
    assert client.post(reverse("mapping:bumdes_delete", args=[kukar_bumdes.pk])).status_code == 302
    assert not Bumdes.objects.filter(pk=kukar_bumdes.pk).exists()


def test_bumdes_pages_scope(client_for, kukar_officer, bupati, paser_bumdes, kukar_bumdes):
    client = client_for(kukar_officer)
    paser_unit = paser_bumdes.units.get()
    for name, args in [
        ("mapping:bumdes_detail", [paser_bumdes.pk]),
        ("mapping:bumdes_edit", [paser_bumdes.pk]),
        ("mapping:unit_edit", [paser_unit.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args in [
        ("mapping:bumdes_delete", [paser_bumdes.pk]),
        ("mapping:unit_create", [paser_bumdes.pk]),
        ("mapping:unit_delete", [paser_unit.pk]),
    ]:
        assert client.post(reverse(name, args=args), {"category": "lpg"}).status_code == 404, name
    reader = client_for(bupati)
    own_unit = kukar_bumdes.units.first()
    assert reader.get(reverse("mapping:bumdes_detail", args=[kukar_bumdes.pk])).status_code == 200
    assert (
        "Tambah unit usaha" not in reader.get(reverse("mapping:bumdes_detail", args=[kukar_bumdes.pk])).content.decode()
    )
    assert reader.get(reverse("mapping:bumdes_create")).status_code == 403
    assert reader.get(reverse("mapping:bumdes_edit", args=[kukar_bumdes.pk])).status_code == 403
    assert reader.get(reverse("mapping:unit_edit", args=[own_unit.pk])).status_code == 403
    for name, args in [
        ("mapping:bumdes_delete", [kukar_bumdes.pk]),
        ("mapping:unit_create", [kukar_bumdes.pk]),
        ("mapping:unit_delete", [own_unit.pk]),
    ]:
        assert reader.post(reverse(name, args=args), {"category": "lpg"}).status_code == 403, name
    assert Bumdes.objects.count() == 2 and BumdesUnit.objects.count() == 3


def test_verdict_check_page(client_for, kukar_officer, kukar_bumdes):
    client = client_for(kukar_officer)
    url = reverse("mapping:verdict_check")
    response = client.get(url, {"village": KUKAR_VILLAGE, "category": "sembako"})
    content = response.content.decode()
    assert 'data-verdict="tumpang_tindih"' in content and "BUMDes Maju Bersama" in content
    response = client.get(url, {"village": KUKAR_KELURAHAN, "category": "sembako"}, HTTP_HX_REQUEST="true")
    assert 'data-verdict="boleh"' in response.content.decode() and b"<html" not in response.content
    response = client.get(url, {"village": PASER_VILLAGE, "category": "sembako"})
    assert response.status_code == 400 and "di luar wilayah" in response.content.decode()
    assert client.get(url, {"village": KUKAR_VILLAGE, "category": "tambang"}).status_code == 400


def test_overlap_list_and_decision(client_for, dpmd, bupati, kukar_overlap, paser_overlap, paser_officer):
    client = client_for(dpmd)
    content = client.get(reverse("mapping:overlap_list")).content.decode()
    assert kukar_overlap.name in content and paser_overlap.name not in content
    assert "Catat keputusan" in content
    assert "Catat keputusan" not in client_for(bupati).get(reverse("mapping:overlap_list")).content.decode()
    data = {"cooperative": kukar_overlap.pk, "category": "sembako", "decision": "kemitraan", "note": "Bermitra"}
    assert client_for(bupati).post(reverse("mapping:overlap_decide"), data).status_code == 403
    assert client_for(paser_officer).post(reverse("mapping:overlap_decide"), data).status_code == 404
    client = client_for(dpmd)
    response = client.post(reverse("mapping:overlap_decide"), {**data, "decision": "ambil_alih"})
    assert response.status_code == 302 and not OverlapDecision.objects.exists()
    response = client.post(reverse("mapping:overlap_decide"), {**data, "category": "pertanian"})
    assert not OverlapDecision.objects.exists()
    response = client.post(reverse("mapping:overlap_decide"), data)
    assert response.status_code == 302 and OverlapDecision.objects.count() == 1
    resolved = client.get(reverse("mapping:overlap_list") + "?state=resolved").content.decode()
    assert "Bermitra dengan BUMDes" in resolved


def test_regency_view_page(client_for, kukar_officer, paser_officer, camat, kukar_overlap, kukar_potential):
    client = client_for(kukar_officer)
    content = client.get(reverse("mapping:regency_view")).content.decode()
    assert "Kutai Kartanegara" in content and 'media="print"' in content
    assert "Patin" in content and "Melayu" in content
    response = client.get(reverse("mapping:regency_view") + "?region=64.02&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("mapping:regency_view") + "?region=64.01").status_code == 404
    assert client_for(paser_officer).get(reverse("mapping:regency_view") + "?region=64.02.01").status_code == 404
    assert client_for(camat).get(reverse("mapping:regency_view")).status_code == 200
    assert client_for(camat).get(reverse("mapping:regency_view") + "?region=64.02").status_code == 404


def test_regency_view_by_name_and_its_map(client_for, kukar_officer, paser_officer, kukar_potential):
    """Officials open the opportunity map by a place's name; the children are drawn coloured by their unserved
    potentials once boundaries are loaded (inline SVG, no script, so it prints too)."""
    from kopdes.regions.tests.boundary_data import load_kaltim

    url = reverse("mapping:regency_view")
    client = client_for(kukar_officer)
    page = client.get(url, {"region": "tenggarong"})
    assert page.status_code == 200 and page.context["region"].code == "64.02.06"
    assert "<svg" not in page.content.decode().split('id="children-heading"')[0].split("<h1>")[1]  # no boundaries yet
    load_kaltim(("64.02",))
    html = client.get(url, {"region": "Kutai Kartanegara"}).content.decode()
    assert 'class="opportunity-map"' in html and html.count('<path d="M') == 20
    # A name outside the scope: a message next to the field, the page stays on the officer's own regency.
    response = client_for(paser_officer).get(url, {"region": "Tenggarong"})
    assert response.status_code == 200 and response.context["region"].code == "64.01"
    assert 'class="errorlist' in response.content.decode()
