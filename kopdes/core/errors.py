"""The error pages people see: Indonesian, in the site's frame, with a way back (templates/errors/). Used as
handler403/404/500 (config/urls.py) and, for a 404 or 403 a view raises, by `ErrorPageMiddleware` also when DEBUG is
on, so the demo shows an unknown region as a page rather than Django's debug view. The API answers its own errors
(kopdes/api/errors.py) and is left alone."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"


def _back_url(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return ""


def _render(request, status: int):
    context = {"status": status, "back_url": _back_url(request)}
    return render(request, f"errors/{status}.html", context, status=status)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _render(request, 404)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _render(request, 403)


@requires_csrf_token
def server_error(request):
    """Nothing that could fail again: a self-contained template, no menu, no database."""
    from django.http import HttpResponseServerError

    return HttpResponseServerError(render_to_string("errors/500.html"))


class ErrorPageMiddleware:
    """A 404 or 403 raised by a page's view becomes the styled page whatever DEBUG says (the URL resolver's own 404
    and the API are untouched). The response still goes through Django's one-line request log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, exception)
        return None
