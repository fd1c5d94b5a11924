"""Issue 16's "done when" in a real browser at phone size (360 px): the camat opens the pre-filled report, types the
narrative and submits; the regency returns it with a comment; the camat resubmits; the regency approves; the rate
changes."""

import datetime

import pytest

from kopdes.accounts.choices import Role
from kopdes.conftest import browser_login
from kopdes.reporting.models import Report
from kopdes.reporting.tests.conftest import backdate
from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE, MUARA_MUNTAI, UserFactory, cooperative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
PASSWORD = "rahasia-uji-123"


def user(username, role, region, first_name):
    account = UserFactory(username=username, role=role, region_id=region, first_name=first_name, last_name="")
    account.set_password(PASSWORD)
    account.save()
    return account


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_camat_submits_office_returns_camat_resubmits_office_approves(browser_page):
    from kopdes.regions.services import regions_load

    regions_load(provinces=["64"])  # a transactional test starts from an empty database
    backdate(cooperative(KUKAR_VILLAGE), datetime.date(2026, 3, 1))
    user("camat.muaramuntai", Role.CAMAT, MUARA_MUNTAI, "Camat Muara Muntai")
    user("dinkop.kukar", Role.ADMIN, KUKAR, "Petugas Dinas Kukar")
    page = browser_page
    page.set_viewport_size(PHONE)
    rates = f"{page.base_url}/laporan/tingkat/?region={KUKAR}&period=2026-10"

    browser_login(page, "camat.muaramuntai", PASSWORD)
    page.goto(f"{page.base_url}/laporan/baru/")
    page.select_option("select[name=kind]", "camat_bulanan")
    page.fill("input[name=period]", "2026-10")
    page.select_option("select[name=district]", MUARA_MUNTAI)
    with page.expect_navigation():
        page.click("#new-report button[type=submit]")
    report = Report.objects.get()
    assert page.url.endswith(f"/laporan/{report.pk}/")
    assert page.is_visible("#derived-table")  # pre-filled
    assert fits_the_phone(page)
    page.fill("textarea[name=narrative]", "Tiga belas desa sudah musyawarah; akta menunggu notaris.")
    with page.expect_navigation():
        page.click("#submit-report")
    assert "Dikirim" in page.text_content("#report-meta")

    page.context.clear_cookies()
    browser_login(page, "dinkop.kukar", PASSWORD)
    page.goto(rates)
    assert page.text_content('#rate-forms tr[data-kind="camat_bulanan"] td:nth-child(5)').strip() == "0"
    page.goto(f"{page.base_url}/laporan/{report.pk}/")
    page.fill("#review-form input[name=narrative]", "Sebutkan desa yang belum akta.")
    with page.expect_navigation():
        page.click("#return-report")
    assert "Dikembalikan" in page.text_content("#report-meta")

    page.context.clear_cookies()
    browser_login(page, "camat.muaramuntai", PASSWORD)
    page.goto(f"{page.base_url}/laporan/{report.pk}/")
    assert "Sebutkan desa yang belum akta." in page.text_content("#review-comments")
    assert fits_the_phone(page)
    page.fill("textarea[name=narrative]", "Belum akta: Perian dan Muara Leka (menunggu notaris).")
    with page.expect_navigation():
        page.click("#submit-report")
    assert "Dikirim ulang" in page.text_content("#report-meta")

    page.context.clear_cookies()
    browser_login(page, "dinkop.kukar", PASSWORD)
    page.goto(f"{page.base_url}/laporan/{report.pk}/")
    with page.expect_navigation():
        page.click("#approve-report")
    assert "Disetujui" in page.text_content("#report-meta")
    page.goto(rates)
    assert page.text_content('#rate-forms tr[data-kind="camat_bulanan"] td:nth-child(5)').strip() == "1"
    assert page.text_content('#rate-forms tr[data-kind="camat_bulanan"] td:nth-child(3)').strip() == "1"
    assert fits_the_phone(page)
