"""The overlap rule over every combination of village kind, unit status and performance, and as properties."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kopdes.core.choices import BusinessCategory
from kopdes.mapping.choices import BumdesPerformance, BumdesUnitStatus, Verdict
from kopdes.mapping.rules import UnitFact, is_established, overlap_verdict
from kopdes.regions.choices import RegionKind

B, K, T = Verdict.BOLEH, Verdict.BOLEH_DENGAN_KOORDINASI, Verdict.TUMPANG_TINDIH
# (village kind, unit status or None for no unit, performance) → verdict
EXPECTED = {
    ("desa", None, None): B,
    ("desa", "aktif", "berhasil"): T,
    ("desa", "aktif", "belum_optimal"): K,
    ("desa", "aktif", "merugi"): K,
    ("desa", "tidak_aktif", "berhasil"): K,
    ("desa", "tidak_aktif", "belum_optimal"): K,
    ("desa", "tidak_aktif", "merugi"): K,
    ("kelurahan", None, None): B,
    ("kelurahan", "aktif", "berhasil"): B,
    ("kelurahan", "aktif", "belum_optimal"): B,
    ("kelurahan", "aktif", "merugi"): B,
    ("kelurahan", "tidak_aktif", "berhasil"): B,
    ("kelurahan", "tidak_aktif", "belum_optimal"): B,
    ("kelurahan", "tidak_aktif", "merugi"): B,
}


def test_table_covers_every_combination():
    combos = {(kind, None, None) for kind in (RegionKind.DESA, RegionKind.KELURAHAN)} | set(
        itertools.product((RegionKind.DESA, RegionKind.KELURAHAN), BumdesUnitStatus.values, BumdesPerformance.values)
    )
    assert set(EXPECTED) == combos


@pytest.mark.parametrize(("kind", "status", "performance"), list(EXPECTED))
def test_verdict_table(kind, status, performance):
    units = [] if status is None else [UnitFact("BUMDes Maju Bersama", "sembako", status, performance, 2025)]
    # A unit of another category never matters.
    units.append(UnitFact("BUMDes Maju Bersama", "klinik", "aktif", "berhasil", 2025))
    result = overlap_verdict(village_kind=kind, category="sembako", units=units)
    assert result.verdict == EXPECTED[(kind, status, performance)]
    assert result.reason


def test_reason_names_the_bumdes_the_line_and_the_year():
    unit = UnitFact("BUMDes Maju Bersama", "sembako", "aktif", "berhasil", 2025)
    result = overlap_verdict(village_kind="desa", category="sembako", units=[unit])
    assert "BUMDes Maju Bersama" in result.reason
    assert "sembako" in result.reason.lower()
    assert "aktif dan berhasil pada 2025" in result.reason
    assert result.unit == unit


def test_kelurahan_reason_says_the_cooperative_leads():
    result = overlap_verdict(village_kind="kelurahan", category="lpg", units=[])
    assert "Kelurahan tidak memiliki BUMDes" in result.reason


units_strategy = st.lists(
    st.builds(
        UnitFact,
        bumdes_name=st.just("BUMDes X"),
        category=st.sampled_from(BusinessCategory.values),
        status=st.sampled_from(BumdesUnitStatus.values),
        performance=st.sampled_from(BumdesPerformance.values),
        year=st.none() | st.integers(2015, 2026),
    ),
    max_size=8,
)


@given(units=units_strategy, category=st.sampled_from(BusinessCategory.values))
def test_never_boleh_while_an_established_unit_of_the_category_exists(units, category):
    result = overlap_verdict(village_kind="desa", category=category, units=units)
    if any(u.category == category and is_established(u) for u in units):
        assert result.verdict == Verdict.TUMPANG_TINDIH
        assert result.verdict != Verdict.BOLEH


@given(units=units_strategy, category=st.sampled_from(BusinessCategory.values))
def test_verdict_depends_only_on_units_of_the_category(units, category):
    same = [u for u in units if u.category == category]
    full = overlap_verdict(village_kind="desa", category=category, units=units)
    assert full.verdict == overlap_verdict(village_kind="desa", category=category, units=same).verdict
    assert (full.verdict == Verdict.BOLEH) == (not same)
