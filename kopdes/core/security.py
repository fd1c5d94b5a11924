"""Site-wide security plumbing: the client address, the Permissions-Policy header, and one log line per refused
request."""

from __future__ import annotations

import logging

from django.conf import settings


def client_ip(request) -> str | None:
    """The address a request came from. Behind KOPDES_TRUSTED_PROXIES reverse proxies (each appending the address it
    saw to X-Forwarded-For), the address the outermost trusted proxy saw; otherwise REMOTE_ADDR, so a client cannot
    choose its own address by sending the header. None when there is none (a login made in code, e.g. the test
    client's force_login): axes stores the address in an inet column, which refuses anything but an address."""
    proxies = getattr(settings, "KOPDES_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class PermissionsPolicyMiddleware:
    """Sets the Permissions-Policy header (settings.PERMISSIONS_POLICY): the pages use no camera, microphone,
    location, payment or sensors, so the browser refuses them to any script that would."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RefusedRequestLine(logging.Filter):
    """On the django.request and django.security loggers: a refused request (4xx) becomes one line — status,
    method, path, user and address — instead of Django's "Forbidden (Permission denied)" with a traceback, so a
    scan of other regions' records reads as one line per attempt in the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Logging set up twice (runserver's django.setup() and its WSGI handler's) puts two of these on a logger.
        if getattr(record, "refused_request_line", False):
            return True
        request = getattr(record, "request", None)
        status = getattr(record, "status_code", None)
        if request is None or not hasattr(request, "META"):
            return True
        if status is None:
            status = 403 if record.name.startswith("django.security") else None
        if status is None or not 400 <= status < 500:
            return True
        user = getattr(request, "user", None)
        username = user.get_username() if user is not None and user.is_authenticated else "-"
        reason = record.getMessage().split(":", 1)[0]
        record.msg = "%s %s %s user=%s ip=%s (%s)"
        record.args = (status, request.method, request.get_full_path()[:300], username, client_ip(request), reason)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record.refused_request_line = True
        return True
