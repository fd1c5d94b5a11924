"""The strict Content-Security-Policy in a real browser: the pages, the API docs and the admin load with no
violation, the region chart draws, a cooperative's change history loads (htmx) when scrolled to, and the behaviours
that used to be inline handlers (print, confirm before delete) still work from static/js/kopdes.js."""

import pytest

from kopdes.accounts.choices import Role
from kopdes.conftest import browser_login
from kopdes.mapping import services as mapping
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE, UserFactory, cooperative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
window.__printed = false;
window.print = () => { window.__printed = true; };
"""


def test_pages_work_under_the_policy_without_violations(browser_page):
    from kopdes.regions.services import regions_load

    page = browser_page
    regions_load(provinces=["64"])  # a transactional test may start from an empty database
    officer = UserFactory(username="admin", role=Role.ADMIN, region_id=None, is_staff=True, is_superuser=True)
    officer.set_password("rahasia-uji-123")
    officer.save()
    coop = cooperative(KUKAR_VILLAGE)
    potential = mapping.potential_create(
        actor=None, village=Region.objects.get(code=KUKAR_VILLAGE), category="perikanan", commodity="Ikan patin"
    )
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH)

    browser_login(page, "admin", "rahasia-uji-123")
    base = page.base_url
    for path in [
        f"/wilayah/{KUKAR}/",
        "/koperasi/",
        f"/koperasi/{coop.pk}/",
        f"/pemetaan/?region={KUKAR}",
        "/akun/sandi/",
        "/admin/",
        "/api/v1/docs",
    ]:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], path

        if path == f"/koperasi/{coop.pk}/":  # the change history loads (htmx) when the reader reaches it
            assert page.locator("#history a", has_text="Lihat riwayat perubahan").count() == 1
            page.locator("#history").scroll_into_view_if_needed()
            page.wait_for_selector("#history-list:not([hx-get]) li")
            assert "dibuat" in page.text_content("#history")
            assert page.locator("#history h2").count() == 1 and page.evaluate("window.__csp") == []
        if path == f"/wilayah/{KUKAR}/":
            assert page.evaluate("document.getElementById('phase-chart').width") > 0
        if path.startswith("/pemetaan/"):
            page.click("button[data-print]")
            assert page.evaluate("window.__printed") is True
        if path == "/api/v1/docs":
            page.wait_for_selector(".opblock", timeout=15_000)

    # Confirm before delete: dismissing the question keeps the record.
    questions: list[str] = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(f"{base}/pemetaan/potensi/{potential.pk}/")
    page.click("form[data-confirm] button[type=submit]")
    page.wait_for_timeout(300)
    assert questions == ["Hapus data ini?"]
    assert page.url.endswith(f"/pemetaan/potensi/{potential.pk}/")
    assert page.evaluate("window.__csp") == []
    assert not [line for line in console if "Content Security Policy" in line], console
