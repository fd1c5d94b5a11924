import datetime

import pytest
from django.core.exceptions import ValidationError

from kopdes.cooperatives.services import document_upload
from kopdes.core.exceptions import ConflictError
from kopdes.formation.choices import MilestoneStatus
from kopdes.formation.models import Milestone
from kopdes.formation.services import (
    milestone_record,
    milestone_reject,
    milestone_verify,
    target_create,
    target_update,
)
from kopdes.regions.models import Region
from kopdes.tests.factories import operating_unit, upload

D = datetime.date


def record(coop, kind, date, actor=None, **kw):
    return milestone_record(actor=actor, cooperative=coop, kind=kind, date=date, **kw)


def test_milestones_raise_the_phase_step_by_step(kukar_coop, kukar_officer):
    record(kukar_coop, "sosialisasi", D(2025, 4, 1))
    assert kukar_coop.phase == 1
    record(kukar_coop, "musdesus", D(2025, 4, 20))
    record(kukar_coop, "akta", D(2025, 5, 5))
    record(kukar_coop, "badan_hukum", D(2025, 5, 20))
    kukar_coop.refresh_from_db()
    assert kukar_coop.phase == 4
    for kind in ["nik_koperasi", "nib", "npwp", "rekening"]:
        record(kukar_coop, kind, D(2025, 6, 2))
    kukar_coop.refresh_from_db()
    assert kukar_coop.phase == 5
    operating_unit(kukar_coop)
    kukar_coop.refresh_from_db()
    assert kukar_coop.phase == 6
    record(kukar_coop, "operasional", D(2025, 7, 1))
    assert kukar_coop.milestones.count() == 10 - 1  # simkopdes not recorded


def test_akta_without_musdesus_is_refused(kukar_coop):
    with pytest.raises(ValidationError) as exc:
        record(kukar_coop, "akta", D(2025, 5, 5))
    assert "belum ada" in str(exc.value)
    assert not Milestone.objects.filter(cooperative=kukar_coop).exists()
    kukar_coop.refresh_from_db()
    assert kukar_coop.phase == 0


def test_milestone_dated_before_its_prerequisite_is_refused(kukar_coop):
    record(kukar_coop, "musdesus", D(2025, 5, 1))
    with pytest.raises(ValidationError) as exc:
        record(kukar_coop, "akta", D(2025, 4, 30))
    assert "tidak boleh sebelum" in str(exc.value)
    assert kukar_coop.milestones.count() == 1


def test_sosialisasi_after_musdesus_is_refused(kukar_coop):
    record(kukar_coop, "musdesus", D(2025, 5, 1))
    with pytest.raises(ValidationError, match="sesudah"):
        record(kukar_coop, "sosialisasi", D(2025, 5, 2))


def test_future_date_is_refused(kukar_coop):
    with pytest.raises(ValidationError, match="masa depan"):
        record(kukar_coop, "musdesus", datetime.date.today() + datetime.timedelta(days=2))


def test_duplicate_milestone_is_refused(kukar_coop):
    record(kukar_coop, "musdesus", D(2025, 5, 1))
    with pytest.raises(ValidationError, match="sudah dicatat"):
        record(kukar_coop, "musdesus", D(2025, 5, 2))


def test_operasional_needs_an_operating_unit(kukar_coop):
    for kind, day in [("musdesus", 1), ("akta", 2), ("badan_hukum", 3)]:
        record(kukar_coop, kind, D(2025, 5, day))
    with pytest.raises(ValidationError, match="gerai"):
        record(kukar_coop, "operasional", D(2025, 6, 1))
    operating_unit(kukar_coop)
    record(kukar_coop, "operasional", D(2025, 6, 1))


