"""Places by name on the Pemetaan pages (issue 11 item 3): the overlap check, the forms and the filters take a
village name or a code, in scope; a name that matches nothing is a message on the page, never a blank or bare 400."""

import pytest
from django.urls import reverse

from kopdes.mapping.models import VillagePotential

pytestmark = pytest.mark.django_db


def test_overlap_check_accepts_a_village_name_also_through_htmx(client_for, kukar_officer):
    client = client_for(kukar_officer)
    url = reverse("mapping:verdict_check")
    response = client.get(url, {"village": "Rapak Lambur", "category": "sembako"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "64.02.06.2012" in html and "data-verdict=" in html


def test_overlap_check_names_a_miss_on_the_page(client_for, kukar_officer, paser_officer):
    client = client_for(paser_officer)
    url = reverse("mapping:verdict_check")
    response = client.get(url, {"village": "Rapak Lambur", "category": "sembako"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400  # htmx swaps 400 (base.html responseHandling): the message shows
    html = response.content.decode()
    assert 'id="verdict"' in html and "Tidak ada wilayah bernama “Rapak Lambur” di wilayah Anda" in html


def test_potential_form_takes_a_village_name(client_for, dpmd):
    response = client_for(dpmd).post(
        reverse("mapping:potential_create"),
        {"village": "rapak lambur", "category": "sembako", "commodity": "Beras", "value_rp": "1000000"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert VillagePotential.objects.get(commodity="Beras").village_id == "64.02.06.2012"


def test_potential_filter_by_kecamatan_name(client_for, kukar_officer):
    response = client_for(kukar_officer).get(reverse("mapping:potential_list"), {"region": "Tenggarong"})
    assert response.status_code == 200
    assert response.context["form"].filters().region == "64.02.06"
