"""The formation endpoints' refusals: a rejected milestone stays rejected (400 with the reason, phase unchanged)."""

import datetime

from kopdes.cooperatives.services import document_upload
from kopdes.formation.services import milestone_record, milestone_reject
from kopdes.tests.factories import upload

D = datetime.date


def test_verifying_a_rejected_milestone_is_400_and_changes_nothing(client_for, kukar_officer, kukar_coop):
    milestone_record(actor=None, cooperative=kukar_coop, kind="sosialisasi", date=D(2025, 4, 1))
    doc = document_upload(actor=kukar_officer, cooperative=kukar_coop, kind="berita_acara", uploaded_file=upload())
    musdesus = milestone_record(actor=None, cooperative=kukar_coop, kind="musdesus", date=D(2025, 5, 1), document=doc)
    milestone_reject(actor=kukar_officer, milestone=musdesus, note="Berita acara palsu")

    response = client_for(kukar_officer).post(f"/api/v1/milestones/{musdesus.pk}/verify")

    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "status" and "sudah ditolak" in body["errors"][0]["message"]
    musdesus.refresh_from_db()
    kukar_coop.refresh_from_db()
    assert (musdesus.status, musdesus.verified_by, kukar_coop.phase) == ("rejected", kukar_officer, 1)
