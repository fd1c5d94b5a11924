"""The scoring rule as pure functions: table-driven thresholds, the reasons and missing evidence, and (hypothesis)
adding evidence never lowers a score."""

import dataclasses
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kopdes.assessment import rules
from kopdes.assessment.choices import DEFAULT_WEIGHTS, INDICATORS, Category, LocationStatus

D = datetime.date
DAY = D(2026, 11, 29)
LEGAL = D(2025, 8, 1)


@pytest.mark.parametrize(
    ("score", "category"),
    [(100, "aktif"), (70, "aktif"), (69, "berkembang"), (50, "berkembang"), (49, "kurang_aktif"),
     (25, "kurang_aktif"), (24, "papan_nama"), (0, "papan_nama")],
)  # fmt: skip
def test_category_thresholds(score, category):
    assert rules.category_for(score) == category


def test_not_legal_is_not_scored():
    result = rules.assess(rules.Evidence(day=DAY, members=50, sales_days=40))
    assert result.score is None
    assert result.category == Category.BELUM_BERBADAN_HUKUM
    assert result.reasons == []


def test_no_evidence_at_all_is_papan_nama_with_what_is_missing():
    result = rules.assess(rules.Evidence(day=DAY, legal_on=LEGAL))
    assert result.category == Category.PAPAN_NAMA
    assert result.score is not None and result.score < 25
    assert "belum pernah mencatat penjualan" in result.missing
    assert "belum ada gerai tercatat" in result.missing
    assert [r.indicator for r in result.reasons] == INDICATORS


FULL = rules.Evidence(
    day=DAY, legal_on=LEGAL, gerai_operating=1, sales_days=60, sales_rp=90_000_000, sales_prev_rp=80_000_000,
    last_sale=DAY, members=120, members_new=5, wajib_payers=120, reports_due=3, reports_on_time=3, officials=8,
    trained_dasar=8, trained_madya=8, rat_on=D(2026, 3, 1), partnership_active=True, visit_on=D(2026, 11, 1),
    visit_checks=5,
)  # fmt: skip


def test_full_evidence_scores_100_and_says_why():
    result = rules.assess(FULL)
    assert result.score == 100
    assert result.category == Category.AKTIF
    assert result.missing == []
    sales = next(r for r in result.reasons if r.indicator == "sales")
    assert sales.points == DEFAULT_WEIGHTS["sales"]
    assert "Rp 90.000.000" in sales.evidence and "+12%" in sales.evidence


def test_missing_evidence_names_the_last_sale():
    result = rules.assess(dataclasses.replace(FULL, sales_days=0, sales_rp=0, last_sale=D(2026, 7, 10)))
    assert any("sejak 10 Juli 2026" in line for line in result.missing)
    assert result.score == 100 - DEFAULT_WEIGHTS["sales"]


def test_reports_without_evidence_are_missing_not_zero_silently():
    result = rules.assess(dataclasses.replace(FULL, reports_due=None))
    assert any("laporan bulanan belum dapat dinilai" in line for line in result.missing)


def test_rat_not_yet_due_for_a_young_cooperative():
    young = dataclasses.replace(FULL, legal_on=D(2026, 5, 1), rat_on=None)
    assert rules.rat_due(young.legal_on, young.day) is False
    assert next(r for r in rules.assess(young).reasons if r.indicator == "rat").points == DEFAULT_WEIGHTS["rat"]
    late = dataclasses.replace(FULL, rat_on=D(2025, 6, 1))  # more than 15 months before the day
    assert next(r for r in rules.assess(late).reasons if r.indicator == "rat").points == 0


def test_weights_are_table_driven():
    weights = dict.fromkeys(INDICATORS, 0) | {"sales": 100}
    only_sales = rules.Evidence(day=DAY, legal_on=LEGAL, sales_days=30, sales_rp=1)
    assert rules.assess(only_sales, weights).score == 100
    assert rules.weights_errors(weights) == []
    assert rules.weights_errors(weights | {"sales": 90})  # adds up to 90
    assert rules.weights_errors({"sales": 100})  # not every indicator


def test_next_step_from_the_weakest_indicator():
    result = rules.assess(rules.Evidence(day=DAY, legal_on=LEGAL, gerai_operating=1)).as_json()
    assert "pengurus" in rules.next_step(result["reasons"])  # board is next after the gerai
    assert rules.next_step(rules.assess(FULL).as_json()["reasons"]) == ""


