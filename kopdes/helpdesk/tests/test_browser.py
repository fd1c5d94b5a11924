"""Issue 20's "done when" in a real browser at phone size (360 px): the kepala desa of Janju asks, the Paser office
answers and publishes the answer, another kepala desa finds it while typing his own question, before asking."""

import pytest

from kopdes.accounts.choices import Role
from kopdes.conftest import browser_login
from kopdes.helpdesk.models import Article, Consultation
from kopdes.tests.factories import PASER, PASER_VILLAGE, UserFactory

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


def test_janju_asks_paser_answers_and_publishes_another_kades_finds_it(browser_page):
    from kopdes.regions.services import regions_load

    regions_load(provinces=["64"])  # a transactional test starts from an empty database
    user("kades.janju", Role.KEPALA_DESA, PASER_VILLAGE, "Sumarni")
    user("dinkop.paser", Role.ADMIN, PASER, "Petugas Dinas Paser")
    user("kades.terik", Role.KEPALA_DESA, "64.01.01.2013", "Yusran")
    page = browser_page
    page.set_viewport_size(PHONE)

    browser_login(page, "kades.janju", PASSWORD)
    page.goto(f"{page.base_url}/konsultasi/tanya/")
    assert fits_the_phone(page)
    page.fill("#id_title", "Siapa menandatangani berita acara musyawarah desa?")
    page.select_option("select[name=topic]", "pembentukan")
    page.fill(
        "textarea[name=question]", "Musyawarah desa khusus kami bulan depan. Siapa yang menandatangani berita acara?"
    )
    page.fill("input[name=asker_phone]", "081234567890")
    with page.expect_navigation():
        page.click("#send")
    consultation = Consultation.objects.get()
    assert page.url.endswith(f"/konsultasi/{consultation.pk}/")
    assert "Pertanyaan terkirim" in page.text_content("main")
    assert fits_the_phone(page)

    page.context.clear_cookies()
    browser_login(page, "dinkop.paser", PASSWORD)
    page.goto(f"{page.base_url}/konsultasi/?state=open")
    with page.expect_navigation():
        page.click(f'tr[data-consultation="{consultation.pk}"] a')
    assert page.get_attribute("#whatsapp", "href").startswith("https://wa.me/6281234567890?text=")
    page.select_option("#reply select[name=kind]", "jawaban")
    page.fill("#reply textarea[name=text]", "Berita acara ditandatangani pimpinan musyawarah dan notulis.")
    with page.expect_navigation():
        page.click("#send-message")
    assert "dijawab" in page.text_content("#consultation-meta").lower()
    page.click("#publish summary")
    page.fill("#publish input[name=title]", "Siapa menandatangani berita acara musyawarah desa khusus?")
    page.fill("#publish textarea[name=question]", "Siapa yang menandatangani berita acara musyawarah desa khusus?")
    page.check("#publish input[name=reviewed]")
    with page.expect_navigation():
        page.click("#publish-button")
    article = Article.objects.get()
    assert page.url.endswith(f"/konsultasi/artikel/{article.pk}/")
    assert "pimpinan musyawarah" in page.text_content("#article-answer")
    assert fits_the_phone(page)

    page.context.clear_cookies()
    browser_login(page, "kades.terik", PASSWORD)
    page.goto(f"{page.base_url}/konsultasi/tanya/")
    page.type("#id_title", "berita acara musyawarah", delay=20)
    page.wait_for_selector(f'#similar-articles li[data-article="{article.pk}"]')
    assert fits_the_phone(page)
    with page.expect_navigation():
        page.click(f'#similar-articles li[data-article="{article.pk}"] a')
    assert "Siapa menandatangani berita acara" in page.text_content("h1")
    assert Consultation.objects.count() == 1  # found before asking
