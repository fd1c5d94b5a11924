"""In a real browser: the Kukar officer records a meeting and a decision for every camat; the camat of Tenggarong
signs in, reports and closes their item; the regency's figures change."""

import pytest

from kopdes.accounts.choices import Role
from kopdes.conftest import browser_login
from kopdes.taskforce.models import ActionItem
from kopdes.tests.factories import KUKAR, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-123"
TENGGARONG = "64.02.06"


def _user(username, role, region):
    user = UserFactory(username=username, role=role, region_id=region)
    user.set_password(PASSWORD)
    user.save()
    return user


def _count(page, key: str) -> str:
    return page.inner_text(f'[data-count="{key}"]').strip()


def test_meeting_decision_for_every_camat_closed_by_camat_tenggarong(browser_page):
    from kopdes.regions.services import regions_load

    page = browser_page
    regions_load(provinces=["64"])  # a transactional test may start from an empty database
    _user("dinkop.kukar", Role.ADMIN, KUKAR)
    _user("camat.tenggarong", Role.CAMAT, TENGGARONG)
    base = page.base_url

    browser_login(page, "dinkop.kukar", PASSWORD)
    page.goto(f"{base}/satgas/rapat/baru/")
    page.fill("input[name=region]", KUKAR)
    page.select_option("select[name=kind]", "rakor")
    page.fill("input[name=title]", "Rakor Satgas KDKMP")
    page.fill("input[name=date]", "2025-06-10")
    page.fill("input[name=place]", "Ruang Serbaguna Kantor Bupati")
    page.fill("input[name=chair_name]", "Bupati Kutai Kartanegara")
    page.fill("input[name=online_participants]", "237")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/satgas/rapat/" in page.url and "Rakor Satgas KDKMP" in page.inner_text("h1")

    page.click("#decision-form >> xpath=ancestor::details/summary")
    page.fill("#decision-form textarea[name=text]", "Camat memetakan potensi wilayahnya")
    page.select_option("#decision-form select[name=assignee_kind]", "camat")
    page.fill("#decision-form input[name=assignee_region]", KUKAR)
    page.fill("#decision-form input[name=due_date]", "2025-07-31")
    with page.expect_navigation():
        page.click("#decision-form button[type=submit]")
    assert page.inner_text("#decision-counts").startswith("0/20 selesai")
    assert page.locator("#compliance-table tbody tr").count() == 20
    assert ActionItem.objects.count() == 20

    page.goto(f"{base}/wilayah/{KUKAR}/")
    assert (_count(page, "actions_open"), _count(page, "actions_done")) == ("20", "0")

    page.context.clear_cookies()
    browser_login(page, "camat.tenggarong", PASSWORD)
    page.goto(f"{base}/satgas/")
    rows = page.locator("#my-action-table tbody tr")
    assert rows.count() == 1
    with page.expect_navigation():
        rows.first.locator("a").click()
    page.select_option("#update-form select[name=status]", "done")
    page.fill("#update-form textarea[name=text]", "Potensi 13 desa/kelurahan Tenggarong dipetakan dan diserahkan")
    page.fill("#update-form input[name=date]", "2025-07-25")
    with page.expect_navigation():
        page.click("#update-form button[type=submit]")
    assert page.inner_text("#item-status") == "Selesai"
    assert ActionItem.objects.get(unit_id=TENGGARONG).status == "done"

    page.context.clear_cookies()
    browser_login(page, "dinkop.kukar", PASSWORD)
    page.goto(f"{base}/wilayah/{KUKAR}/")
    assert (_count(page, "actions_open"), _count(page, "actions_done")) == ("19", "1")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/satgas/tindakan/?state=done")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
