"""Pages and API with the personas: the region's list and export, a cooperative's history, the visit form, the
weights; 404 outside the scope, 403 for the read-only pimpinan and the roles that may not write."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from kopdes.assessment import services
from kopdes.assessment.models import Visit, WeightSettings
from kopdes.assessment.tests.conftest import MONTH, TODAY, make_legal
from kopdes.tests.factories import KUKAR, PASER

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def assessed(trading_coop, paser_coop):
    make_legal(paser_coop)
    services.assess_month(month=D(2026, 10, 1), today=TODAY)
    services.assess_month(month=MONTH, today=TODAY)
    return trading_coop


def test_region_page(client_for, kukar_officer, assessed):
    response = client_for(kukar_officer).get("/penilaian/", {"region": KUKAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-count="berkembang"' in html or 'data-count="kurang_aktif"' in html
    assert f'data-cooperative="{assessed.pk}"' in html
    assert 'id="activity-children"' in html and "<svg" in html
    assert "Langkah berikutnya" in html


def test_region_page_htmx_and_filter(client_for, kukar_officer, assessed):
    response = client_for(kukar_officer).get("/penilaian/", {"region": KUKAR, "category": "papan_nama"},
                                             HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200
    assert "<html" not in response.content.decode()


def test_region_outside_scope_is_404(client_for, paser_officer, camat, pengurus, assessed):
    assert client_for(paser_officer).get("/penilaian/", {"region": KUKAR}).status_code == 404
    assert client_for(camat).get("/penilaian/", {"region": KUKAR}).status_code == 404
    assert client_for(pengurus).get("/penilaian/").status_code == 404  # a cooperative's user has no region page


def test_export_xlsx(client_for, kukar_officer, assessed):
    response = client_for(kukar_officer).get("/penilaian/", {"region": KUKAR, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("bulan", "kode_desa", "desa")
    assert len(rows) == 2 and rows[1][0] == "2026-11"


def test_cooperative_history(client_for, kukar_officer, bupati, paser_officer, assessed):
    url = f"/penilaian/koperasi/{assessed.pk}/"
    html = client_for(bupati).get(url).content.decode()
    assert 'data-month="2026-11"' in html and 'data-month="2026-10"' in html
    assert 'data-indicator="sales"' in html
    assert 'data-changes="2026-11"' in html  # the sales of November moved the score since October
    assert "Catat kunjungan" not in html  # the pimpinan reads only
    assert client_for(paser_officer).get(url).status_code == 404


def test_cooperative_panel(client_for, kukar_officer, assessed):
    html = client_for(kukar_officer).get(f"/koperasi/{assessed.pk}/").content.decode()
    assert 'id="coop-activity"' in html and "data-score=" in html


VISIT = {"visited_on": "2026-11-20", "checklist": ["office_open", "gerai_open"], "notes": "Gerai buka.",
         "latitude": "-0.70", "longitude": "116.70", "verdict": "confirm", "category_proposed": ""}  # fmt: skip


def test_visit_form(client_for, camat, assessed):
    client = client_for(camat)
    page = client.get(f"/penilaian/koperasi/{assessed.pk}/kunjungan/")
    assert page.status_code == 200 and "geolocation=(self)" in page["Permissions-Policy"]
    response = client.post(f"/penilaian/koperasi/{assessed.pk}/kunjungan/", VISIT)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.visitor == camat and visit.checks == 2
    far = client.post(f"/penilaian/koperasi/{assessed.pk}/kunjungan/", VISIT | {"latitude": "-2.5"})
    assert far.status_code == 400 and "Posisi GPS" in far.content.decode()


def test_visit_with_photo(client_for, camat, assessed, bupati, paser_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kopdes.tests.factories import PNG_BYTES

    photo = SimpleUploadedFile("gerai.png", PNG_BYTES, content_type="image/png")
    client_for(camat).post(f"/penilaian/koperasi/{assessed.pk}/kunjungan/", VISIT | {"photo": photo})
    visit = Visit.objects.get()
    assert visit.photo and visit.photo_type == "image/png"
    assert client_for(bupati).get(f"/penilaian/kunjungan/{visit.pk}/foto/").status_code == 200
    assert client_for(paser_officer).get(f"/penilaian/kunjungan/{visit.pk}/foto/").status_code == 404


def test_visit_refused(client_for, bupati, paser_officer, pengurus, assessed):
    url = f"/penilaian/koperasi/{assessed.pk}/kunjungan/"
    assert client_for(bupati).post(url, VISIT).status_code == 403
    assert client_for(pengurus).post(url, VISIT).status_code == 403
    assert client_for(paser_officer).post(url, VISIT).status_code == 404
    assert not Visit.objects.exists()


def _weights(**changes):
    data = {"w_gerai": 12, "w_sales": 18, "w_members": 10, "w_wajib": 10, "w_report": 10, "w_training": 10,
            "w_board": 8, "w_rat": 8, "w_financing": 6, "w_visit": 8, "visit_radius_m": 2500, "version": 0}  # fmt: skip
    return data | changes


def test_weights_page(client_for, kukar_officer, bupati, paser_officer, db):
    url = f"/penilaian/bobot/?region={KUKAR}"
    assert client_for(bupati).get(url).status_code == 200
    assert client_for(bupati).post(url, _weights()).status_code == 403
    assert client_for(paser_officer).get(url).status_code == 404
    client = client_for(kukar_officer)
    assert client.post(url, _weights(w_gerai=20)).status_code == 400  # adds up to 108
    assert client.post(url, _weights()).status_code == 302
    assert WeightSettings.objects.get(regency_id=KUKAR).visit_radius_m == 2500
    assert client.post(url, _weights()).status_code == 409  # the page still says version 0
    assert "Riwayat perubahan" in client.get(url).content.decode()


def test_run_button(client_for, kukar_officer, bupati, assessed):
    assert client_for(bupati).post(f"/penilaian/jalankan/?region={KUKAR}").status_code == 403
    assert client_for(kukar_officer).post(f"/penilaian/jalankan/?region={KUKAR}").status_code == 302


# --- API -----------------------------------------------------------------------------------------------------


def test_api_assessment(client_for, bupati, paser_officer, assessed):
    url = f"/api/v1/cooperatives/{assessed.pk}/assessment"
    body = client_for(bupati).get(url, {"month": "2026-11"}).json()
    assert body["month"] == "2026-11" and body["category"] in ("aktif", "berkembang", "kurang_aktif", "papan_nama")
    assert {"indicator", "points", "evidence"} <= set(body["reasons"][0])
    assert isinstance(body["missing"], list)
    assert client_for(bupati).get(url, {"month": "2025-01"}).status_code == 404
    assert client_for(bupati).get(url, {"month": "bulan"}).status_code in (400, 422)
    assert client_for(paser_officer).get(url).status_code == 404
    history = client_for(bupati).get(f"/api/v1/cooperatives/{assessed.pk}/assessments").json()
    assert [row["month"] for row in history] == ["2026-11", "2026-10"]


def test_api_attention(client_for, kukar_officer, paser_officer, assessed):
    body = client_for(kukar_officer).get("/api/v1/assessment/attention", {"region": KUKAR}).json()
    assert [item["cooperative_id"] for item in body["items"]] == [assessed.pk]
    assert client_for(paser_officer).get("/api/v1/assessment/attention", {"region": KUKAR}).status_code == 404
    body = client_for(paser_officer).get("/api/v1/assessment/attention", {"region": PASER}).json()
    assert body["count"] == 1


def test_api_visits(client_for, camat, bupati, paser_officer, assessed):
    url = f"/api/v1/cooperatives/{assessed.pk}/visits"
    data = {"visited_on": "2026-11-20", "latitude": -0.7, "longitude": 116.7, "checklist": ["office_open"],
            "verdict": "contest", "category_proposed": "berkembang"}  # fmt: skip
    assert client_for(bupati).post(url, data).status_code == 403
    assert client_for(paser_officer).post(url, data).status_code == 404
    response = client_for(camat).post(url, data)
    assert response.status_code == 201, response.content
    assert response.json()["category_proposed"] == "berkembang"
    assert client_for(bupati).get(url).json()[0]["checklist"]["office_open"] is True


def test_api_weights(client_for, kukar_officer, bupati, paser_officer, db):
    url = f"/api/v1/assessment/weights/{KUKAR}"
    assert client_for(bupati).get(url).json()["is_default"] is True
    weights = {"gerai": 12, "sales": 18, "members": 10, "wajib": 10, "report": 10, "training": 10, "board": 8,
               "rat": 8, "financing": 6, "visit": 8}  # fmt: skip
    payload = {"weights": weights, "visit_radius_m": 3000}
    assert client_for(bupati).put(url, payload, content_type="application/json").status_code == 403
    assert client_for(paser_officer).put(url, payload, content_type="application/json").status_code == 404
    response = client_for(kukar_officer).put(url, payload, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 1
    stale = client_for(kukar_officer).put(url, payload | {"version": 0}, content_type="application/json")
    assert stale.status_code == 409


def test_region_page_panel_and_progress_api(client_for, kukar_officer, assessed):
    html = client_for(kukar_officer).get(f"/wilayah/{KUKAR}/").content.decode()
    assert 'id="activity"' in html and 'data-count="papan_nama"' in html
    block = client_for(kukar_officer).get(f"/api/v1/progress/{KUKAR}").json()["activity"]
    assert block["month"] == "2026-11"
    assert sum(v for k, v in block.items() if k != "month") == 1
