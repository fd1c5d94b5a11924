"""Issue 3's web import in a real browser: the Kukar officer downloads nothing, uploads a sheet, reads the row-by-row
preview, confirms, lands on the import's record; the same sheet again previews as "no change"; a bad sheet shows
its errors by row and column."""

import pytest

from kopdes.accounts.choices import Role
from kopdes.conftest import browser_login
from kopdes.cooperatives.models import Cooperative
from kopdes.formation.tests.test_io import GOOD, csv_bytes
from kopdes.tests.factories import KUKAR, PASER_VILLAGE, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def upload(page, path) -> None:
    page.goto(f"{page.base_url}/koperasi/impor/")
    page.set_input_files("#import-upload input[name=file]", str(path))
    with page.expect_navigation():
        page.click("#import-upload button[type=submit]")
    page.wait_for_selector("#import-preview")


def test_upload_preview_confirm(browser_page, tmp_path):
    page = browser_page
    from kopdes.regions.services import regions_load

    regions_load(provinces=["64"])  # a transactional test may start after another one flushed the database
    officer = UserFactory(username="dinkop.kukar", role=Role.ADMIN, region_id=KUKAR)
    officer.set_password("rahasia-uji-123")
    officer.save()
    sheet = tmp_path / "registri-muara-muntai.csv"
    sheet.write_bytes(csv_bytes(GOOD))

    browser_login(page, "dinkop.kukar", "rahasia-uji-123")
    page.goto(f"{page.base_url}/koperasi/")
    with page.expect_navigation():
        page.click("a[data-import]")
    assert "Impor registri koperasi" in page.text_content("h1")

    upload(page, sheet)
    assert page.text_content('[data-count="created"]').strip() == "2"
    assert page.locator('#preview-table tr[data-action="created"]').count() == 2
    assert "KDMP Muara Leka" in page.text_content('#preview-table tr[data-row="3"]')
    assert not Cooperative.objects.exists()  # the preview wrote nothing

    with page.expect_navigation():
        page.click("#import-confirm button[type=submit]")
    assert "/impor/riwayat/" in page.url
    assert "2 koperasi baru" in page.text_content("main")
    assert page.locator("#import-changes tr[data-changed]").count() == 2
    assert Cooperative.objects.count() == 2

    upload(page, sheet)
    assert page.is_visible("#nothing-changes")
    with page.expect_navigation():
        page.click("#import-confirm button[type=submit]")
    assert "Tidak ada perubahan" in page.text_content("main")

    bad = tmp_path / "salah.csv"
    bad.write_bytes(csv_bytes([{"kode_wilayah": PASER_VILLAGE}, {"kode_wilayah": "64.02.01"}]))
    upload(page, bad)
    assert page.is_visible("#import-refused")
    assert "di luar wilayah Anda" in page.text_content('#error-table tr[data-error-row="2"]')
    assert "bukan desa/kelurahan" in page.text_content('#error-table tr[data-error-row="3"]')
    assert page.locator("#import-confirm").count() == 0
    assert Cooperative.objects.count() == 2
