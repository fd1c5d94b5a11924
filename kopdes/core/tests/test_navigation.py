"""Navigation by role (issue 11 item 5): the menu shows only pages the role may open, error pages are styled and
Indonesian with a way back (also under DEBUG for an unknown region), breadcrumbs link only inside the scope."""

import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

PERSONAS = ["national_admin", "kukar_officer", "paser_officer", "camat", "bupati", "kepala_desa", "dpmd", "pengurus"]


def menu_links(html: str) -> dict[str, str]:
    """Menu key → URL, from the header."""
    return {key: url for url, key in re.findall(r'<a href="([^"]+)" data-menu="([^"]+)"', html)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_menu_entry_opens(request, client_for, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    html = client.get("/koperasi/").content.decode()
    links = menu_links(html)
    assert "dashboard" in links and "cooperatives" in links
    for key, url in links.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, (persona, key, url, response.status_code)


def test_menu_differs_by_role(client_for, kukar_officer, pengurus, bupati):
    officer = menu_links(client_for(kukar_officer).get("/koperasi/").content.decode())
    assert {"targets", "mapping", "simkopdes", "imports"} <= set(officer)
    assert officer["simkopdes"] == "/simkopdes/bandingkan/64.02/"
    member = menu_links(client_for(pengurus).get("/koperasi/").content.decode())
    assert not {"targets", "mapping", "simkopdes"} & set(member)
    leader = menu_links(client_for(bupati).get("/koperasi/").content.decode())
    assert "imports" not in leader  # read-only: no import it may run


def test_forbidden_page_is_styled_with_a_way_back(client_for, bupati):
    client = client_for(bupati)
    response = client.get("/koperasi/daftar/", HTTP_REFERER="http://testserver/koperasi/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-error="403"' in html and "tidak berwenang" in html
    assert 'href="http://testserver/koperasi/"' in html  # back where the user came from
    assert 'href="/"' in html and 'id="site-menu"' in html


def test_foreign_referer_is_not_offered_as_the_way_back(client_for, bupati):
    html = client_for(bupati).get("/koperasi/daftar/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in html


@override_settings(DEBUG=True)
def test_unknown_region_is_a_page_also_with_debug_on(client_for, kukar_officer):
    response = client_for(kukar_officer).get("/wilayah/99.99/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-error="404"' in html and "Halaman tidak ditemukan" in html
    assert "Using the URLconf" not in html  # not Django's debug page


def test_outside_scope_is_the_same_404_page(client_for, paser_officer, kukar_coop):
    response = client_for(paser_officer).get(f"/koperasi/{kukar_coop.pk}/")
    assert response.status_code == 404 and 'data-error="404"' in response.content.decode()


def test_api_errors_stay_json(client_for, paser_officer, kukar_coop):
    response = client_for(paser_officer).get(f"/api/v1/cooperatives/{kukar_coop.pk}")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_server_error_page_is_self_contained(rf):
    from kopdes.core.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.content.decode()


def test_pengurus_breadcrumb_has_no_links_outside_scope(client_for, pengurus, kukar_coop):
    html = client_for(pengurus).get(f"/koperasi/{kukar_coop.pk}/").content.decode()
    crumbs = html.split('aria-label="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert "Muara Muntai" in crumbs and "Kabupaten Kutai Kartanegara" in crumbs
    assert 'href="/wilayah/64.02/"' not in crumbs and 'href="/wilayah/64.02.01/"' not in crumbs
    assert 'href="/wilayah/64.02.01.2001/"' in crumbs  # their own village's page is theirs


def test_officer_breadcrumb_links_inside_scope(client_for, kukar_officer, kukar_coop):
    html = client_for(kukar_officer).get(f"/koperasi/{kukar_coop.pk}/").content.decode()
    crumbs = html.split('aria-label="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/wilayah/64.02/"' in crumbs and 'href="/wilayah/64.02.01/"' in crumbs


def test_national_page_has_no_indonesia_above_indonesia(client_for, national_admin):
    html = client_for(national_admin).get("/wilayah/ID/").content.decode()
    assert 'aria-label="breadcrumb"' not in html


def test_region_titles_do_not_repeat_the_level(client_for, kukar_officer):
    from kopdes.regions.models import Region

    assert Region.objects.get(code="64.02").title == "Kabupaten Kutai Kartanegara"
    assert Region.objects.get(code="64.02.06").title == "Kecamatan Tenggarong"
    assert Region.objects.get(code="64.02.06.2012").title == "Desa Rapak Lambur"
    html = client_for(kukar_officer).get("/pemetaan/", follow=True).content.decode()
    assert "Kabupaten/Kota Kabupaten" not in html


def test_an_htmx_request_with_an_expired_session_opens_the_sign_in_page(client, kukar_coop):
    """The cooperative page's history loads by htmx; if the session expired meanwhile, htmx must load the sign-in
    page as a page (HX-Redirect), not put the sign-in form inside the section."""
    url = f"/koperasi/{kukar_coop.pk}/riwayat/"
    plain = client.get(url)
    assert plain.status_code == 302 and "/akun/masuk/" in plain["Location"]
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 204
    assert fragment["HX-Redirect"] == plain["Location"]
    assert fragment.content == b""


def test_a_page_with_a_fragment_varies_on_the_htmx_header(client_for, kukar_officer, kukar_coop):
    response = client_for(kukar_officer).get(f"/koperasi/{kukar_coop.pk}/riwayat/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
