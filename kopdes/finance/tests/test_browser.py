"""In a real browser: a cooperative prepares an application, the prerequisites list names what is missing (NIB), the
registry gets its NIB, the kepala desa approves on the page, and the regency officer follows it through the bank's
steps to disbursement and the schedule."""

import pytest

from kopdes.conftest import browser_login
from kopdes.cooperatives.models import Cooperative
from kopdes.finance import services
from kopdes.finance.models import Application
from kopdes.finance.tests.conftest import ready
from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE, UserFactory, cooperative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-123"


def _user(username, **fields):
    user = UserFactory(username=username, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def _as(page, username):
    page.context.clear_cookies()
    browser_login(page, username, PASSWORD)


def test_application_from_draft_to_disbursement(browser_page):
    from kopdes.regions.services import regions_load

    page, base = browser_page, browser_page.base_url
    regions_load(provinces=["64"])
    coop = ready(cooperative(KUKAR_VILLAGE))
    Cooperative.objects.filter(pk=coop.pk).update(nib=None)
    bank = services.partner_create(actor=None, name="BRI Cabang Tenggarong", kind="bank")
    _user("pengurus.perian", role="pengurus", cooperative=coop)
    _user("kades.perian", role="kepala_desa", region_id=KUKAR_VILLAGE)
    _user("dinas.kukar", role="admin", region_id=KUKAR)

    _as(page, "pengurus.perian")
    page.goto(f"{base}/pembiayaan/koperasi/{coop.pk}/ajukan/")
    assert page.locator('[data-prerequisite="nib"]').get_attribute("data-ok") == "0"
    assert "NIB koperasi" in page.locator('[data-prerequisite="nib"]').inner_text()
    page.select_option("select[name=bank]", str(bank.pk))
    page.fill("input[name=amount_rp]", "1000000000")
    page.fill("input[name=tenor_months]", "12")
    page.fill("input[name=grace_months]", "6")
    with page.expect_navigation():
        page.click("#application-form button[type=submit]")
    application = Application.objects.get()
    page.click("#line-form >> xpath=.. >> summary")
    page.select_option("#line-form select[name=activity]", "pergudangan")
    page.select_option("#line-form select[name=spending]", "capex")
    page.fill("#line-form input[name=description]", "Gudang dingin")
    page.fill("#line-form input[name=amount_rp]", "1000000000")
    with page.expect_navigation():
        page.click("#line-form button[type=submit]")
    assert "Gudang dingin" in page.locator("#lines").inner_text()

    Cooperative.objects.filter(pk=coop.pk).update(nib="9120000000077")  # the registry gets its NIB

    _as(page, "kades.perian")
    page.goto(f"{base}/pembiayaan/{application.pk}/")
    assert page.locator('[data-prerequisite="nib"]').get_attribute("data-ok") == "1"
    page.click("#approve-form >> xpath=.. >> summary")
    page.fill("#approve-form input[name=name]", "Kepala Desa Perian")
    page.fill("#approve-form input[name=number]", "140/12/PRN/2025")
    page.fill("#approve-form input[name=approved_on]", "2025-09-20")
    page.fill("#approve-form input[name=musyawarah_date]", "2025-09-15")
    page.fill("#approve-form input[name=musyawarah_number]", "BA-MUSDES/07/2025")
    with page.expect_navigation():
        page.click("#approve-form button[type=submit]")
    assert page.locator("#status").get_attribute("data-status") == "disetujui_desa"

    _as(page, "dinas.kukar")
    for _step in range(3):
        page.goto(f"{base}/pembiayaan/{application.pk}/")
        page.click("#advance-form >> xpath=.. >> summary")
        if page.locator("#status").get_attribute("data-status") == "dinilai":
            page.fill("#advance-form input[name=agreement_number]", "PK-BRI/2025/001")
            page.fill("#advance-form input[name=agreement_date]", "2025-11-01")
            page.fill("#advance-form input[name=first_due_date]", "2026-01-12")
        with page.expect_navigation():
            page.click("#advance-form button[type=submit]")
    assert page.locator("#status").get_attribute("data-status") == "perjanjian"
    page.click("#disburse-form >> xpath=.. >> summary")
    page.fill("#disburse-form input[name=date]", "2025-11-10")
    page.fill("#disburse-form input[name=amount_rp]", "1000000000")
    with page.expect_navigation():
        page.click("#disburse-form button[type=submit]")
    assert page.locator("#status").get_attribute("data-status") == "dicairkan"
    assert page.locator("#schedule tbody tr").count() == 12
    page.goto(f"{base}/pembiayaan/?region={KUKAR}")
    assert "1 pengajuan" in page.locator("#results").inner_text()
    assert page.locator("#arrears").count() == 1  # nothing paid since January: in arrears today
