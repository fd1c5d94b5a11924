"""The dashboard: "/" opens the user's own scope; region pages show the progress document of one region and its
children (the drill-down from the country to a village), with the panels of the registered progress blocks."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kopdes.cooperatives.choices import PHASE_BY_KEY, PHASE_KEYS, Phase
from kopdes.cooperatives.models import Cooperative
from kopdes.core.htmx import render_page
from kopdes.core.scoping import get_object_for_user, scope_for
from kopdes.dashboard.pdf import briefing_pdf
from kopdes.dashboard.rollups import rollup
from kopdes.dashboard.selectors import SUMMARY_LEVELS, dashboard_panels, region_summary
from kopdes.formation.selectors import cooperative_checklist, cooperative_status_rows
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
    level = region.level if region else None
    today = timezone.localdate()
    refresh = request.GET.get("segarkan") == "1"
    overview = None
    if level in SUMMARY_LEVELS:
        overview = region_summary(region=checked, today=today, sort=request.GET.get("urut", ""), refresh=refresh)
        summary = overview["document"]
        computed_at = overview["computed_at"]
    else:
        kept = rollup("progress", checked, today=today, refresh=refresh)
        summary, computed_at = kept.value, kept.computed_at
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
        "today": today,
        "computed_at": computed_at,
    }
    if overview is not None:
        context |= _overview_context(overview, labels)
    elif level == RegionLevel.DISTRICT:
        context["villages"] = _village_rows(checked, summary, today)
    elif level == RegionLevel.VILLAGE and context["village_cooperative_id"]:
        cooperative = get_object_for_user(Cooperative, request.user, pk=context["village_cooperative_id"])
        context["cooperative"] = cooperative
        context["checklist"] = cooperative_checklist(user=request.user, cooperative=cooperative)
    return render_page(request, "dashboard/region_detail.html", context, partial="children-table")


@require_GET
@login_required
def region_briefing(request, code: str):
    """The summary screen as a one-page PDF for the bupati (country, province or regency; a kecamatan or village
    has no briefing: 404). Read-only, so every role that may see the region may print it."""
    checked = region_for_user(user=request.user, code=code)
    level = checked.level
    if level not in SUMMARY_LEVELS:
        raise Http404
    today = timezone.localdate()
    overview = region_summary(region=checked, today=today)
    child_level = CHILD_LEVEL[level]
    pdf = briefing_pdf(overview=overview, today=today, child_level_label=child_level.label if child_level else "")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"ringkasan-{overview['document']['region']['code']}-{today:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _overview_context(overview: dict, labels: dict) -> dict:
    """The summary's parts, and the charts' data (json_script; dashboard.js draws them, the tables carry them)."""
    trend = overview["trend"]
    months = [_month_label(month) for month in trend["months"]]
    basis = overview["basis"]
    ranking = overview["ranking"]
    gap = overview["gap"]
    return {
        "overview": overview,
        "basis_label": labels[basis["phase"]],
        "trend_rows": [
            {"month": label, "counts": [trend["phases"][key][index] for key in PHASE_KEYS]}
            for index, label in enumerate(months)
        ],
        "trend_chart": {
            "labels": months,
            "series": [{"label": str(labels[key]), "data": trend["phases"][key]} for key in PHASE_KEYS],
            "target": _target_line(basis, len(months)),
        },
        "ranking_chart": {
            "labels": [row["name"] for row in ranking],
            "pct": [float(row["pct"]) if row["pct"] is not None else 0 for row in ranking],
            "label": str(labels[basis["phase"]]),
        },
        "gap_chart": {
            "labels": [str(row["label"]) for row in gap["figures"]],
            "ours": [row["ours"] for row in gap["figures"]],
            "national": [row["national"] for row in gap["figures"]],
            "ours_label": str(_("Registri")),
            "national_label": "SIMKOPDES",
        }
        if gap
        else None,
    }


def _target_line(basis: dict, length: int) -> dict | None:
    target = basis["target"]
    if target is None:
        return None
    return {"label": str(_("Target")), "value": target["target"], "phase": target["phase"]}


def _month_label(month: str) -> str:
    return date_format(datetime.date(int(month[:4]), int(month[5:7]), 1), "M Y")


def _village_rows(checked, summary: dict, today: datetime.date) -> list[dict]:
    """The kecamatan's villages for its camat: each with its cooperative's phase, days in phase, next step,
    missing evidence and the chair's phone; villages without a cooperative say so."""
    statuses = {row.village_code: row for row in cooperative_status_rows(region=checked, today=today)}
    return [
        {
            "region": child["region"],
            "kelurahan": bool(child["villages"]["kelurahan"]),
            "status": statuses.get(child["region"]["code"]),
        }
        for child in summary["children"]
    ]
