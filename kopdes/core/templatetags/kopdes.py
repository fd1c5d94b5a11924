"""Template helpers for every app: money as "Rp 3.000.000.000", ISO dates as dates, registered panels."""

import datetime

from django import template
from django.template.loader import render_to_string

from kopdes.core.scoping import scope_for

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


@register.filter
def covers(user, code) -> bool:
    """{% if user|covers:code %}: may the user open the page of region `code` (links only inside the scope)?"""
    return scope_for(user).covers_code(str(code or ""))


@register.simple_tag(takes_context=True)
def render_panel(context, panel):
    """{% render_panel panel %}: a registered panel's template with the page's context plus the panel's own."""
    return render_to_string(
        panel["template"], {**context.flatten(), **panel["context"]}, request=context.get("request")
    )
