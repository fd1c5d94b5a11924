"""Template filters for Indonesian presentation: money as "Rp 3.000.000.000", NIK masked unless allowed."""

import datetime

from django import template

from kopdes.cooperatives.selectors import official_nik_for

register = template.Library()


def format_rupiah(value) -> str:
    if value in (None, ""):
        return "–"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


@register.filter
def rupiah(value) -> str:
    return format_rupiah(value)


@register.filter
def nik_for(official, user) -> str:
    """{{ official|nik_for:request.user }}: the NIK as this user may see it (the API's rule)."""
    return official_nik_for(user, official)


@register.filter
def as_date(value):
    """An ISO date string (as in the API documents) as a date, so `|date` writes it the Indonesian way."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
