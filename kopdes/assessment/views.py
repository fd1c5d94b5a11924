"""Pages of the assessment: the region's "perlu perhatian" list with the distribution per child region and the
XLSX export, a cooperative's history month by month with its reasons and visits, the field-visit form (on a
phone, with the browser's GPS), the visit's photo, the regency's weights and the button that queues the month's
run. Views parse, scope (404 outside the scope), check the capability (403) and hand writes to the services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kopdes.accounts.choices import Capability
from kopdes.assessment import rules, selectors, services
from kopdes.assessment.choices import CATEGORIES, INDICATORS, Category, Indicator
from kopdes.assessment.forms import VisitForm, WeightsForm
from kopdes.assessment.models import Visit
from kopdes.cooperatives.models import Cooperative
from kopdes.core.exceptions import ConflictError
from kopdes.core.exports import table_response
from kopdes.core.htmx import render_page
from kopdes.core.scoping import get_object_for_user, region_user, require, scope_for, user_can
from kopdes.regions.choices import RegionLevel
from kopdes.regions.selectors import region_for_user

PAGE_SIZE = 50
EXPORT_COLUMNS = ["bulan", "kode_desa", "desa", "kecamatan", "koperasi", "skor", "kategori", "perubahan",
                  *[f"poin_{key}" for key in INDICATORS], "bukti_belum_ada", "langkah_berikutnya"]  # fmt: skip
CATEGORY_COLOURS = {
    Category.AKTIF: "#1b7f3b",
    Category.BERKEMBANG: "#7fb800",
    Category.KURANG_AKTIF: "#f0a202",
    Category.PAPAN_NAMA: "#c0392b",
    Category.BELUM_BERBADAN_HUKUM: "#9e9e9e",
}


def _checked_region(request):
    if not region_user(request.user):
        raise Http404
    code = request.GET.get("region") or scope_for(request.user).home_code
    return region_for_user(user=request.user, code=code)


def _month(request, code: str):
    text = request.GET.get("month", "")
    if text:
        try:
            return services.parse_month(text)
        except ValidationError as exc:
            raise Http404 from exc
    return selectors.latest_month(code)


def _export_rows(rows):
    for row in rows:
        points = {reason["indicator"]: reason["points"] for reason in row.reasons}
        yield [
            f"{row.month:%Y-%m}",
            row.village_id,
            row.village.name,
            row.village.parent.name if row.village.parent else "",
            row.cooperative.name,
            row.score,
            Category(row.category).label,
            row.trend,
            *[points.get(key, "") for key in INDICATORS],
            "; ".join(row.missing),
            rules.next_step(row.reasons),
        ]


def _bars(counts: dict) -> list[dict]:
    """The segments of one stacked bar (SVG, no inline style): x and width in percent."""
    total = sum(counts[c] for c in CATEGORIES) or 1
    x, bars = 0.0, []
    for category in CATEGORIES:
        width = 100 * counts[category] / total
        if width:
            bars.append({"category": category, "x": round(x, 2), "width": round(width, 2),
                         "colour": CATEGORY_COLOURS[category], "n": counts[category]})  # fmt: skip
        x += width
    return bars


@require_GET
@login_required
def region(request):
    """The region's month: the categories, their distribution per child region (chart), and the "perlu
    perhatian" list (weakest first, steepest drop first) with the next step; `?format=xlsx` exports the list."""
    scoped = _checked_region(request)
    month = _month(request, scoped.code)
    category = request.GET.get("category", "")
    if category and category not in CATEGORIES:
        category = ""
    rows = (
        selectors.attention_list(user=request.user, month=month, region=scoped.code, category=category)
        if month
        else selectors.Assessment.objects.none()
    )
    if request.GET.get("format") == "xlsx":
        stem = f"penilaian-{scoped.code or 'ID'}-{month:%Y-%m}" if month else f"penilaian-{scoped.code or 'ID'}"
        return table_response("xlsx", stem, EXPORT_COLUMNS, _export_rows(rows.iterator(chunk_size=2000)),
                              sheet_title="Penilaian")  # fmt: skip
    block = {"month": f"{month:%Y-%m}" if month else None, **selectors.month_counts(scoped.code, month)}
    children = selectors.by_child(region=scoped, month=month)
    for child in children:
        child["bars"] = _bars(child)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    regency = scoped.code[:5] if len(scoped.code) >= 5 else ""
    context = {
        "scoped": scoped,
        "code": scoped.code or "ID",
        "month": month,
        "summary": block,
        "bars": _bars(block),
        "children": children,
        "category": category,
        "categories": [(c, Category(c).label, CATEGORY_COLOURS[c]) for c in CATEGORIES],
        "page": page,
        "rows": selectors.with_next_step(page.object_list),
        "may_run": user_can(request.user, Capability.MANAGE_ASSESSMENT),
        "regency": regency,
        "child_label": _("Kecamatan") if scoped.level == RegionLevel.REGENCY else _("Wilayah"),
    }
    return render_page(request, "assessment/region.html", context, partial="attention")


