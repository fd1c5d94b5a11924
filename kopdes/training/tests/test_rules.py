"""The training rules, table-driven: each case is the rule's input and whether (and why) it refuses."""

import datetime

import pytest

from kopdes.training import rules

D = datetime.date


@pytest.mark.parametrize(
    ("track", "tier", "passed", "refused"),
    [
        ("tata_kelola", "dasar", set(), False),  # dasar needs nothing
        ("tata_kelola", "madya", set(), True),
        ("tata_kelola", "madya", {("tata_kelola", "dasar")}, False),
        ("tata_kelola", "madya", {("keuangan", "dasar")}, True),  # another track's dasar does not count
        ("keuangan", "lanjut", {("keuangan", "dasar")}, True),  # lanjut needs madya, not dasar
        ("keuangan", "lanjut", {("keuangan", "madya")}, False),
    ],
)
def test_prerequisite(track, tier, passed, refused):
    error = rules.prerequisite_error(track=track, tier=tier, passed=passed)
    assert (error is not None) is refused
    if refused:
        assert "Belum lulus jenjang" in error


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "start", "end", "refused"),
    [
        (D(2025, 1, 1), D(2025, 12, 31), D(2025, 9, 10), D(2025, 9, 11), False),
        (D(2025, 1, 1), D(2025, 9, 10), D(2025, 9, 10), D(2025, 9, 11), True),  # lapses on the first day
        (D(2025, 9, 11), D(2026, 1, 1), D(2025, 9, 10), D(2025, 9, 11), True),  # starts a day late
        (D(2025, 9, 10), D(2025, 9, 11), D(2025, 9, 10), D(2025, 9, 11), False),  # exactly the days
    ],
)
def test_certification_covers_every_day(valid_from, valid_until, start, end, refused):
    error = rules.certification_error(valid_from=valid_from, valid_until=valid_until, start=start, end=end)
    assert (error is not None) is refused
    if refused:
        assert "tidak mencakup seluruh tanggal" in error


@pytest.mark.parametrize(
    ("valid_until", "flagged"),
    [(D(2026, 11, 29), True), (D(2027, 1, 28), True), (D(2027, 1, 29), False), (D(2026, 11, 28), False)],
)
def test_certification_expiring_within_60_days(valid_until, flagged):
    assert rules.certification_expiring(valid_until=valid_until, today=D(2026, 11, 29)) is flagged


@pytest.mark.parametrize(
    ("day", "refused"),
    [(D(2025, 8, 20), True), (D(2025, 8, 21), False), (D(2025, 8, 22), False), (D(2025, 8, 23), True)],
)
def test_attendance_day(day, refused):
    assert (rules.attendance_day_error(day=day, start=D(2025, 8, 21), end=D(2025, 8, 22)) is not None) is refused


@pytest.mark.parametrize(
    ("organiser", "village", "refused"),
    [("64.02", "64.02.01.2001", False), ("64.02.01", "64.02.01.2001", False), ("64.02.06", "64.02.01.2001", True),
     ("64.02", "64.01.04.2002", True), ("64", "64.01.04.2002", False)],
)  # fmt: skip
def test_organiser_region(organiser, village, refused):
    error = rules.organiser_region_error(organiser_code=organiser, village_code=village, cooperative="K")
    assert (error is not None) is refused


@pytest.mark.parametrize(
    ("capacity", "taken", "adding", "refused"),
    [(10, 9, 1, False), (10, 10, 1, True), (10, 4, 7, True), (10, 0, 10, False)],
)
def test_capacity(capacity, taken, adding, refused):
    assert (rules.capacity_error(capacity=capacity, taken=taken, adding=adding) is not None) is refused


def test_prerequisite_tier_order():
    assert [rules.prerequisite_tier(t) for t in ("dasar", "madya", "lanjut")] == [None, "dasar", "madya"]
