"""Record once (issue 11 item 4): recording the akta, SK, NIK koperasi, NIB, NPWP or rekening step asks for its
number and stores it on the cooperative, through the service, the page and the API; a number another cooperative
holds is refused with a clear message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kopdes.cooperatives.models import Cooperative
from kopdes.formation.models import Milestone
from kopdes.formation.services import milestone_record
from kopdes.tests.factories import cooperative

pytestmark = pytest.mark.django_db
D = datetime.date


def reach_akta_step(coop, actor=None):
    milestone_record(actor=actor, cooperative=coop, kind="sosialisasi", date=D(2025, 4, 1))
    milestone_record(actor=actor, cooperative=coop, kind="musdesus", date=D(2025, 4, 20))


def test_service_stores_the_akta_number_and_moves_the_version(kukar_coop, kukar_officer):
    reach_akta_step(kukar_coop, kukar_officer)
    version = Cooperative.objects.get(pk=kukar_coop.pk).version
    identifiers = {"akta_number": " 12 ", "notary": "Notaris Siti, S.H."}
    milestone_record(
        actor=kukar_officer, cooperative=kukar_coop, kind="akta", date=D(2025, 5, 5), identifiers=identifiers
    )
    stored = Cooperative.objects.get(pk=kukar_coop.pk)
    assert (stored.akta_number, stored.notary) == ("12", "Notaris Siti, S.H.")
    assert stored.version == version + 1 and kukar_coop.version == stored.version  # an old "Ubah data" form is stale
    assert kukar_coop.akta_number == "12"  # the caller's copy too
    assert stored.history.latest().history_user == kukar_officer
    milestone_record(
        actor=kukar_officer,
        cooperative=kukar_coop,
        kind="badan_hukum",
        date=D(2025, 5, 20),
        identifiers={"sk_ahu_number": "AHU-0001.AH.01.29.2025"},
    )
    assert Cooperative.objects.get(pk=kukar_coop.pk).sk_ahu_number == "AHU-0001.AH.01.29.2025"


def test_a_taken_number_refuses_the_whole_record(kukar_coop, kukar_officer):
    other = cooperative("64.02.01.2002", nib="9120000000001")
    assert other.nib == "9120000000001"
    reach_akta_step(kukar_coop)
    milestone_record(
        actor=None, cooperative=kukar_coop, kind="akta", date=D(2025, 5, 5), identifiers={"akta_number": "1"}
    )
    milestone_record(
        actor=None,
        cooperative=kukar_coop,
        kind="badan_hukum",
        date=D(2025, 5, 20),
        identifiers={"sk_ahu_number": "AHU-2"},
    )
    with pytest.raises(ValidationError) as raised:
        milestone_record(
            actor=None, cooperative=kukar_coop, kind="nib", date=D(2025, 6, 1), identifiers={"nib": "9120000000001"}
        )
    assert "NIB 9120000000001 sudah tercatat untuk koperasi lain" in raised.value.message_dict["nib"][0]
    assert not Milestone.objects.filter(cooperative=kukar_coop, kind="nib").exists()


def test_identifiers_of_another_step_are_refused(kukar_coop):
    reach_akta_step(kukar_coop)
    with pytest.raises(ValidationError) as raised:
        milestone_record(actor=None, cooperative=kukar_coop, kind="akta", date=D(2025, 5, 5), identifiers={"nib": "1"})
    assert "nib" in raised.value.message_dict


def test_page_asks_for_the_number_and_fills_the_cooperative(client_for, kukar_officer, kukar_coop):
    reach_akta_step(kukar_coop)
    client = client_for(kukar_officer)
    url = reverse("formation:milestone_record", args=[kukar_coop.pk])
    page = client.get(reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk])).content.decode()
    assert 'data-for-step="akta"' in page and 'name="akta_number"' in page and 'name="nib"' in page
    response = client.post(url, {"kind": "akta", "date": "2025-05-05"})
    assert response.status_code == 400
    assert "Isi nomor akta" in response.content.decode()
    response = client.post(url, {"kind": "akta", "date": "2025-05-05", "akta_number": "07", "notary": "Siti"})
    assert response.status_code == 302
    stored = Cooperative.objects.get(pk=kukar_coop.pk)
    assert (stored.akta_number, stored.notary) == ("07", "Siti")
    edit = client.get(reverse("cooperatives:cooperative_edit", args=[kukar_coop.pk])).content.decode()
    assert 'value="07"' in edit  # nothing to type again under "Ubah data"


def test_page_shows_a_taken_number_next_to_the_field(client_for, kukar_officer, kukar_coop):
    cooperative("64.02.01.2002", sk_ahu_number="AHU-9")
    reach_akta_step(kukar_coop)
    milestone_record(
        actor=None, cooperative=kukar_coop, kind="akta", date=D(2025, 5, 5), identifiers={"akta_number": "1"}
    )
    url = reverse("formation:milestone_record", args=[kukar_coop.pk])
    response = client_for(kukar_officer).post(
        url, {"kind": "badan_hukum", "date": "2025-05-20", "sk_ahu_number": "AHU-9"}
    )
    assert response.status_code == 400
    assert "AHU-9 sudah tercatat untuk koperasi lain" in response.content.decode()


def test_api_records_the_step_with_its_number(client_for, kukar_officer, kukar_coop, paser_officer, bupati):
    reach_akta_step(kukar_coop)
    url = f"/api/v1/cooperatives/{kukar_coop.pk}/milestones"
    body = {"kind": "akta", "date": "2025-05-05", "akta_number": "33", "notary": "Budi"}
    assert client_for(paser_officer).post(url, body, content_type="application/json").status_code == 404
    assert client_for(bupati).post(url, body, content_type="application/json").status_code == 403
    response = client_for(kukar_officer).post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Cooperative.objects.get(pk=kukar_coop.pk).akta_number == "33"
    wrong = {"kind": "badan_hukum", "date": "2025-05-20", "npwp": "01.234"}
    response = client_for(kukar_officer).post(url, wrong, content_type="application/json")
    assert response.status_code in (400, 422)
    assert "npwp" in response.content.decode()
