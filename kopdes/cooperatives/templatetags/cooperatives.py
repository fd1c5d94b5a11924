"""Template filters of the registry: an official's NIK as the viewing user may see it."""

from django import template

from kopdes.cooperatives.selectors import official_nik_for

register = template.Library()


@register.filter
def nik_for(official, user) -> str:
    """{{ official|nik_for:request.user }}: the NIK as this user may see it (the API's rule)."""
    return official_nik_for(user, official)