def test_verify_needs_a_document_for_musdesus(kukar_coop, kukar_officer):
    milestone = record(kukar_coop, "musdesus", D(2025, 5, 1))
    with pytest.raises(ValidationError, match="dokumen"):
        milestone_verify(actor=kukar_officer, milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.CLAIMED


def test_verify_with_document_and_reject_lowers_phase(kukar_coop, kukar_officer):
    doc = document_upload(actor=kukar_officer, cooperative=kukar_coop, kind="berita_acara", uploaded_file=upload())
    musdesus = record(kukar_coop, "musdesus", D(2025, 5, 1), document=doc)
    milestone_verify(actor=kukar_officer, milestone=musdesus)
    musdesus.refresh_from_db()
    assert musdesus.status == MilestoneStatus.VERIFIED and musdesus.verified_by == kukar_officer
    akta = record(kukar_coop, "akta", D(2025, 5, 10))
    kukar_coop.refresh_from_db()
    assert kukar_coop.phase == 3
    with pytest.raises(ValidationError):
        milestone_reject(actor=kukar_officer, milestone=akta, note="  ")
    milestone_reject(actor=kukar_officer, milestone=akta, note="Akta tidak terbaca")
    kukar_coop.refresh_from_db()
    assert kukar_coop.phase == 2
    # a rejected milestone may be claimed again
    record(kukar_coop, "akta", D(2025, 5, 12))
    kukar_coop.refresh_from_db()
    assert kukar_coop.phase == 3


def test_a_rejected_milestone_cannot_be_verified(kukar_coop, kukar_officer):
    record(kukar_coop, "sosialisasi", D(2025, 4, 1))
    doc = document_upload(actor=kukar_officer, cooperative=kukar_coop, kind="berita_acara", uploaded_file=upload())
    musdesus = record(kukar_coop, "musdesus", D(2025, 5, 1), document=doc)
    milestone_reject(actor=kukar_officer, milestone=musdesus, note="Tanda tangan tidak lengkap")
    kukar_coop.refresh_from_db()
    assert kukar_coop.phase == 1
    with pytest.raises(ValidationError, match="sudah ditolak"):
        milestone_verify(actor=kukar_officer, milestone=Milestone.objects.get(pk=musdesus.pk))
    musdesus.refresh_from_db()
    kukar_coop.refresh_from_db()
    assert (musdesus.status, musdesus.note, kukar_coop.phase) == ("rejected", "Tanda tangan tidak lengkap", 1)


def test_milestone_changes_are_kept_in_history_with_the_actor(kukar_coop, kukar_officer):
    doc = document_upload(actor=kukar_officer, cooperative=kukar_coop, kind="berita_acara", uploaded_file=upload())
    milestone = record(kukar_coop, "musdesus", D(2025, 5, 1), actor=kukar_officer, document=doc)
    milestone_verify(actor=kukar_officer, milestone=milestone)
    history = list(milestone.history.order_by("history_date"))
    assert [h.status for h in history] == ["claimed", "verified"]
    assert all(h.history_user == kukar_officer for h in history)


def test_target_count_xor_percent(kukar_officer):
    kukar = Region.objects.get(code="64.02")
    with pytest.raises(ValidationError):
        target_create(actor=kukar_officer, region=kukar, phase="operasional", due_date=D(2025, 11, 28))
    with pytest.raises(ValidationError):
        target_create(
            actor=kukar_officer, region=kukar, phase="operasional", count=237, percent=100, due_date=D(2025, 11, 28)
        )
    target = target_create(actor=kukar_officer, region=kukar, phase="operasional", count=237, due_date=D(2025, 11, 28))
    assert target.version == 1


def test_stale_target_edit_is_a_conflict(kukar_officer, paser_officer):
    kukar = Region.objects.get(code="64.02")
    target = target_create(actor=kukar_officer, region=kukar, phase="akta", count=100, due_date=D(2025, 8, 1))
    target_update(actor=kukar_officer, target=target, version=1, data={"count": 120})
    stale = type(target).objects.get(pk=target.pk)
    with pytest.raises(ConflictError):
        target_update(actor=kukar_officer, target=stale, version=1, data={"count": 90})
    target.refresh_from_db()
    assert target.count == 120 and target.version == 2
    assert target.history.count() == 2
