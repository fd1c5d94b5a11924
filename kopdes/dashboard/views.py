"""The dashboard: "/" opens the user's own scope; region pages show the progress document of one region and its
children (the drill-down from the country to a village), with the panels of the registered progress blocks."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from kopdes.cooperatives.choices import PHASE_BY_KEY, PHASE_KEYS, Phase
from kopdes.cooperatives.models import Cooperative
from kopdes.core.htmx import render_page
from kopdes.core.scoping import scope_for
from kopdes.dashboard.selectors import dashboard_panels, progress_document
from kopdes.regions.choices import CHILD_LEVEL, RegionLevel
from kopdes.regions.selectors import region_breadcrumb, region_for_user

# The phase the children table reports as a share of villages: a musyawarah khusus means the village has
# decided to form its cooperative, the first step the regency can count on.
HEADLINE_PHASE = "musdesus"


def percent(part: int, whole: int) -> Decimal | None:
    """part/whole in percent with one decimal, None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def phase_labels() -> dict[str, str]:
    return {key: Phase(number).label for key, number in PHASE_BY_KEY.items()}


def _breadcrumb(user, region) -> list[dict]:
    """Ancestors from the country down; only those inside the user's scope are links."""
    return region_breadcrumb(user=user, region=region)


def _cooperative_ids(region) -> dict[str, int]:
    """village code → cooperative id, for the villages a district (or a single village) page lists. One query."""
    if region is None:
        return {}
    if region.level == RegionLevel.DISTRICT:
        return dict(Cooperative.objects.filter(village__parent_id=region.code).values_list("village_id", "id"))
    if region.level == RegionLevel.VILLAGE:
        return dict(Cooperative.objects.filter(village_id=region.code).values_list("village_id", "id"))
    return {}


@require_GET
@login_required
def dashboard(request):
    """Open the user's own scope: their region page, or their cooperative for pengurus and pendamping."""
    scope = scope_for(request.user)
    if scope.everything or scope.region_code:
        return redirect("dashboard:region_detail", request.user.home_code)
    if scope.cooperative_ids:
        if len(scope.cooperative_ids) == 1:
            (pk,) = scope.cooperative_ids
            return redirect("cooperatives:cooperative_detail", pk)
        return redirect("cooperatives:cooperative_list")
    return render(request, "dashboard/dashboard_empty.html")


@require_GET
@login_required
def region_detail(request, code: str):
    checked = region_for_user(user=request.user, code=code)
    region = checked.region
    summary = progress_document(region=checked)
    labels = phase_labels()
    villages_total = summary["villages"]["total"]
    cooperative_ids = _cooperative_ids(region)
    # The rows below are the selector's aggregated buckets (one per child region), decorated for display.
    children = [
        {
            **child,
            "phase_counts": [child["phases"][key] for key in PHASE_KEYS],
            "headline_pct": percent(child["phases"][HEADLINE_PHASE], child["villages"]["total"]),
            "cooperative_id": cooperative_ids.get(child["region"]["code"]),
        }
        for child in summary["children"]
    ]
    phases = [
        {
            "key": key,
            "label": labels[key],
            "count": summary["phases"][key],
            "pct": percent(summary["phases"][key], villages_total),
        }
        for key in PHASE_KEYS
    ]
    level = region.level if region else None
    child_level = CHILD_LEVEL[level]
    context = {
        "region": region,
        "summary": summary,
        "code": summary["region"]["code"],
        "level_label": RegionLevel(level).label if level else "",
        "child_level_label": child_level.label if child_level else "",
        "is_district": level == RegionLevel.DISTRICT,
        "village_cooperative_id": cooperative_ids.get(region.code) if region else None,
        "breadcrumb": _breadcrumb(request.user, region),
        "phases": phases,
        "phase_labels": [labels[key] for key in PHASE_KEYS],
        "headline_label": labels[HEADLINE_PHASE],
        "headline_pct": percent(summary["phases"][HEADLINE_PHASE], villages_total),
        "children": children,
        "panels": dashboard_panels(summary),
        "chart": {
            "labels": [str(labels[key]) for key in PHASE_KEYS],
            "counts": [summary["phases"][key] for key in PHASE_KEYS],
            "villages": villages_total,
        },
    }
    return render_page(request, "dashboard/region_detail.html", context, partial="children-table")
