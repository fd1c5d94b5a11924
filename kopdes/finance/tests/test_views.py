"""Pages: the prerequisites list names what is missing, the proposal and approval forms, the regency view with
arrears and the child-region table, exports, the cooperative and region panels, the rules page."""

import io

import openpyxl

from kopdes.finance.models import Application, FinancingRule


def test_prerequisites_show_what_is_missing(client_for, pengurus, kukar_coop):
    page = client_for(pengurus).get(f"/pembiayaan/koperasi/{kukar_coop.pk}/ajukan/").content.decode()
    assert 'data-prerequisite="nib" data-ok="0"' in page
    assert "NPWP koperasi</strong> — belum ada" in page


def test_application_form_creates_a_draft(client_for, pengurus, ready_coop, bri):
    response = client_for(pengurus).post(f"/pembiayaan/koperasi/{ready_coop.pk}/ajukan/", {
        "bank": bri.pk, "amount_rp": 800_000_000, "tenor_months": 72, "grace_months": 6, "dana_desa_1_rp": 0,
        "dana_desa_2_rp": 0, "dana_desa_3_rp": 0})  # fmt: skip
    application = Application.objects.get()
    assert response.url == f"/pembiayaan/{application.pk}/"
    assert application.status == "draft" and application.rate_bp == 600


def test_application_form_refuses_grace_outside_the_rule(client_for, pengurus, ready_coop, bri):
    response = client_for(pengurus).post(f"/pembiayaan/koperasi/{ready_coop.pk}/ajukan/", {
        "bank": bri.pk, "amount_rp": 800_000_000, "tenor_months": 80, "grace_months": 6, "dana_desa_1_rp": 0,
        "dana_desa_2_rp": 0, "dana_desa_3_rp": 0})  # fmt: skip
    assert response.status_code == 200
    assert "Tenor paling lama 72 bulan" in response.content.decode()
    assert not Application.objects.exists()


def test_regency_view_lists_arrears_and_children(client_for, kukar_officer, running):
    page = client_for(kukar_officer).get("/pembiayaan/?region=64.02").content.decode()
    assert 'id="arrears"' in page and running.cooperative.name in page
    assert "Muara Muntai" in page  # the kecamatan row
    assert "Rp 1.000.000.000" in page


def test_export_xlsx(client_for, kukar_officer, running):
    response = client_for(kukar_officer).get("/pembiayaan/?region=64.02&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "id" and rows[1][6] == 1_000_000_000


def test_detail_shows_schedule_totals(client_for, pengurus, running):
    page = client_for(pengurus).get(f"/pembiayaan/{running.pk}/").content.decode()
    assert 'id="schedule"' in page and "Rp 47.572.734" in page and "14 Desember 2026" in page


def test_cooperative_and_region_panels(client_for, kukar_officer, running):
    client = client_for(kukar_officer)
    page = client.get(f"/koperasi/{running.cooperative.pk}/").content.decode()
    assert 'id="finance"' in page and 'id="coop-applications"' in page
    region = client.get("/wilayah/64.02/").content.decode()
    assert 'id="financing-cards"' in region


def test_repayment_over_due_is_refused_on_the_page(client_for, kukar_officer, running):
    client = client_for(kukar_officer)
    response = client.post(f"/pembiayaan/{running.pk}/bayar/", {"date": "2026-01-12", "amount_rp": 6_000_000},
                           follow=True)  # fmt: skip
    assert "pelunasan dipercepat" in response.content.decode()
    assert not running.repayments.exists()


def test_rules_page_edit_by_national_admin(client_for, national_admin, kukar_officer):
    rule = FinancingRule.objects.get(key="opex_max_rp")
    body = {"rule": rule.pk, "version": rule.version, "value": 600_000_000, "text": "", "legal_source": "PMK baru",
            "note": ""}  # fmt: skip
    assert client_for(kukar_officer).post("/pembiayaan/aturan/", body).status_code == 403
    client_for(national_admin).post("/pembiayaan/aturan/", body)
    rule.refresh_from_db()
    assert (rule.value, rule.legal_source) == (600_000_000, "PMK baru")
    assert "Permendes 10/2025" in client_for(kukar_officer).get("/pembiayaan/aturan/").content.decode()


def test_dossier_pdf(client_for, running, pengurus, paser_officer):
    """The application's dossier: a real PDF for those who see the application; its HTML carries the cover, the
    prerequisites with their numbers, the budget by kind of spending, the approval and the schedule."""
    from kopdes.finance.pdf import dossier_html

    url = f"/pembiayaan/{running.pk}/berkas.pdf"
    response = client_for(pengurus).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for(paser_officer).get(url).status_code == 404
    html = dossier_html(running)
    assert "AHU-0001.AH.01.29.TAHUN 2025" in html and "BELUM ADA" not in html
    assert "140/12/PRN/2025" in html and "PK-BRI/2025/001" in html
    assert "Rp 1.000.000.000" in html and html.count("<tr><td>") >= 12
