"""Pure rules of the consultation service: working-day deadlines, routing, the reopen window, the anonymity check
of a published answer and the WhatsApp follow-up link. Plain values in, plain values out, so the services, the
demo and the tests say the same thing."""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

from django.utils.translation import gettext as _

from kopdes.helpdesk.choices import REOPEN_DAYS, Responder

SATURDAY = 5


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (weekends skipped): asked on a Friday with 3 days, due on Wednesday;
    asked on a Saturday, due on Wednesday too. 0 days: `start` itself if a working day, else the next one."""
    day = start
    if days <= 0:
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
        return day
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when answered the same day or on a weekend after
    it): the response time in the figures."""
    if end <= start:
        return 0
    full_weeks, rest = divmod((end - start).days, 7)
    count = full_weeks * 5
    day = start + datetime.timedelta(days=full_weeks * 7)
    for _step in range(rest):
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def route(*, setting: str, camat_available: bool) -> str:
    """Who answers: the topic setting of the regency, but a topic set to the camat goes to the regency office when
    the kecamatan has no camat account to answer it (nobody would)."""
    if setting == Responder.CAMAT and camat_available:
        return Responder.CAMAT
    return Responder.DINAS


def reopen_error(*, closed_on: datetime.date | None, today: datetime.date) -> str | None:
    """Why a closed consultation may not be reopened, or None. After REOPEN_DAYS the asker asks a new question
    that refers to the old one."""
    if closed_on is None:
        return _("Hanya konsultasi yang sudah selesai yang dapat dibuka kembali.")
    if (today - closed_on).days > REOPEN_DAYS:
        return _(
            "Konsultasi ini selesai lebih dari %(days)d hari yang lalu: ajukan pertanyaan baru yang merujuk "
            "konsultasi ini."
        ) % {"days": REOPEN_DAYS}
    return None


PHONE_RE = re.compile(r"(?:\+?62|\b0)8[\d\s.-]{7,14}\d")
NIK_RE = re.compile(r"\b\d{16}\b")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def anonymity_problems(text: str, *, names: list[str]) -> list[str]:
    """What in `text` still identifies someone: a phone number, a NIK, an e-mail address, or one of `names` (the
    asker's name, the officials'). Empty when the text may be published."""
    problems = []
    if PHONE_RE.search(text):
        problems.append(_("masih ada nomor telepon"))
    if NIK_RE.search(text):
        problems.append(_("masih ada NIK"))
    if EMAIL_RE.search(text):
        problems.append(_("masih ada alamat surel"))
    lowered = text.lower()
    for name in names:
        name = (name or "").strip()
        if len(name) >= 4 and re.search(rf"\b{re.escape(name.lower())}\b", lowered):
            problems.append(_("masih ada nama %(name)s") % {"name": name})
    return problems


def whatsapp_number(phone: str) -> str | None:
    """An Indonesian phone number as wa.me wants it (62 and the digits, no plus, no leading 0), or None."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not digits.startswith("62") or not 10 <= len(digits) <= 15:
        return None
    return digits


def whatsapp_link(phone: str, text: str) -> str | None:
    """https://wa.me/62…?text=… with the message prefilled, or None when the phone is not a usable number."""
    number = whatsapp_number(phone)
    if number is None:
        return None
    return f"https://wa.me/{number}?text={quote(text, safe='')}"
