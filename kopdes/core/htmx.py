"""A full page and its htmx fragment come from one template (STYLE.md rule 7): the fragment is a
`{% partialdef %}` of the page, chosen when the request comes from htmx."""

from django.shortcuts import render


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_page(request, template: str, context: dict, *, partial: str | None = None, status: int = 200):
    """Render `template`, or only its `partial` when htmx asked for a fragment."""
    name = f"{template}#{partial}" if partial and is_htmx(request) else template
    return render(request, name, context, status=status)
