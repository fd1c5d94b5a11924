"""The training rules as pure functions over plain values, so the pages, the API, the import and the demo refuse
the same things with the same words (DESIGN.md "Training"). Each returns None when the rule holds, else the message
of the rule that failed."""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from kopdes.core.scoping import code_covers
from kopdes.training.choices import CERTIFICATE_WARNING_DAYS, TIERS, Tier, Track


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def prerequisite_tier(tier: str) -> str | None:
    """The tier that must be passed first (the one below in the same track); None for dasar."""
    index = TIERS.index(tier)
    return TIERS[index - 1] if index else None


def prerequisite_error(*, track: str, tier: str, passed: set[tuple[str, str]]) -> str | None:
    """A course of `track`/`tier` needs the lower tier of the same track among `passed` ((track, tier) pairs)."""
    needed = prerequisite_tier(tier)
    if needed is None or (track, needed) in passed:
        return None
    return _("Belum lulus jenjang %(needed)s bidang %(track)s, syarat jenjang %(tier)s.") % {
        "needed": Tier(needed).label,
        "track": Track(track).label,
        "tier": Tier(tier).label,
    }


def certification_error(
    *, valid_from: datetime.date, valid_until: datetime.date, start: datetime.date, end: datetime.date
) -> str | None:
    """A provider's certification must cover every day of the session."""
    if valid_from <= start and end <= valid_until:
        return None
    return _(
        "Sertifikasi lembaga berlaku %(valid_from)s sampai %(valid_until)s, tidak mencakup seluruh tanggal kegiatan "
        "(%(start)s sampai %(end)s)."
    ) % {"valid_from": _day(valid_from), "valid_until": _day(valid_until), "start": _day(start), "end": _day(end)}


def certification_expiring(*, valid_until: datetime.date, today: datetime.date) -> bool:
    """Flag a certification that ends within 60 days (still valid today)."""
    return today <= valid_until <= today + datetime.timedelta(days=CERTIFICATE_WARNING_DAYS)


def attendance_day_error(*, day: datetime.date, start: datetime.date, end: datetime.date) -> str | None:
    if start <= day <= end:
        return None
    return _("Tanggal hadir %(day)s di luar tanggal kegiatan (%(start)s sampai %(end)s).") % {
        "day": _day(day),
        "start": _day(start),
        "end": _day(end),
    }


def organiser_region_error(*, organiser_code: str, village_code: str, cooperative: str) -> str | None:
    """A participant's cooperative must lie inside the organiser's region."""
    if code_covers(organiser_code, village_code):
        return None
    return _("%(cooperative)s berada di luar wilayah penyelenggara (%(code)s).") % {
        "cooperative": cooperative,
        "code": organiser_code,
    }


def capacity_error(*, capacity: int, taken: int, adding: int = 1) -> str | None:
    """Invitations and registrations may not exceed the capacity (walk-ins may: they are flagged instead)."""
    if taken + adding <= capacity:
        return None
    return _("Kapasitas %(capacity)d orang: sudah %(taken)d terdaftar, tidak cukup untuk %(adding)d lagi.") % {
        "capacity": capacity,
        "taken": taken,
        "adding": adding,
    }
