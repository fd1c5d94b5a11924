import datetime

import pytest
from django.test import Client
from django.urls import reverse

from kopdes.reporting.choices import FormKind, Status
from kopdes.reporting.models import Report
from kopdes.reporting.tests.conftest import backdate
from kopdes.tests.factories import KUKAR, MUARA_MUNTAI


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def opened(camat, kukar_coop):
    backdate(kukar_coop, datetime.date(2026, 3, 1))
    response = client_for(camat).post(
        reverse("reporting:report_create"), {"kind": FormKind.CAMAT, "period": "2026-10", "district": MUARA_MUNTAI}
    )
    assert response.status_code == 302
    return Report.objects.get(kind=FormKind.CAMAT, region_id=MUARA_MUNTAI)


def test_camat_fills_submits_regency_returns_and_approves(opened, camat, kukar_officer, bupati):
    url = reverse("reporting:report_detail", args=[opened.pk])
    camat_client = client_for(camat)
    page = camat_client.get(url)
    assert page.status_code == 200 and b'id="derived-table"' in page.content and b'id="typed-form"' in page.content
    response = camat_client.post(url, {"version": 1, "narrative": "Musdesus selesai.", "action": "submit"})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.status == Status.SUBMITTED
    # The bupati reads but may not review (403); Paser does not even see it (404, checked in the route walk).
    review = reverse("reporting:report_review", args=[opened.pk])
    assert client_for(bupati).get(url).status_code == 200
    assert client_for(bupati).post(review, {"version": opened.version, "action": "approve"}).status_code == 403
    office = client_for(kukar_officer)
    assert b'id="review-form"' in office.get(url).content
    response = office.post(
        review, {"version": opened.version, "narrative": "Sebutkan desa yang tertinggal.", "action": "return"}
    )
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.status == Status.RETURNED
    page = camat_client.get(url)
    assert "Sebutkan desa yang tertinggal." in page.content.decode()
    stale = camat_client.post(url, {"version": 1, "narrative": "x", "action": "submit"})
    assert stale.status_code == 409
    camat_client.post(url, {"version": opened.version, "narrative": "Desa A, B.", "action": "submit"})
    opened.refresh_from_db()
    assert opened.status == Status.RESUBMITTED
    office.post(review, {"version": opened.version, "action": "approve"})
    opened.refresh_from_db()
    assert opened.status == Status.APPROVED
    rates = office.get(reverse("reporting:rates"), {"region": KUKAR, "period": "2026-10"})
    assert rates.status_code == 200 and b'id="rate-total"' in rates.content
    xlsx = office.get(reverse("reporting:consolidated"), {"region": KUKAR, "period": "2026-10"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_scope_and_read_only(opened, paser_officer, bupati, pengurus):
    url = reverse("reporting:report_detail", args=[opened.pk])
    assert client_for(paser_officer).get(url).status_code == 404
    assert client_for(pengurus).get(url).status_code == 404
    assert client_for(bupati).post(url, {"version": 1, "action": "save"}).status_code == 403
    assert client_for(bupati).get(reverse("reporting:report_create")).status_code == 403
    assert client_for(paser_officer).get(reverse("reporting:rates"), {"region": KUKAR}).status_code == 404
    listing = client_for(paser_officer).get(reverse("reporting:report_list"))
    assert listing.status_code == 200 and f'data-report="{opened.pk}"'.encode() not in listing.content


def test_negative_figure_is_refused_on_the_page(pengurus, kukar_coop):
    backdate(kukar_coop, datetime.date(2026, 3, 1))
    client = client_for(pengurus)
    response = client.post(
        reverse("reporting:report_create"),
        {"kind": FormKind.KOPERASI, "period": "2026-10", "cooperative": kukar_coop.pk},
    )
    report = Report.objects.get(kind=FormKind.KOPERASI)
    assert response.status_code == 302
    url = reverse("reporting:report_detail", args=[report.pk])
    response = client.post(url, {"version": 1, "figures.members": "-4", "action": "save"})
    assert response.status_code == 400
    future = client.post(
        reverse("reporting:report_create"),
        {"kind": FormKind.KOPERASI, "period": "2026-12", "cooperative": kukar_coop.pk},
    )
    assert future.status_code == 400
    detail = client_for(pengurus).get(reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk]))
    assert b'id="coop-reports"' in detail.content


def test_consolidated_pdf_and_settings(kukar_officer, bupati, paser_officer):
    office = client_for(kukar_officer)
    pdf = office.get(reverse("reporting:consolidated_pdf"), {"region": KUKAR, "period": "2026-10"})
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    url = reverse("reporting:report_settings") + f"?region={KUKAR}"
    forms = ("camat_bulanan", "koperasi_bulanan", "pendamping_bulanan")
    body = {**{f"{k}_period_type": "bulanan" for k in forms}, **{f"{k}_due_day": 5 for k in forms}}
    assert client_for(bupati).post(url, body).status_code == 403
    assert client_for(paser_officer).get(url).status_code == 404
    assert office.post(url, {**body, "camat_bulanan_due_day": 31}).status_code == 400
    assert office.post(url, body).status_code == 302
    from kopdes.reporting.selectors import form_setting

    assert form_setting(KUKAR, FormKind.CAMAT) == ("bulanan", 5)
    assert office.get(url).status_code == 200


def test_camat_reads_the_regency_settings_from_the_nav(camat, national_admin):
    page = client_for(camat).get(reverse("reporting:report_settings"))
    assert page.status_code == 200 and b'id="settings-form"' in page.content
    assert b'name="camat_bulanan_due_day"' not in page.content  # read-only for the camat
    assert client_for(national_admin).get(reverse("reporting:report_settings")).status_code == 200


def test_the_camat_finds_last_month_filled_in(camat):
    client = client_for(camat)
    listing = client.get(reverse("reporting:report_list"))
    assert b'id="quick-report"' in listing.content
    form = client.get(reverse("reporting:report_create"), {"kind": "camat_bulanan", "district": MUARA_MUNTAI})
    assert f'value="{MUARA_MUNTAI}" selected'.encode() in form.content
