"""The landing pages in Debian chromium, laptop and phone: the regency summary draws its four charts under the
strict CSP (no violation, no console error) with their numbers beside them, the ranking sorts, the PDF link
answers a PDF; the camat's village list and the pengurus' checklist on a 360 px phone. Screenshots land in
var/screenshots/ for the record."""

import datetime
import pathlib

import pytest
from django.conf import settings
from django.utils import timezone

from kopdes.accounts.choices import Role
from kopdes.conftest import browser_login
from kopdes.formation.services import milestone_record, target_create
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, UserFactory, cooperative, full_board

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => { window.__csp.push(e.violatedDirective); });
"""
SHOTS = pathlib.Path(settings.BASE_DIR) / "var" / "screenshots"


def _user(username, role, region=None, cooperative=None):
    user = UserFactory(username=username, role=role, region_id=region, cooperative=cooperative)
    user.set_password(PASSWORD)
    user.save()
    return user


def _story():
    from kopdes.regions.services import regions_load

    regions_load(provinces=["64"])  # a transactional test may start from an empty database
    today = timezone.localdate()
    coops = []
    for index, code in enumerate(["64.02.01.2001", "64.02.01.2002", "64.02.06.2012", "64.02.16.2007"]):
        coop = cooperative(code)
        full_board(coop, start_nik=6402010101900001 + 100 * index)
        milestone_record(actor=None, cooperative=coop, kind="musdesus", date=datetime.date(2025, 5, 1 + index))
        if index % 2:
            milestone_record(actor=None, cooperative=coop, kind="akta", date=today - datetime.timedelta(days=index))
        coops.append(coop)
    target_create(actor=None, region=Region.objects.get(code=KUKAR), phase="akta", count=100, due_date=today)
    return coops


def _watch(page):
    errors: list[str] = []
    # Script errors; a missing asset shows as its 404 response (the browser's own favicon request is not one).
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and not m.text.startswith("Failed to load") else None,
    )
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.add_init_script(WATCH)
    return errors


def test_regency_summary_draws_its_charts(browser_page):
    _story()
    _user("dinkop.kukar", Role.ADMIN, KUKAR)
    page = browser_page
    errors = _watch(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    browser_login(page, "dinkop.kukar", PASSWORD)
    page.goto(f"{page.base_url}/wilayah/{KUKAR}/")
    page.wait_for_load_state("networkidle")
    for chart in ("phase-chart", "trend-chart", "ranking-chart"):
        assert page.evaluate(f"!!window.Chart.getChart('{chart}')"), chart
    assert page.evaluate("window.__csp") == [] and errors == []
    # The numbers of the trend are in its table (collapsed on screen, for screen readers and print).
    assert page.locator("#trend-table tbody tr").count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "regency-summary-1366.png"), full_page=True)
    # Sort the ranking by name with its header link.
    page.click("#ranking-table thead a:has-text('Kecamatan')")
    names = page.locator("#ranking-table tbody th").all_inner_texts()
    assert names == sorted(names)
    response = page.request.get(f"{page.base_url}/wilayah/{KUKAR}/ringkasan.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    # On a phone the summary stays inside the screen.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base_url}/wilayah/{KUKAR}/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / "regency-summary-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_camat_and_pengurus_on_a_phone(browser_page):
    coops = _story()
    _user("camat.muaramuntai", Role.CAMAT, "64.02.01")
    _user("pengurus.perian", Role.PENGURUS, cooperative=coops[0])
    page = browser_page
    errors = _watch(page)
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, "camat.muaramuntai", PASSWORD)
    page.goto(f"{page.base_url}/")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/wilayah/64.02.01/")
    row = page.locator('#villages-table tr[data-region="64.02.01.2001"]')
    assert "Musyawarah khusus" in row.inner_text() and "Akta notaris" in row.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "camat-villages-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.context.clear_cookies()
    browser_login(page, "pengurus.perian", PASSWORD)
    page.goto(f"{page.base_url}/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#checklist [aria-current=step]").inner_text().strip().startswith("○")
    assert "Akta notaris" in page.locator("#checklist [data-next]").inner_text()
    page.screenshot(path=str(SHOTS / "pengurus-checklist-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate("window.__csp") == [] and errors == []
