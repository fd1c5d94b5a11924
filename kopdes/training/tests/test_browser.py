"""In a real browser at phone size (360 px): the Kukar officer plans a sosialisasi, invites the boards of one
kecamatan, ticks people in at the door (search, one tap) including a walk-in, and sees the event's counts, the
coverage page and the progress block change."""

import datetime

import pytest
from playwright.sync_api import expect

from kopdes.accounts.choices import Role
from kopdes.conftest import browser_login
from kopdes.tests.factories import KUKAR, MUARA_MUNTAI, UserFactory, cooperative, full_board
from kopdes.training.models import Participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-123"


def _count(page, key: str) -> str:
    return page.inner_text(f'[data-count="{key}"]').strip()


def test_event_invitations_and_the_door_on_a_phone(browser_page, client):
    from kopdes.regions.services import regions_load

    page = browser_page
    regions_load(provinces=["64"])
    officer = UserFactory(username="dinkop.kukar", role=Role.ADMIN, region_id=KUKAR)
    officer.set_password(PASSWORD)
    officer.save()
    perian = cooperative("64.02.01.2001")
    full_board(perian)
    full_board(cooperative("64.02.01.2002"), start_nik=6402010101900101)
    page.set_viewport_size({"width": 360, "height": 740})
    base = page.base_url
    today = datetime.date.today().isoformat()

    browser_login(page, "dinkop.kukar", PASSWORD)
    page.goto(f"{base}/pelatihan/kegiatan/baru/")
    page.select_option("select[name=kind]", "sosialisasi")
    page.fill("input[name=title]", "Sosialisasi Kemitraan Digital Muara Muntai")
    page.fill("input[name=organiser_region]", MUARA_MUNTAI)
    page.fill("input[name=agency]", "DiskopUKM Kukar")
    page.fill("input[name=start_date]", today)
    page.fill("input[name=end_date]", today)
    page.fill("input[name=capacity]", "4")
    page.fill("input[name=quota_per_cooperative]", "2")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "Sosialisasi Kemitraan Digital" in page.inner_text("h1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.click("text=Undang dari registri")
    page.fill("input[name=region]", MUARA_MUNTAI)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert _count(page, "invited") == "4"  # ketua and bendahara of both cooperatives

    page.click("text=Catat kehadiran di pintu")
    page.fill("#door-q", "Anggota 0")
    expect(page.locator("#found [data-participant]")).to_have_count(2)  # the ketua of each cooperative
    page.locator("[data-check-in]").first.click()
    page.wait_for_selector('[data-participant][data-attended="1"]')
    assert _count(page, "attended") == "1"
    page.fill("#door-q", "Anggota 3")  # a sekretaris, not invited: one tap makes a walk-in
    page.wait_for_selector("[data-walk-in]")
    page.locator("[data-walk-in]").first.click()
    page.wait_for_selector('#door-counts [data-count="walk_ins"]:text-is("1")')
    assert _count(page, "attended") == "2"
    assert Participant.objects.filter(source="langsung", attended_on__isnull=False).count() == 1

    page.goto(f"{base}/pelatihan/cakupan/?region={KUKAR}")
    assert _count(page, "attended") == "2" and _count(page, "walk_ins") == "1" and _count(page, "invited") == "4"
    client.force_login(officer)
    block = client.get(f"/api/v1/progress/{KUKAR}").json()["training"]
    assert (block["events"], block["invited"], block["attended"], block["walk_ins"]) == (1, 4, 2, 1)
