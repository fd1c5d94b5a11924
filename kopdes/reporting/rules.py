"""Pure rules of the periodic reports: periods, due dates, timeliness, the review loop's transitions, figure checks.
No database, no clock: the caller passes `today`."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kopdes.reporting.choices import (
    DEFAULT_DUE_DAY,
    FIGURE_MAX,
    Action,
    PeriodType,
    Status,
)

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    due: datetime.date

    @property
    def key(self) -> str:
        """ "YYYY-MM" of the period's first month."""
        return f"{self.start.year:04d}-{self.start.month:02d}"


def _months(period_type: str) -> int:
    return 3 if period_type == PeriodType.TRIWULANAN else 1


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_start(day: datetime.date, period_type: str = PeriodType.BULANAN) -> datetime.date:
    """The first day of the period that contains `day`."""
    months = _months(period_type)
    month = (day.month - 1) // months * months + 1
    return datetime.date(day.year, month, 1)


def due_date(end: datetime.date, due_day: int = DEFAULT_DUE_DAY) -> datetime.date:
    """The due day of the month after the period's last day (clamped to that month's length)."""
    following = _add_months(end.replace(day=1), 1)
    last = calendar.monthrange(following.year, following.month)[1]
    return following.replace(day=min(max(due_day, 1), last))


def period_of(day: datetime.date, period_type: str = PeriodType.BULANAN, due_day: int = DEFAULT_DUE_DAY) -> Period:
    start = period_start(day, period_type)
    end = _add_months(start, _months(period_type)) - datetime.timedelta(days=1)
    return Period(start, end, due_date(end, due_day))


def parse_period(key: str) -> datetime.date:
    """ "YYYY-MM" → its first day; ValueError otherwise."""
    try:
        year, month = key.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return datetime.date(int(year), int(month), 1)
    except (ValueError, AttributeError) as exc:
        raise ValueError(_("Periode harus berbentuk TTTT-BB, misalnya 2026-10.")) from exc


def next_period(period: Period, period_type: str, due_day: int) -> Period:
    return period_of(period.end + datetime.timedelta(days=1), period_type, due_day)


def periods_due_between(
    since: datetime.date, until: datetime.date, period_type: str = PeriodType.BULANAN, due_day: int = DEFAULT_DUE_DAY
) -> list[Period]:
    """The periods whose due date falls in [since, until], oldest first."""
    if until < since:
        return []
    # The period due on or after `since` starts at most two periods before it.
    period = period_of(_add_months(since.replace(day=1), -2 * _months(period_type) - 1), period_type, due_day)
    found = []
    while period.due <= until:
        if period.due >= since:
            found.append(period)
        period = next_period(period, period_type, due_day)
    return found


def latest_due_period(
    today: datetime.date, period_type: str = PeriodType.BULANAN, due_day: int = DEFAULT_DUE_DAY
) -> Period:
    """The latest period whose due date has passed (strictly before `today`)."""
    period = period_of(today, period_type, due_day)
    while period.due >= today:
        period = period_of(period.start - datetime.timedelta(days=1), period_type, due_day)
    return period


def periods_back(period: Period, count: int, period_type: str, due_day: int) -> list[Period]:
    """`count` periods ending with `period`, oldest first."""
    found = [period]
    while len(found) < count:
        found.insert(0, period_of(found[0].start - datetime.timedelta(days=1), period_type, due_day))
    return found


def period_label(start: datetime.date, period_type: str = PeriodType.BULANAN) -> str:
    if period_type == PeriodType.TRIWULANAN:
        return _("Triwulan %(q)d %(year)d") % {"q": (start.month - 1) // 3 + 1, "year": start.year}
    return f"{MONTHS_ID[start.month - 1]} {start.year}"


def on_time(submitted_on: datetime.date, due: datetime.date) -> bool:
    """On time: first submitted on or before the due day (DHIS2 timeliness)."""
    return submitted_on <= due


def period_error(period: Period, today: datetime.date, exists_from: datetime.date | None) -> str | None:
    """Why a report for `period` cannot be opened: a period not yet ended, a unit that did not exist in it."""
    if period.end >= today:
        return _("Periode %(period)s belum berakhir; laporannya dibuat setelah akhir periode.") % {
            "period": period_label(period.start)
        }
    if exists_from is not None and exists_from > period.end:
        return _("Unit ini belum ada pada periode tersebut.")
    return None


TRANSITIONS = {
    Action.SUBMIT: ((Status.DRAFT,), Status.SUBMITTED),
    Action.RESUBMIT: ((Status.RETURNED,), Status.RESUBMITTED),
    Action.RETURN: ((Status.SUBMITTED, Status.RESUBMITTED), Status.RETURNED),
    Action.APPROVE: ((Status.SUBMITTED, Status.RESUBMITTED), Status.APPROVED),
}


def transition(status: str, action: str) -> str | None:
    """The status after `action`, or None when the action is not allowed from `status`."""
    allowed, after = TRANSITIONS[action]
    return after if status in allowed else None


def figure_error(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return _("Isi dengan bilangan bulat.")
    if value < 0:
        return _("Angka tidak boleh negatif.")
    if value > FIGURE_MAX:
        return _("Angka terlalu besar.")
    return None


def differences(frozen: dict, current: dict) -> dict[str, tuple]:
    """Keys whose plain (number) value differs between the frozen figures and today's: key → (frozen, current)."""
    changed = {}
    for key, value in frozen.items():
        now = current.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and now != value and now is not None:
            changed[key] = (value, now)
    return changed


def whatsapp_link(phone: str, text: str) -> str | None:
    """wa.me link with a prefilled message; Indonesian numbers "08…" become "628…"."""
    from urllib.parse import quote

    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if len(digits) < 9:
        return None
    return f"https://wa.me/{digits}?text={quote(text)}"


def rate(part: int, whole: int) -> float | None:
    """Percentage with one decimal; None when nothing was expected."""
    return round(100 * part / whole, 1) if whole else None
