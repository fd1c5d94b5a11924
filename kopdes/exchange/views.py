"""Pages of the national-system exchange: review of the units that did not match, and the comparison of our
registry with the national figures. The upload (preview of the matching, then confirm) is the one import flow of
`kopdes.core.import_views`, with the importer of `kopdes.exchange.importers`. Views only parse, scope and
render; numbers come from the selectors, writes from the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kopdes.accounts.choices import Capability
from kopdes.core.exceptions import validation_errors
from kopdes.core.exports import Sheet, workbook_response
from kopdes.core.htmx import is_htmx, render_page
from kopdes.core.scoping import get_object_for_user, require, user_can
from kopdes.exchange import selectors, services
from kopdes.exchange.choices import OPEN_STATUSES
from kopdes.exchange.io import LEVEL_LABELS, comparison_sheet
from kopdes.exchange.models import NationalUnit
from kopdes.regions.choices import NATIONAL_CODE, RegionLevel
from kopdes.regions.forms import RegionFilterForm
from kopdes.regions.models import Region
from kopdes.regions.selectors import (
    CODE_QUERY,
    RegionLookupError,
    region_breadcrumb,
    region_for_user,
    region_lookup,
)

IGNORE = "-"  # the decision "not a Kemendagri region"


# ---------------------------------------------------------------------------------------------------------------
# Review of unmatched and ambiguous units


def _review_filters(request, region: str) -> selectors.ReviewFilters:
    status = request.GET.get("status", "")
    level = request.GET.get("level", "")
    return selectors.ReviewFilters(
        level=level if level in RegionLevel.values else "",
        status=status if status in OPEN_STATUSES else "",
        region=region,
        actionable=request.GET.get("semua") != "1",
        q=request.GET.get("q", "").strip()[:100],
    )


@require_GET
@login_required
def mapping_review(request):
    region_form = RegionFilterForm(request.GET, user=request.user)
    region = region_form.region_code()
    filters = _review_filters(request, region or "")
    units = selectors.mapping_review_list(user=request.user, filters=filters)
    # A region that names nothing in scope lists nothing (the message is next to the field), never everything.
    page = Paginator(units.none() if region is None else units, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "region_form": region_form,
        "waiting": selectors.unmatched_share(user=request.user),
        "can_decide": user_can(request.user, Capability.IMPORT_SIMKOPDES),
        "levels": [(level, LEVEL_LABELS[level]) for level in LEVEL_LABELS],
        "statuses": [(status.value, status.label) for status in OPEN_STATUSES],
        "query": request.GET.urlencode(),
        "ignore": IGNORE,
    }
    return render_page(request, "exchange/mapping_review.html", context, partial="review-table")


@require_POST
@login_required
def mapping_decide(request, pk: int):
    unit = get_object_for_user(NationalUnit.objects.select_related("parent"), request.user, pk=pk)
    require(request.user, Capability.IMPORT_SIMKOPDES)
    # A candidate's button sends `region`; the "Tetapkan" button sends the code typed in `code`.
    # The typed text may be a code or a name ("Rapak Lambur"); a name is resolved in scope at the unit's level.
    choice = (request.POST.get("region") or request.POST.get("code") or "").strip()
    region, error = None, None
    if choice != IGNORE and CODE_QUERY.match(choice):
        region = get_object_for_user(Region, request.user, code=choice)
    elif choice != IGNORE:
        try:
            region = region_lookup(user=request.user, text=choice, levels=[unit.level])
        except RegionLookupError as exc:
            labels = "; ".join(match.label for match in exc.matches[:6])
            error = f"{exc.message} {labels}".strip()
    if error is None:
        try:
            unit = services.mapping_decide(actor=request.user, unit=unit, region=region)
        except ValidationError as exc:
            error = "; ".join(item["message"] for item in validation_errors(exc))
    if is_htmx(request):
        context = {"unit": unit, "error": error, "can_decide": True, "ignore": IGNORE, "decided": error is None}
        return render_page(
            request, "exchange/mapping_review.html", context, partial="unit-row", status=400 if error else 200
        )
    if error:
        messages.error(request, error)
    elif region is None:
        messages.success(request, _("%(name)s ditandai bukan wilayah Kemendagri.") % {"name": unit.name})
    else:
        messages.success(
            request,
            _("%(name)s dipetakan ke %(region)s (%(code)s).")
            % {"name": unit.name, "region": region.name, "code": region.code},
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("exchange:mapping_review")


# ---------------------------------------------------------------------------------------------------------------
# Comparison


def _breadcrumb(user, region) -> list[dict]:
    return region_breadcrumb(user=user, region=region)


def _village_rows(data: dict, region, child_level) -> dict:
    """The village table shows only villages where the two sides differ (thousands of equal or empty rows help no
    one); when SIMKOPDES has no village rows for the region the page says so instead."""
    villages = data["villages"] if child_level != RegionLevel.VILLAGE else []
    with_national = [row for row in villages if row.national is not None]
    differing = [row for row in with_national if row.differs]
    wants_villages = region is not None and region.level in (RegionLevel.REGENCY, RegionLevel.DISTRICT)
    return {
        "show_villages": bool(with_national),
        "village_rows": differing,
        "village_counts": {"all": len(villages), "national": len(with_national), "differing": len(differing)},
        "no_village_rows": wants_villages and child_level != RegionLevel.VILLAGE and not with_national,
    }


@require_GET
@login_required
def comparison(request, code: str):
    checked = region_for_user(user=request.user, code=code)
    region = checked.region
    data = selectors.comparison(region=checked)
    child_level = data["child_level"]
    context = {
        "region": region,
        "code": region.code if region else NATIONAL_CODE,
        "data": data,
        "breadcrumb": _breadcrumb(request.user, region),
        "child_level_label": RegionLevel(child_level).label if child_level else "",
        **_village_rows(data, region, child_level),
        "can_import": user_can(request.user, Capability.IMPORT_SIMKOPDES),
    }
    return render_page(request, "exchange/comparison.html", context)


@require_GET
@login_required
def comparison_export(request, code: str):
    checked = region_for_user(user=request.user, code=code)
    region = checked.region
    data = selectors.comparison(region=checked)
    tables = [(_("Per wilayah"), [data["total"], *data["children"]])]
    if data["villages"] and data["child_level"] != RegionLevel.VILLAGE:
        tables.append((_("Per desa"), data["villages"]))
    sheets = []
    for title, rows in tables:
        lines = comparison_sheet(rows)  # its header first
        sheets.append(Sheet(title, next(lines), lines))
    stem = f"simkopdes-bandingkan-{(region.code if region else NATIONAL_CODE).replace('.', '-')}"
    return workbook_response(stem, sheets)