def test_fallback_location():
    ref = (-0.55, 116.55)
    assert rules.fallback_location(-0.551, 116.551, reference=ref, earlier=[], radius_m=3000)[0] == (
        LocationStatus.NEAR_REFERENCE
    )
    status, distance = rules.fallback_location(-1.9, 116.1, reference=ref, earlier=[], radius_m=3000)
    assert status == LocationStatus.OUTSIDE and distance > 100_000
    assert rules.fallback_location(-1.9, 116.1, reference=None, earlier=[(-1.901, 116.1)], radius_m=3000)[0] == (
        LocationStatus.NEAR_EARLIER
    )
    assert rules.fallback_location(-1.9, 116.1, reference=None, earlier=[], radius_m=3000)[0] == (
        LocationStatus.UNCHECKED
    )


# --- adding evidence never lowers a score --------------------------------------------------------------------

small = st.integers(min_value=0, max_value=60)


@st.composite
def evidence(draw):
    members = draw(small)
    officials = draw(st.integers(0, 10))
    dasar = draw(st.integers(0, officials))
    due = draw(st.none() | st.integers(0, 3))
    return rules.Evidence(
        day=DAY, legal_on=draw(st.sampled_from([LEGAL, D(2026, 6, 1)])), gerai_operating=draw(st.integers(0, 2)),
        gerai_other=draw(st.integers(0, 2)), sales_days=draw(st.integers(0, 90)), sales_rp=draw(small) * 100_000,
        sales_prev_rp=draw(small) * 100_000, members=members, members_new=draw(st.integers(0, members)),
        wajib_payers=draw(st.integers(0, members)), reports_due=due,
        reports_on_time=draw(st.integers(0, due or 0)), officials=officials, trained_dasar=dasar,
        trained_madya=draw(st.integers(0, dasar)), board_warnings=draw(st.integers(0, 5)),
        rat_on=draw(st.none() | st.sampled_from([D(2024, 3, 1), D(2026, 2, 1)])),
        partnership_active=draw(st.booleans()), financing_active=draw(st.booleans()),
        visit_on=draw(st.none() | st.sampled_from([D(2026, 5, 1), D(2026, 11, 2)])),
        visit_checks=draw(st.integers(0, 5)),
    )  # fmt: skip


def _add(e: rules.Evidence, what: str) -> rules.Evidence:
    """One more piece of evidence of activity."""
    r = dataclasses.replace
    return {
        "gerai": lambda: r(e, gerai_operating=e.gerai_operating + 1),
        "sale_day": lambda: r(e, sales_days=e.sales_days + 1, sales_rp=e.sales_rp + 50_000, last_sale=e.day),
        "paying_member": lambda: r(e, members=e.members + 1, members_new=e.members_new + 1,
                                   wajib_payers=e.wajib_payers + 1),
        "payment": lambda: r(e, wajib_payers=min(e.members, e.wajib_payers + 1)),
        "report_on_time": lambda: r(e, reports_on_time=min(e.reports_due or 0, e.reports_on_time + 1)),
        "trained": lambda: r(e, trained_dasar=min(e.officials, e.trained_dasar + 1)),
        "madya": lambda: r(e, trained_madya=min(e.trained_dasar, e.trained_madya + 1)),
        "warning_fixed": lambda: r(e, board_warnings=max(0, e.board_warnings - 1)),
        "rat": lambda: r(e, rat_on=D(2026, 4, 1)),
        "partnership": lambda: r(e, partnership_active=True),
        "financing": lambda: r(e, financing_active=True),
        "better_visit": lambda: r(e, visit_checks=min(5, e.visit_checks + 1)),
        "visit": lambda: r(e, visit_on=D(2026, 11, 20)),
    }[what]()  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(evidence(), st.sampled_from(["gerai", "sale_day", "paying_member", "payment", "report_on_time", "trained",
                                    "madya", "warning_fixed", "rat", "partnership", "financing", "better_visit",
                                    "visit"]))  # fmt: skip
def test_adding_evidence_never_lowers_the_score(e, what):
    before, after = rules.assess(e), rules.assess(_add(e, what))
    assert after.score >= before.score
    order = ["papan_nama", "kurang_aktif", "berkembang", "aktif"]
    assert order.index(after.category) >= order.index(before.category)


@settings(max_examples=100, deadline=None)
@given(evidence())
def test_assessment_is_a_function_of_its_evidence(e):
    assert rules.assess(e) == rules.assess(dataclasses.replace(e))
    assert 0 <= rules.assess(e).score <= 100


def test_changes_say_why_a_score_dropped():
    before = rules.assess(FULL).as_json()["reasons"]
    after = rules.assess(dataclasses.replace(FULL, sales_days=0, sales_rp=0, visit_checks=3)).as_json()["reasons"]
    moved = rules.changes(after, before)
    assert [m["indicator"] for m in moved] == ["sales", "visit"]
    assert moved[0]["before"] == 18 and moved[0]["after"] == 0
