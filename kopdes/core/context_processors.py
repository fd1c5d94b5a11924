"""What every page's frame (base.html) needs: the top menu of the signed-in user, from the registered menu items."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from kopdes.core import registry


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": SimpleLazyObject(lambda: registry.menu_for(user))}
