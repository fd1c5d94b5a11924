"""The books' PDFs: the statements of a year (WeasyPrint lays them out) and the SHU slips, one per member, or one
member's slip; scoped like the pages."""

import datetime

from kopdes.books import pdf, selectors, services

D = datetime.date


def _year(member, kukar_coop):
    services.saving_record(actor=None, member=member, day=D(2025, 7, 1), kind="pokok", amount=100_000)
    services.sale_record(actor=None, cooperative=kukar_coop, day=D(2025, 8, 1), category="sembako", value=2_000_000,
                         cost=1_500_000, member=member)  # fmt: skip


def test_statements_pdf(client_for, pengurus, paser_officer, member, kukar_coop):
    _year(member, kukar_coop)
    url = f"/pembukuan/koperasi/{kukar_coop.pk}/laporan/?tahun=2025&format=pdf"
    response = client_for(pengurus).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "laporan-keuangan-64.02.01.2001-2025.pdf" in response[
        "Content-Disposition"]  # fmt: skip
    assert client_for(paser_officer).get(url).status_code == 404
    html = pdf.statements_html(
        cooperative=kukar_coop, result=selectors.year_statements(cooperative=kukar_coop, year=2025), year=2025
    )
    assert "Rp 500.000" in html and "Perhitungan hasil usaha" in html and "Neraca seimbang" in html


def test_shu_slips_pdf(client_for, pengurus, member, member_p, kukar_coop):
    _year(member, kukar_coop)
    client = client_for(pengurus)
    url = f"/pembukuan/koperasi/{kukar_coop.pk}/shu/?tahun=2025&format=pdf"
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    one = client.get(url + "&anggota=A-001")
    assert one.status_code == 200 and "slip-shu-64.02.01.2001-2025-A-001.pdf" in one["Content-Disposition"]
    assert client.get(url + "&anggota=TIDAK-ADA").status_code == 404
    result = selectors.shu_for(cooperative=kukar_coop, year=2025)
    result["members"][0]["name"] = "Budi"
    html = pdf.shu_slips_html(cooperative=kukar_coop, result=result, year=2025, members=result["members"])
    assert html.count('class="slip"') == len(result["members"]) == 1
    assert "Budi" in html and "Jumlah SHU diterima" in html
