"""Throttling of failed sign-ins: passwords through django-axes (by account and by address, settings AXES_*), API
bearer tokens here (by address, in the cache). Both share one cool-off (KOPDES_LOGIN_COOLOFF_MINUTES).

A token is a 43-character random secret, so guessing one is hopeless; the throttle is there so that a script trying
keys, or a client stuck with a revoked key, costs the server a cache lookup and shows up in the log."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from kopdes.core.security import client_ip

logger = logging.getLogger("kopdes.security")


def cool_off() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.KOPDES_LOGIN_COOLOFF_MINUTES)


def lockout_response(request, response=None, credentials=None):
    """What axes answers once an account or an address is locked: the sign-in page with an Indonesian message,
    status 429. The form stays, so the user can try again after the cool-off."""
    minutes = settings.KOPDES_LOGIN_COOLOFF_MINUTES
    message = _(
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, akun atau alamat ini dikunci sementara; "
        "coba lagi setelah %(minutes)d menit atau hubungi admin."
    ) % {"minutes": minutes}
    return render(request, "accounts/login.html", {"lockout_message": message, "next": ""}, status=429)


def _token_key(ip: str) -> str:
    return f"kopdes:token-failures:{ip}"


def token_lockout_seconds(request) -> int | None:
    """Seconds until this address may present bearer tokens again, or None when it is not locked out."""
    entry = cache.get(_token_key(client_ip(request)))
    if not entry or entry["count"] < settings.KOPDES_TOKEN_FAILURE_LIMIT:
        return None
    remaining = entry["until"] - datetime.datetime.now(datetime.UTC).timestamp()
    return max(1, int(remaining)) if remaining > 0 else None


def token_failure_record(request) -> None:
    """Count one unknown bearer token from this address; each failure restarts the cool-off, as axes does for
    passwords."""
    ip = client_ip(request)
    key = _token_key(ip)
    seconds = int(cool_off().total_seconds())
    entry = cache.get(key) or {"count": 0}
    entry["count"] += 1
    entry["until"] = datetime.datetime.now(datetime.UTC).timestamp() + seconds
    cache.set(key, entry, timeout=seconds)
    if entry["count"] == settings.KOPDES_TOKEN_FAILURE_LIMIT:
        logger.warning("API token lockout: address %s after %d unknown tokens", ip, entry["count"])
    elif entry["count"] < settings.KOPDES_TOKEN_FAILURE_LIMIT:
        logger.info("API token rejected: address %s, failure %d", ip, entry["count"])