@require_POST
@login_required
def run(request):
    """Queue the month's run for the region (the background worker runs it; idempotent)."""
    scoped = _checked_region(request)
    require(request.user, Capability.MANAGE_ASSESSMENT)
    from kopdes.assessment.tasks import assess_month_task

    month = f"{timezone.localdate():%Y-%m}"
    assess_month_task.enqueue(month, scoped.code)
    text = _("Penilaian bulan %(month)s untuk %(region)s diantrekan.") % {"month": month, "region": scoped.name}
    messages.success(request, text)
    return redirect(f"{reverse('assessment:region')}?region={scoped.code or 'ID'}")


@require_GET
@login_required
def cooperative(request, pk: int):
    """A cooperative's assessments month by month with their reasons and missing evidence, and its visits."""
    coop = get_object_for_user(Cooperative.objects.select_related("village"), request.user, pk=pk)
    history = selectors.cooperative_history(cooperative=coop)
    contest = selectors.contest_of(history[0]) if history else None
    context = {
        "cooperative": coop,
        "history": [
            {
                "row": row,
                "next_step": rules.next_step(row.reasons),
                "changes": rules.changes(row.reasons, history[i + 1].reasons) if i + 1 < len(history) else [],
            }
            for i, row in enumerate(history)
        ],
        "latest": history[0] if history else None,
        "contest": contest
        if contest and contest.contested and contest.category_proposed != history[0].category
        else None,
        "visits": selectors.visits_of(cooperative=coop),
        "may_visit": services.may_visit(request.user),
        "labels": dict(Indicator.choices),
    }
    return render_page(request, "assessment/cooperative.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def visit_create(request, pk: int):
    coop = get_object_for_user(Cooperative.objects.select_related("village"), request.user, pk=pk)
    require(request.user, Capability.VISIT_COOPERATIVE)
    form = VisitForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.visit_record(
                    actor=request.user,
                    cooperative=coop,
                    visited_on=data["visited_on"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    checklist=data["checklist"],
                    notes=data["notes"],
                    verdict=data["verdict"],
                    category_proposed=data["category_proposed"],
                    photo=data["photo"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
                status = 400
            else:
                messages.success(request, _("Kunjungan dicatat."))
                return redirect("assessment:cooperative", coop.pk)
        else:
            status = 400
    latest = selectors.assessment_of(cooperative=coop)
    context = {"cooperative": coop, "form": form, "latest": latest}
    response = render_page(request, "assessment/visit_form.html", context, status=status)
    response.headers["Permissions-Policy"] = _visit_permissions()
    return response


def _visit_permissions() -> str:
    """The site-wide Permissions-Policy, with the GPS and the camera allowed to this page itself (the visit form
    reads the phone's position and takes the photo)."""
    policy = {feature: list(allowed) for feature, allowed in settings.PERMISSIONS_POLICY.items()}
    policy["geolocation"] = ["self"]
    policy["camera"] = ["self"]
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


@require_GET
@login_required
def visit_photo(request, pk: int):
    """Photos are outside the web root; this scoped view is the only way to them."""
    visit = get_object_for_user(Visit, request.user, pk=pk)
    if not visit.photo:
        raise Http404
    try:
        handle = visit.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type=visit.photo_type or "image/jpeg", filename=f"kunjungan-{visit.pk}")


@require_http_methods(["GET", "POST"])
@login_required
def weights(request):
    """The regency's weights table (history kept); `?region=` a regency in the user's scope."""
    scoped = _checked_region(request)
    if scoped.level != RegionLevel.REGENCY:
        code = scoped.code[:5] if len(scoped.code) > 5 else ""
        if not code:
            raise Http404
        scoped = region_for_user(user=request.user, code=code)
    row = services.settings_for(scoped.code)
    current = rules.clean_weights(row.weights)
    initial = {"visit_radius_m": row.visit_radius_m, "version": row.version if row.pk else 0,
               **{f"w_{key}": value for key, value in current.items()}}  # fmt: skip
    status = 200
    if request.method == "POST":
        require(request.user, Capability.MANAGE_ASSESSMENT)
        form = WeightsForm(request.POST)
        if form.is_valid():
            try:
                services.weights_save(
                    actor=request.user,
                    regency=scoped.region,
                    weights=form.weights(),
                    visit_radius_m=form.cleaned_data["visit_radius_m"],
                    version=form.cleaned_data["version"] or None,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
                status = 400
            except ConflictError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("Bobot penilaian disimpan; berlaku pada penilaian berikutnya."))
                return redirect(f"{reverse('assessment:weights')}?region={scoped.code}")
        else:
            status = 400
    else:
        form = WeightsForm(initial=initial)
    history = list(row.history.select_related("history_user").order_by("-history_date")[:20]) if row.pk else []
    context = {
        "scoped": scoped,
        "form": form,
        "row": row,
        "history": history,
        "may_edit": user_can(request.user, Capability.MANAGE_ASSESSMENT),
        "indicator_fields": [form[f"w_{key}"] for key in INDICATORS],
    }
    return render_page(request, "assessment/weights.html", context, status=status)
