"""The training services: the happy path of an event, and every bad input of issue 12 item 9 refused with a clear
message while nothing changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, PASER_VILLAGE, cooperative, full_board
from kopdes.training import services
from kopdes.training.models import Event, EventFunding, Participant

D = datetime.date


def _refused(fn, match: str, **kwargs):
    before = (Participant.objects.count(), Participant.history.count(), EventFunding.objects.count())
    with pytest.raises(ValidationError) as info:
        fn(**kwargs)
    assert match in " ".join(info.value.messages)
    assert (Participant.objects.count(), Participant.history.count(), EventFunding.objects.count()) == before


def test_invitations_fill_the_quota_in_position_order(training, board, kukar_officer):
    result = services.invitations_generate(actor=kukar_officer, event=training, region_code="64.02.01")
    assert (result.invited, result.cooperatives) == (2, 1)
    invited = list(training.participants.order_by("id").values_list("position", "source", "tier", "track"))
    assert invited == [("ketua", "undangan", "dasar", "tata_kelola"), ("bendahara", "undangan", "dasar", "tata_kelola")]
    again = services.invitations_generate(actor=kukar_officer, event=training, region_code="64.02.01")
    assert (again.invited, again.already_listed) == (0, 2)
    assert Participant.history.filter(history_user=kukar_officer).count() == 2


def test_invitations_beyond_capacity_refused_whole(training, board, kukar_officer):
    training.capacity = 1
    training.save()
    _refused(services.invitations_generate, "Kapasitas 1 orang", actor=kukar_officer, event=training)


def test_enrolling_the_same_person_twice(training, board):
    services.participant_register(actor=None, event=training, cooperative=board[0].cooperative, official=board[0])
    _refused(
        services.participant_register,
        "sudah terdaftar",
        actor=None,
        event=training,
        cooperative=board[0].cooperative,
        official=board[0],
    )


def test_registration_beyond_capacity(sosialisasi, board):
    for official in board[:3]:
        services.participant_register(
            actor=None, event=sosialisasi, cooperative=official.cooperative, official=official
        )
    _refused(
        services.participant_register,
        "Kapasitas 3 orang",
        actor=None,
        event=sosialisasi,
        cooperative=board[3].cooperative,
        official=board[3],
    )


def test_course_without_its_prerequisite(madya, provider, board, kukar_officer):
    event = services.event_create(
        actor=None,
        organiser_region=Region.objects.get(code=KUKAR),
        kind="pelatihan",
        title="Madya",
        agency="DiskopUKM Kukar",
        start_date=D(2026, 3, 2),
        end_date=D(2026, 3, 3),
        capacity=20,
        course=madya,
        provider=provider,
    )
    _refused(
        services.participant_register,
        "Belum lulus jenjang Dasar",
        actor=None,
        event=event,
        cooperative=board[0].cooperative,
        official=board[0],
    )
    result = services.invitations_generate(actor=kukar_officer, event=event)
    assert (result.invited, result.missing_prerequisite) == (0, 4)  # ketua, bendahara, sekretaris, ketua pengawas


def test_provider_not_certified_on_the_sessions_dates(dasar, provider):
    with pytest.raises(ValidationError) as info:
        services.event_create(
            actor=None,
            organiser_region=Region.objects.get(code=KUKAR),
            kind="pelatihan",
            title="Terlambat",
            agency="DiskopUKM Kukar",
            start_date=D(2027, 12, 31),
            end_date=D(2028, 1, 1),
            capacity=20,
            course=dasar,
            provider=provider,
        )
    assert "tidak mencakup seluruh tanggal" in info.value.message_dict["provider"][0]
    assert not Event.objects.filter(title="Terlambat").exists()


def test_person_of_a_cooperative_outside_the_organisers_region(training):
    paser = cooperative(PASER_VILLAGE)
    ketua = full_board(paser, start_nik=6401040101900001)[0]
    _refused(
        services.participant_register,
        "di luar wilayah penyelenggara",
        actor=None,
        event=training,
        cooperative=paser,
        official=ketua,
    )
    _refused(
        services.walk_in_add,
        "di luar wilayah penyelenggara",
        actor=None,
        event=training,
        day=D(2025, 9, 10),
        cooperative=paser,
        name="Tamu Paser",
    )


def test_attendance_on_a_day_outside_the_event(training, board):
    participant = services.participant_register(
        actor=None, event=training, cooperative=board[0].cooperative, official=board[0]
    )
    with pytest.raises(ValidationError) as info:
        services.attendance_record(actor=None, participant=participant, day=D(2025, 9, 12))
    assert "di luar tanggal kegiatan" in info.value.messages[0]
    participant.refresh_from_db()
    assert participant.attended_on is None


def test_duplicate_certificate_number(training, board):
    first, second = (
        services.walk_in_add(actor=None, event=training, day=D(2025, 9, 10), cooperative=o.cooperative, official=o)
        for o in board[:2]
    )
    services.result_record(actor=None, participant=first, passed=True, certificate_number="SERT-001")
    with pytest.raises(ValidationError) as info:
        services.result_record(actor=None, participant=second, passed=True, certificate_number="SERT-001")
    assert "sudah dipakai" in info.value.messages[0]
    second.refresh_from_db()
    assert (second.passed, second.certificate_number) == (False, None)


def test_negative_budget(training):
    _refused(services.funding_add, "negatif", actor=None, event=training, source="apbd", amount_rp=-1)


def test_apbdes_names_a_desa_inside_the_region(training):
    perian = Region.objects.get(code="64.02.01.2001")
    line = services.funding_add(actor=None, event=training, source="apbdes", amount_rp=15_000_000, village=perian)
    assert line.village_id == "64.02.01.2001"
    _refused(services.funding_add, "memerlukan desa", actor=None, event=training, source="apbdes", amount_rp=1)
    melayu = Region.objects.get(code="64.02.06.1005")
    _refused(
        services.funding_add, "kelurahan", actor=None, event=training, source="apbdes", amount_rp=1, village=melayu
    )
    janju = Region.objects.get(code=PASER_VILLAGE)
    _refused(
        services.funding_add, "di luar wilayah", actor=None, event=training, source="apbdes", amount_rp=1, village=janju
    )


def test_walk_ins_beyond_capacity_are_counted_and_flagged(sosialisasi, board):
    from kopdes.training.selectors import event_counts

    for official in board[:3]:
        services.participant_register(
            actor=None, event=sosialisasi, cooperative=official.cooperative, official=official
        )
    for p in sosialisasi.participants.all():
        services.attendance_record(actor=None, participant=p, day=D(2025, 8, 21))
    services.walk_in_add(
        actor=None, event=sosialisasi, day=D(2025, 8, 21), cooperative=board[0].cooperative, name="Pak Darmin"
    )
    counts = event_counts(sosialisasi)
    assert (counts["attended"], counts["walk_ins"], counts["over_capacity"]) == (4, 1, 1)


def test_passing_numbers_the_certificate_and_needs_attendance(training, board):
    listed = services.participant_register(
        actor=None, event=training, cooperative=board[0].cooperative, official=board[0]
    )
    with pytest.raises(ValidationError, match="hadir"):
        services.result_record(actor=None, participant=listed, passed=True)
    services.attendance_record(actor=None, participant=listed, day=D(2025, 9, 11))
    passed = services.result_record(actor=None, participant=listed, passed=True, pre_score=55, post_score=82)
    assert passed.certificate_number == f"TK-1/64.02/2025/{training.pk}-001"
    other = services.walk_in_add(
        actor=None, event=training, day=D(2025, 9, 10), cooperative=board[1].cooperative, official=board[1]
    )
    assert services.result_record(actor=None, participant=other, passed=True).certificate_number.endswith("-002")


def test_stale_event_edit_is_a_conflict(training):
    from kopdes.core.exceptions import ConflictError

    services.event_update(actor=None, event=training, version=1, data={"capacity": 20})
    with pytest.raises(ConflictError):
        services.event_update(actor=None, event=Event.objects.get(pk=training.pk), version=1, data={"capacity": 30})
    assert Event.objects.get(pk=training.pk).capacity == 20
