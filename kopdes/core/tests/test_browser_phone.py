"""A 360 × 740 phone for every persona (issue 11 item 6): no main page is wider than the screen, the menu folds
behind its button, and a long table scrolls inside its own box while the page does not."""

import datetime

import pytest

from kopdes.conftest import browser_login
from kopdes.formation.services import milestone_record, target_create
from kopdes.tests.factories import KUKAR, PERSONA_PASSWORD, cooperative, persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
PERSONAS = ["national", "kukar", "paser", "camat", "bupati", "kades", "dpmd", "pengurus"]


def _world():
    from kopdes.regions.models import Region
    from kopdes.regions.services import regions_load

    regions_load(provinces=["64"])  # a transactional test starts from an empty database
    coops = []
    villages = Region.objects.filter(parent_id="64.02.01", level="village").order_by("code")[:8]
    for village in villages:
        coop = cooperative(village.code, name=f"Koperasi Desa Merah Putih {village.name} Sejahtera Bersama Makmur")
        milestone_record(actor=None, cooperative=coop, kind="sosialisasi", date=datetime.date(2025, 4, 1))
        coops.append(coop)
    target_create(
        actor=None,
        region=Region.objects.get(code=KUKAR),
        phase="musdesus",
        percent=100,
        due_date=datetime.date(2025, 11, 28),
        note="Semua desa/kelurahan",
    )
    return coops


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


WIDE_ELEMENTS = """limit => Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > limit + 1)
    .slice(0, 5)
    .map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def wide_elements(page) -> list[str]:
    """What sticks out on the right, for the failure message."""
    return page.evaluate(WIDE_ELEMENTS, PHONE["width"])


def main_pages(page) -> list[str]:
    """The landing page, every menu entry, a cooperative's page and the region search."""
    urls = [page.url]
    urls += page.eval_on_selector_all("a[data-menu]", "links => links.map(a => a.href)")
    first = page.query_selector("#cooperative-table a[href*='/koperasi/']")
    if first is None:
        page.goto(f"{page.base_url}/koperasi/")
        first = page.query_selector("#cooperative-table a[href*='/koperasi/']")
    if first is not None:
        urls.append(first.get_attribute("href"))
    urls += ["/wilayah/cari/?q=tenggarong", "/wilayah/99.99/"]
    return [url if url.startswith("http") else f"{page.base_url}{url}" for url in dict.fromkeys(urls)]


def test_no_main_page_is_wider_than_a_phone(browser_page):
    page = browser_page
    coops = _world()
    page.set_viewport_size(PHONE)
    checked = []
    for name in PERSONAS:
        user = persona(name, cooperative=coops[0] if name == "pengurus" else None)
        user.set_password(PERSONA_PASSWORD)
        user.save()
        page.context.clear_cookies()
        browser_login(page, user.username, PERSONA_PASSWORD)
        for url in main_pages(page):
            response = page.goto(url)
            assert response.status == (404 if "/99.99/" in url else 200), (name, url, response.status)
            width = page_width(page)
            checked.append((name, url.removeprefix(page.base_url), width))
            assert width <= PHONE["width"], (name, url, width, wide_elements(page))
    visited = {url for _name, url, _width in checked}
    assert {"/koperasi/", "/target/", "/pemetaan/", "/simkopdes/bandingkan/64.02/", "/impor/"} <= {
        url.split("?")[0] for url in visited
    } | visited, visited
    assert len(checked) >= 40


def test_phone_menu_folds_behind_its_button(browser_page):
    page = browser_page
    _world()
    user = persona("kukar")
    user.set_password(PERSONA_PASSWORD)
    user.save()
    page.set_viewport_size(PHONE)
    browser_login(page, user.username, PERSONA_PASSWORD)
    assert not page.is_visible("#site-menu a[data-menu=cooperatives]")
    header = page.evaluate("document.querySelector('header').getBoundingClientRect().height")
    assert header < 100  # one line (about 85 px), not a third of the 740 px screen
    page.click("[data-menu-toggle]")
    assert page.get_attribute("[data-menu-toggle]", "aria-expanded") == "true"
    page.click("#site-menu a[data-menu=cooperatives]")
    page.wait_for_url("**/koperasi/")
    table_box = page.evaluate(
        "(() => { const t = document.querySelector('#cooperative-table');"
        " const box = t.closest('.table-wrap'); return [t.scrollWidth, box.clientWidth]; })()"
    )
    assert table_box[1] <= PHONE["width"]
    assert page_width(page) <= PHONE["width"]
    # The key column stays in view while the table scrolls sideways.
    position = page.evaluate("getComputedStyle(document.querySelector('#cooperative-table td')).position")
    assert position == "sticky"


def test_laptop_shows_the_menu_without_the_button(browser_page):
    page = browser_page
    _world()
    user = persona("kukar")
    user.set_password(PERSONA_PASSWORD)
    user.save()
    page.set_viewport_size({"width": 1366, "height": 800})
    browser_login(page, user.username, PERSONA_PASSWORD)
    assert page.is_visible("#site-menu a[data-menu=cooperatives]")
    assert not page.is_visible("[data-menu-toggle]")
