"""The whole job of issue 2 in a real browser: the Kukar officer logs in, drills down from the regency to a
kecamatan and a village's cooperative, records its Musyawarah Desa Khusus with the berita acara, and sees the counts
change on the kecamatan and regency pages."""

import datetime

import pytest

from kopdes.accounts.choices import Role
from kopdes.conftest import browser_login
from kopdes.formation.services import milestone_record
from kopdes.tests.factories import KUKAR, MUARA_MUNTAI, PDF_BYTES, UserFactory, cooperative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def musdesus_count(page) -> int:
    return int(page.text_content('[data-phase="musdesus"]').replace(".", ""))


def test_officer_drills_down_and_records_a_musdesus(browser_page, tmp_path):
    page = browser_page
    from kopdes.regions.services import regions_load

    regions_load(provinces=["64"])  # a transactional test starts from an empty database
    officer = UserFactory(username="dinkop.kukar", role=Role.ADMIN, region_id=KUKAR)
    officer.set_password("rahasia-uji-123")
    officer.save()
    first = cooperative(f"{MUARA_MUNTAI}.2001")
    target = cooperative(f"{MUARA_MUNTAI}.2002")
    milestone_record(actor=None, cooperative=first, kind="musdesus", date=datetime.date(2025, 5, 2))

    browser_login(page, "dinkop.kukar", "rahasia-uji-123")
    assert "Kutai Kartanegara" in page.text_content("h1")
    assert musdesus_count(page) == 1

    page.click(f'tr[data-region="{MUARA_MUNTAI}"] a')
    page.wait_for_url(f"**/wilayah/{MUARA_MUNTAI}/")
    assert musdesus_count(page) == 1

    page.click(f'tr[data-region="{MUARA_MUNTAI}.2002"] a[href*="/koperasi/"]')  # the camat's village table
    page.wait_for_url(f"**/koperasi/{target.pk}/")
    assert target.name in page.text_content("h1")

    evidence = tmp_path / "berita-acara.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.click("#milestone-form summary")
    page.select_option("select[name=kind]", "musdesus")
    page.fill("input[name=date]", "2025-06-10")
    page.set_input_files("input[name=document]", str(evidence))
    page.click("#milestone-form button[type=submit]")
    page.wait_for_url(f"**/koperasi/{target.pk}/")
    assert "10 Juni 2025" in page.text_content("#milestones")
    assert page.get_attribute("#phase", "data-phase") == "2"

    page.click(f'nav.breadcrumb a[href="/wilayah/{MUARA_MUNTAI}/"]')
    page.wait_for_url(f"**/wilayah/{MUARA_MUNTAI}/")
    assert musdesus_count(page) == 2
    page.click(f'nav.breadcrumb a[href="/wilayah/{KUKAR}/"]')
    page.wait_for_url(f"**/wilayah/{KUKAR}/")
    assert musdesus_count(page) == 2
