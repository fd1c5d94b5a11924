"""The choropleth in Debian chromium at laptop and phone size: the Kukar map draws its 20 kecamatan under the strict
CSP, the indicator switches (legend and table follow), a click drills down from Kukar to Tenggarong to a village,
and the cooperative page draws its village with its location. Screenshots land in var/screenshots/."""

import pathlib

import pytest
from django.conf import settings

from kopdes.accounts.choices import Role
from kopdes.conftest import browser_login
from kopdes.cooperatives.models import Cooperative
from kopdes.tests.factories import KUKAR, UserFactory, cooperative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => { window.__csp.push(e.violatedDirective); });
"""
SHOTS = pathlib.Path(settings.BASE_DIR) / "var" / "screenshots"
RAPAK_LAMBUR = "64.02.06.2012"


def _setup():
    from kopdes.regions.services import regions_load
    from kopdes.regions.tests.boundary_data import load_kaltim

    regions_load(provinces=["64"])  # a transactional test may start from an empty database
    load_kaltim(("64.02",))
    coop = cooperative(RAPAK_LAMBUR)
    Cooperative.objects.filter(pk=coop.pk).update(latitude=-6.2, longitude=106.8)
    user = UserFactory(username="peta.kukar", role=Role.ADMIN, region_id=KUKAR)
    user.set_password(PASSWORD)
    user.save()
    return coop


def _watch(page):
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and not m.text.startswith("Failed to load") else None,
    )
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda exc: errors.append(f"pageerror {exc}"))
    page.add_init_script(WATCH)
    return errors


@pytest.mark.parametrize("size", [(1280, 900), (360, 740)], ids=["laptop", "phone"])
def test_choropleth_switch_and_drill_down(browser_page, size):
    coop = _setup()
    page = browser_page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    errors = _watch(page)
    browser_login(page, "peta.kukar", PASSWORD)
    page.goto(f"{page.base_url}/wilayah/{KUKAR}/")
    page.wait_for_selector("#region-map[data-ready='20']")
    assert page.locator("#region-map path.leaflet-interactive").count() >= 20
    assert page.locator("#map-table tbody tr").count() == 20
    first = page.locator("#map-legend").inner_text()
    page.select_option("#map-indicator", "phase_operasional")
    page.wait_for_selector("#region-map[data-indicator='phase_operasional']")
    assert page.locator("#map-legend").inner_text() != first
    assert "Beroperasi" in page.locator("#map-table-value").inner_text() or page.locator("#map-legend").inner_text()
    page.check("#map-points")
    page.wait_for_selector("#region-map[data-points]")
    page.locator("#region-map").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"maps-kukar-{size[0]}.png"), full_page=False)
    # drill down: Tenggarong is clicked on the map, then one of its villages
    tenggarong = page.locator("#map-table tbody tr[data-code='64.02.06'] a")
    with page.expect_navigation():
        tenggarong.click()
    assert page.url.endswith("/wilayah/64.02.06/")
    page.wait_for_selector("#region-map[data-ready]")
    with page.expect_navigation():
        page.locator("#region-map path.leaflet-interactive").first.click(force=True)
    assert "/wilayah/64.02.06." in page.url
    page.wait_for_selector("#region-map[data-ready='1']")
    page.goto(f"{page.base_url}/koperasi/{coop.pk}/")
    page.wait_for_selector("#cooperative-map[data-ready='1']")
    assert "pengganti" in page.locator("#location-check").inner_text()
    assert page.evaluate("window.__csp") == []
    assert errors == []
