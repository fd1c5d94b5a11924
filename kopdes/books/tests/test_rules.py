import datetime

import pytest

from kopdes.books import rules

D = datetime.date
KNOWN = {"64.02.01", "64.02.06"}.__contains__


def test_nik_valid_man_and_woman():
    assert rules.nik_errors(rules.make_nik("64.02.06", D(1985, 3, 9), False, 1), "L", KNOWN) == []
    woman = rules.make_nik("64.02.06", D(1990, 12, 31), True, 7)
    assert woman[6:8] == "71"
    assert rules.nik_errors(woman, "P", KNOWN) == []


@pytest.mark.parametrize(
    ("nik", "sex", "fragment"),
    [
        ("640206090385000", "L", "16 angka"),
        ("64020609038500a1", "L", "16 angka"),
        ("9999990903850001", "L", "kode kecamatan"),
        ("6402063203850001", "L", "tanggal lahir"),
        ("6402067102850001", "P", "tanggal lahir"),  # 31 Feb for a woman (71-40)
        ("6402064903850001", "L", "perempuan"),  # day 49 → a woman born 9 March
        ("6402060903850001", "P", "laki-laki"),
    ],
)
def test_nik_refused(nik, sex, fragment):
    errors = rules.nik_errors(nik, sex, KNOWN)
    assert errors and fragment in " ".join(errors)


def test_division_rules():
    good = {"cadangan": 25, "jasa_modal": 15, "jasa_anggota": 20, "bagian_desa": 20, "dana_pengurus": 5,
            "dana_pendidikan": 5, "dana_sosial": 5, "dana_pembangunan_daerah": 5}  # fmt: skip
    assert rules.division_errors(good, kdmp=True) == []
    assert "100" in rules.division_errors({**good, "cadangan": 30}, kdmp=True)[0]
    low = {**good, "bagian_desa": 15, "cadangan": 30}
    assert "Permendes" in rules.division_errors(low, kdmp=True)[0]
    assert rules.division_errors(low, kdmp=False) == []


def test_shu_allocation_by_hand_with_rounding():
    """SHU Rp 1.000.001: pools 10% jasa modal = 100.000 (floor of 100.000,1), 30% jasa anggota = 300.000; the
    one rupiah the pools leave goes to cadangan. Jasa modal by capital 1:1:1 → 33.333 each, 1 left to cadangan;
    jasa anggota by purchases 200:100 → 200.000 and 100.000."""
    division = {"cadangan": 40, "jasa_modal": 10, "jasa_anggota": 30, "bagian_desa": 20}
    result = rules.shu_allocate(1_000_001, division, {"A": 110, "B": 110, "C": 110}, {"A": 200, "B": 100})
    assert result["pools"]["jasa_modal"] == 99_999
    assert result["pools"]["jasa_anggota"] == 300_000
    assert result["pools"]["bagian_desa"] == 200_000
    assert result["pools"]["cadangan"] == 400_000 + 1 + 1
    assert sum(result["pools"].values()) == 1_000_001
    by = {row["nomor_anggota"]: row for row in result["members"]}
    assert by["A"] == {"nomor_anggota": "A", "jasa_modal": 33_333, "jasa_anggota": 200_000, "total": 233_333}
    assert by["C"]["jasa_anggota"] == 0 and by["C"]["total"] == 33_333


def test_arrears_by_date():
    joined = D(2025, 7, 10)
    assert rules.wajib_arrears(joined=joined, left=None, as_of=D(2025, 9, 1), monthly=10_000, paid=10_000) == (
        2,
        20_000,
    )
    assert rules.wajib_arrears(joined=joined, left=None, as_of=D(2025, 9, 1), monthly=10_000, paid=30_000) == (0, 0)
    assert rules.wajib_arrears(joined=joined, left=D(2025, 8, 1), as_of=D(2026, 1, 1), monthly=10_000, paid=0) == (
        2,
        20_000,
    )
    assert rules.wajib_arrears(joined=joined, left=None, as_of=D(2025, 10, 1), monthly=10_000, paid=15_000) == (
        3,
        25_000,
    )
