"""A full page and its htmx fragment come from one template (STYLE.md rule 7): the fragment is a
`{% partialdef %}` of the page, chosen when the request comes from htmx. A fragment request whose session has
expired is sent to the sign-in page as a whole page (`HX-Redirect`), never with the sign-in form inside a fragment."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.cache import patch_vary_headers


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_page(request, template: str, context: dict, *, partial: str | None = None, status: int = 200):
    """Render `template`, or only its `partial` when htmx asked for a fragment."""
    name = f"{template}#{partial}" if partial and is_htmx(request) else template
    response = render(request, name, context, status=status)
    if partial:
        patch_vary_headers(response, ("HX-Request",))  # one URL, two bodies: caches must keep them apart
    return response


class HtmxLoginRedirectMiddleware:
    """An htmx request answered with a redirect to the sign-in page (the session expired while the page was open):
    htmx would follow it and put the sign-in form inside the fragment; tell htmx to load the sign-in page instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_htmx(request) and response.status_code in (301, 302) and self._to_login(response.get("Location", "")):
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = response["Location"]
            return redirect
        return response

    @staticmethod
    def _to_login(location: str) -> bool:
        return urlsplit(location).path == urlsplit(resolve_url(settings.LOGIN_URL)).path
