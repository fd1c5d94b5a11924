"""Pure rules of PMK 49/2025 financing over plain values: the instalment schedule, due dates, and the limit checks
that the form, the API and the demo share. Limits come in as a dict (`FinancingRule` key → value) so these stay free
of the database.

Schedule (the default product, changeable per bank agreement):

- the tenor counts the grace months; during grace the cooperative pays interest only;
- after grace, an annuity over the remaining months: A = P·i / (1 − (1 + i)^−m), i = annual rate / 12;
- each month's interest = outstanding × annual rate / 12, rounded half up to a whole rupiah;
- the annuity A is rounded half up to a whole rupiah; each month's principal = A − interest;
- the last instalment's principal is whatever remains, so the principals sum to the loan exactly (it absorbs the
  rounding, up or down);
- due on the due day (12) of each month, moved to the next working day when that falls on a Saturday or Sunday
  (national holidays are not modelled: the bank's calendar decides those)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

BP_PER_YEAR = 10_000 * 12  # basis points × months: monthly rate = rate_bp / 120000


def round_half_up(value: Fraction) -> int:
    """Whole rupiah, halves up (amounts here are never negative)."""
    return int((value * 2 + 1) // 2)


def add_months(day: datetime.date, months: int, *, due_day: int | None = None) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    target = due_day or day.day
    for candidate in (target, 30, 29, 28):
        try:
            return datetime.date(year, month, min(target, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def next_working_day(day: datetime.date) -> datetime.date:
    """Saturday and Sunday move to Monday."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Row:
    no: int
    due_date: datetime.date
    principal: int
    interest: int
    total: int
    balance: int


def loan_schedule(*, amount: int, rate_bp: int, tenor: int, grace: int, first_due: datetime.date) -> list[Row]:
    """The monthly schedule (see the module docstring). `first_due` is the nominal due date of instalment 1; later
    ones fall on the same day of the following months, each moved past a weekend."""
    if amount <= 0 or tenor <= grace or grace < 0:
        raise ValueError("amount > 0 and tenor > grace >= 0")
    rate = Fraction(rate_bp, BP_PER_YEAR)
    months = tenor - grace
    if rate:
        annuity = round_half_up(amount * rate / (1 - (1 + rate) ** -months))
    else:
        annuity = round_half_up(Fraction(amount, months))
    rows: list[Row] = []
    balance = amount
    for no in range(1, tenor + 1):
        interest = round_half_up(balance * rate)
        if no <= grace:
            principal = 0
        elif no == tenor:
            principal = balance
        else:
            principal = min(balance, annuity - interest)
        balance -= principal
        due = next_working_day(add_months(first_due, no - 1))
        rows.append(Row(no, due, principal, interest, principal + interest, balance))
    return rows


def term_errors(*, tenor: int, grace: int, rate_bp: int, limits: dict) -> dict[str, str]:
    errors = {}
    if tenor > limits["tenor_max_months"]:
        errors["tenor_months"] = _("Tenor paling lama %(n)d bulan (PMK 49/2025).") % {"n": limits["tenor_max_months"]}
    if not limits["grace_min_months"] <= grace <= limits["grace_max_months"]:
        errors["grace_months"] = _("Masa tenggang %(a)d sampai %(b)d bulan (PMK 49/2025).") % {
            "a": limits["grace_min_months"],
            "b": limits["grace_max_months"],
        }
    if tenor <= grace:
        errors.setdefault("tenor_months", _("Tenor harus lebih panjang dari masa tenggang."))
    if rate_bp > limits["rate_bp"]:
        errors["rate_bp"] = _("Bunga paling tinggi %(r)s%% setahun (PMK 49/2025).") % {"r": limits["rate_bp"] / 100}
    return errors


def amount_errors(*, amount: int, earlier_loans: int, limits: dict) -> dict[str, str]:
    room = limits["plafond_max_rp"] - earlier_loans
    if amount > room:
        return {
            "amount_rp": _(
                "Jumlah melebihi plafon: paling banyak Rp%(room)s (plafon Rp%(max)s dikurangi pinjaman sebelumnya "
                "Rp%(earlier)s)."
            )
            % {"room": _dots(max(room, 0)), "max": _dots(limits["plafond_max_rp"]), "earlier": _dots(earlier_loans)}
        }
    return {}


def opex_errors(*, opex: int, limits: dict) -> dict[str, str]:
    if opex > limits["opex_max_rp"]:
        return {
            "amount_rp": _("Belanja operasional Rp%(opex)s melebihi batas Rp%(max)s (PMK 49/2025).")
            % {"opex": _dots(opex), "max": _dots(limits["opex_max_rp"])}
        }
    return {}


def fallback_capacity(*, dana_desa_annual: int, limits: dict) -> int:
    """Dana Desa the kepala desa may commit to cover instalments, as a last resort (Permendes 10/2025)."""
    return dana_desa_annual * limits["village_fallback_pct"] // 100


def approver_for(kind: str) -> str:
    """KDMP: the kepala desa; KKMP: the bupati / wali kota."""
    return "kepala_desa" if kind == "KDMP" else "bupati"


def _dots(value: int) -> str:
    return f"{value:,}".replace(",", ".")
