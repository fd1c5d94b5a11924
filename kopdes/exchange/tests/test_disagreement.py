"""Disagreement with SIMKOPDES shown where it matters (issue 11 item 2): the cooperative page's panel, the registry
list's "beda dengan SIMKOPDES" filter on the page, the API and the export, and a comparison page that explains a
region without village rows instead of printing thousands of empty ones."""

import csv
import io

import pytest

from kopdes.cooperatives.models import Cooperative
from kopdes.exchange.selectors import cooperative_disagreements, cooperatives_differing
from kopdes.tests.factories import KUKAR, PASER, PASER_VILLAGE, cooperative

pytestmark = pytest.mark.django_db


@pytest.fixture
def janju(paser_file, imported):
    """Janju: no NIB in the registry, an NIB in the national village row (the issue's example)."""
    imported(paser_file)
    return cooperative(PASER_VILLAGE)


@pytest.fixture
def agreeing(janju):
    """A Paser cooperative whose identifiers agree with its village row."""
    from kopdes.exchange.models import NationalSnapshot

    row = NationalSnapshot.objects.filter(level="village").exclude(region_code=PASER_VILLAGE).first()
    return cooperative(
        row.region_code,
        nib="9120000000777" if row.nib else None,
        npwp="01.234.567.8-777.000" if row.npwp else None,
        simkopdes_id="SK-777" if row.accounts else None,
    )


def test_the_selector_names_what_differs(janju, agreeing):
    found = cooperative_disagreements(janju)
    assert found["date"] is not None
    assert ("NIB", "belum ada", "ada") in [(item.item, item.ours, item.theirs) for item in found["items"]]
    assert cooperative_disagreements(agreeing)["items"] == []
    differing = cooperatives_differing(Cooperative.objects.all())
    assert janju in differing and agreeing not in differing


def test_no_village_row_is_not_a_disagreement(db, imported, regency_file):
    imported(regency_file)
    coop = cooperative("64.02.01.2001")
    assert cooperative_disagreements(coop) == {"date": None, "items": []}
    assert not cooperatives_differing(Cooperative.objects.all()).exists()


def test_cooperative_page_panel(client_for, paser_officer, janju, agreeing):
    html = client_for(paser_officer).get(f"/koperasi/{janju.pk}/").content.decode()
    panel = html.split('id="simkopdes-panel"', 1)[1].split("</section>", 1)[0]
    assert 'data-differs="NIB"' in panel and "berbeda" in panel
    html = client_for(paser_officer).get(f"/koperasi/{agreeing.pk}/").content.decode()
    assert "Sama dengan SIMKOPDES" in html


def test_list_filter_page_api_and_export(client_for, paser_officer, janju, agreeing):
    client = client_for(paser_officer)
    page = client.get("/koperasi/", {"beda_simkopdes": "on"}).content.decode()
    assert 'name="beda_simkopdes"' in page
    assert janju.name in page and f"/koperasi/{agreeing.pk}/" not in page
    everything = client.get("/koperasi/").content.decode()
    assert f"/koperasi/{agreeing.pk}/" in everything
    api = client.get("/api/v1/cooperatives", {"flag": "beda_simkopdes"}).json()
    assert [row["id"] for row in api["items"]] == [janju.pk]
    assert client.get("/api/v1/cooperatives", {"flag": "tidak_ada"}).status_code == 422
    response = client.get("/koperasi/ekspor/", {"beda_simkopdes": "on", "format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2 and PASER_VILLAGE in rows[1]


def test_comparison_explains_a_region_without_village_rows(client_for, kukar_officer, imported, regency_file):
    imported(regency_file)
    html = client_for(kukar_officer).get(f"/simkopdes/bandingkan/{KUKAR}/").content.decode()
    assert 'id="no-village-rows"' in html and 'id="villages-table"' not in html
    assert html.count("<tr") < 60  # the 20 kecamatan, not 237 villages of dashes


def test_comparison_lists_only_differing_villages(client_for, paser_officer, janju, agreeing):
    html = client_for(paser_officer).get(f"/simkopdes/bandingkan/{PASER}/").content.decode()
    villages = html.split('id="villages-heading"', 1)[1]
    assert f'data-region="{PASER_VILLAGE}"' in villages
    assert f'data-region="{agreeing.village_id}"' not in villages
    assert 'id="village-counts"' in html
