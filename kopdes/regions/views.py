"""The region search page: a full page of matches (links to the region pages), and as an htmx fragment the
<option>s a `RegionInput`'s datalist shows while the user types."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from kopdes.core.htmx import render_page
from kopdes.regions.choices import RegionLevel
from kopdes.regions.selectors import region_search


@require_GET
@login_required
def region_search_page(request):
    # A RegionInput sends its own value under the field's name (`field=` says which); the page's form sends `q`.
    field = request.GET.get("field", "")
    q = (request.GET.get(field) if field else None) or request.GET.get("q", "")
    q = q.strip()[:100]
    levels = [level for level in request.GET.getlist("level") if level in RegionLevel.values]
    matches = region_search(user=request.user, q=q, levels=levels) if q else []
    context = {"q": q, "matches": matches, "level_labels": dict(RegionLevel.choices)}
    return render_page(request, "regions/region_search.html", context, partial="options")
