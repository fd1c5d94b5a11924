"""The formation endpoints: a rejected milestone stays rejected (400 with the reason, phase unchanged); the target
list answers in a number of queries that does not grow with the targets."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kopdes.cooperatives.services import document_upload
from kopdes.formation.selectors import target_list_with_attainment
from kopdes.formation.services import milestone_record, milestone_reject
from kopdes.formation.tests.conftest import TEN_REGIONS, targets_in
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


def test_target_list_api_query_count_does_not_grow_with_targets(client_for, national_admin, phased_coops):
    api = client_for(national_admin)
    targets_in(TEN_REGIONS[:1], actor=national_admin)
    api.get("/api/v1/targets")
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/targets")
    targets_in(TEN_REGIONS[1:], actor=national_admin)
    with CaptureQueriesContext(connection) as ten:
        body = api.get("/api/v1/targets").json()
    assert len(ten) == len(one), [q["sql"] for q in ten.captured_queries]
    # The same rows and numbers as the page's selector, plus the fields an editor needs.
    rows = target_list_with_attainment(user=national_admin)
    assert [item["id"] for item in body] == [row["target"].pk for row in rows]
    for item, row in zip(body, rows, strict=True):
        assert (item["target"], item["achieved"], item["on_track"]) == (
            row["attainment"]["target"],
            row["attainment"]["achieved"],
            row["attainment"]["on_track"],
        )
        assert item["version"] == row["target"].version and item["note"] == row["target"].note
    kukar_akta = next(item for item in body if item["region"] == "64.02")
    assert (kukar_akta["phase"], kukar_akta["achieved"]) == ("akta", 1)
