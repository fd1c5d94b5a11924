"""The schedule against a hand-computed example, the rounding rule, and the CLI."""

import datetime
import json

from django.core.management import call_command

from kopdes.finance.rules import add_months, loan_schedule, next_working_day, round_half_up

D = datetime.date


def test_schedule_matches_the_hand_computed_example():
    """Rp1,000,000,000, 6%/year, 12 months of which 6 grace, first due Monday 12 January 2026.

    Grace: interest only, 1,000,000,000 × 0.06 / 12 = 5,000,000 a month.
    Annuity over 6 months at i = 0.005: 1.005^6 = 1.030377509…, 1.005^-6 = 0.970518078…,
    A = 5,000,000 / 0.029481921… = 169,595,455.6… → 169,595,456.
    Month 7: interest 5,000,000, principal 164,595,456, balance 835,404,544.
    Month 8: interest 835,404,544 × 0.005 = 4,177,022.72 → 4,177,023; principal 165,418,433.
    Month 12: the rest, 168,751,696, with interest 843,758.48 → 843,758: total 169,595,454 (absorbs rounding).
    Total interest: 6 × 5,000,000 + 17,572,734 = 47,572,734."""
    rows = loan_schedule(amount=1_000_000_000, rate_bp=600, tenor=12, grace=6, first_due=D(2026, 1, 12))
    assert len(rows) == 12
    assert [r.total for r in rows[:6]] == [5_000_000] * 6
    assert all(r.principal == 0 and r.balance == 1_000_000_000 for r in rows[:6])
    assert (rows[6].principal, rows[6].interest, rows[6].total, rows[6].balance) == (
        164_595_456, 5_000_000, 169_595_456, 835_404_544,
    )  # fmt: skip
    assert (rows[7].interest, rows[7].principal) == (4_177_023, 165_418_433)
    assert all(r.total == 169_595_456 for r in rows[6:11])
    assert (rows[11].principal, rows[11].interest, rows[11].total, rows[11].balance) == (
        168_751_696, 843_758, 169_595_454, 0,
    )  # fmt: skip
    assert sum(r.principal for r in rows) == 1_000_000_000
    assert sum(r.interest for r in rows) == 47_572_734


def test_due_dates_move_past_weekends():
    rows = loan_schedule(amount=1_000_000_000, rate_bp=600, tenor=12, grace=6, first_due=D(2026, 1, 12))
    dates = {r.no: r.due_date for r in rows}
    assert dates[1] == D(2026, 1, 12)  # Monday
    assert dates[4] == D(2026, 4, 13)  # 12 April 2026 is a Sunday
    assert dates[7] == D(2026, 7, 13)  # Sunday
    assert dates[9] == D(2026, 9, 14)  # Saturday
    assert dates[12] == D(2026, 12, 14)  # Saturday
    assert all(d.weekday() < 5 for d in dates.values())
    assert next_working_day(D(2025, 7, 12)) == D(2025, 7, 14)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)


def test_principal_sums_exactly_for_awkward_amounts():
    for amount in (3_000_000_000, 1_234_567_891, 777_777_777, 500_000_001):
        rows = loan_schedule(amount=amount, rate_bp=600, tenor=72, grace=8, first_due=D(2026, 3, 12))
        assert sum(r.principal for r in rows) == amount
        assert rows[-1].balance == 0
        assert all(r.principal >= 0 for r in rows)


def test_round_half_up():
    from fractions import Fraction

    assert round_half_up(Fraction(5, 2)) == 3
    assert round_half_up(Fraction(249, 100)) == 2


def test_loan_schedule_command_json(capsys):
    call_command("loan_schedule", "--amount", "1000000000", "--rate", "6", "--tenor", "12", "--grace", "6",
                 "--first-due", "2026-01-12", "--json")  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["total_interest"] == 47_572_734
    assert data["instalments"][11] == {"no": 12, "due_date": "2026-12-14", "principal": 168_751_696,
                                       "interest": 843_758, "total": 169_595_454, "balance": 0}  # fmt: skip
    assert data["instalments"][3]["due_date"] == "2026-04-13"
