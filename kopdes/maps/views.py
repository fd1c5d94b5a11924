"""The maps' page: the locations of a region's cooperatives that do not fit their village (for the regency office).
The choropleth itself is a panel of the region pages (`blocks.py`), its data the API (`api.py`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from kopdes.core.htmx import render_page
from kopdes.maps.selectors import location_summary, suspicious_locations
from kopdes.regions.geo import tolerance_m
from kopdes.regions.selectors import region_for_user


@require_GET
@login_required
def locations(request, code: str):
    checked = region_for_user(user=request.user, code=code)
    if checked.region is None:
        raise Http404  # the whole country: one regency's list at a time
    include_near = request.GET.get("dekat") == "1"
    rows = suspicious_locations(region=checked, include_near=True)
    context = {
        "region": checked.region,
        "rows": rows if include_near else [row for row in rows if row["check"].refused],
        "summary": location_summary(region=checked, rows=rows),
        "include_near": include_near,
        "tolerance": tolerance_m(),
    }
    return render_page(request, "maps/locations.html", context)
