"""Pages of the periodic reports: the list, opening a report, a report (pre-filled part, typed part, review loop),
the reporting rate of a region (per form and per child, trend, late and missing with WhatsApp links) and the
regency's consolidated XLSX. Views parse, scope (404 outside scope), check the role (403) and call services."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kopdes.cooperatives.choices import PHASE_BY_KEY, Phase
from kopdes.core.exceptions import ConflictError
from kopdes.core.exports import Sheet, write_workbook
from kopdes.core.htmx import render_page
from kopdes.core.scoping import scope_for
from kopdes.regions.selectors import region_for_user
from kopdes.reporting import rules, selectors, services
from kopdes.reporting.choices import FIGURE_LABELS, MONEY_FIGURES, TEXT_LABELS, FormKind, Status
from kopdes.reporting.forms import NewReportForm, ReviewForm, SettingsForm, TypedForm
from kopdes.reporting.permissions import may_manage, may_review, may_write, may_write_any

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def report_list(request):
    params = {key: request.GET.get(key, "").strip() for key in ("kind", "period", "status", "region")}
    try:
        queryset = selectors.report_list(user=request.user, **params)
    except ValueError:
        params["period"] = ""
        queryset = selectors.report_list(user=request.user, **params)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "reporting/report_list.html",
        {
            "page": page,
            "params": params,
            "kinds": FormKind.choices,
            "statuses": Status.choices,
            "may_open": may_write_any(request.user),
            "quick": _quick_link(request.user),
            "home": scope_for(request.user).home_code,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_create(request):
    if not may_write_any(request.user):
        raise PermissionDenied
    initial = {key: request.GET.get(key, "") for key in ("kind", "period", "district", "cooperative")}
    form = NewReportForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_open(
                    actor=request.user,
                    kind=data["kind"],
                    period_start=data["period"],
                    district=data["district"],
                    cooperative=data["cooperative"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Laporan dibuka dan terisi otomatis."))
                return redirect("reporting:report_detail", report.pk)
    return render_page(request, "reporting/report_create.html", {"form": form}, status=status)


def _quick_link(user) -> dict | None:
    """The "report for last month" shortcut of a camat or a pengurus: the new-report form filled in."""
    from urllib.parse import urlencode

    period = rules.period_of(timezone.localdate().replace(day=1) - datetime.timedelta(days=1))
    role = getattr(user, "role", "")
    if role == "camat" and user.region_id and len(user.region_id) == 8:
        query = {"kind": FormKind.CAMAT, "period": period.key, "district": user.region_id}
    elif role == "pengurus" and user.cooperative_id:
        query = {"kind": FormKind.KOPERASI, "period": period.key, "cooperative": user.cooperative_id}
    elif role == "pendamping":
        query = {"kind": FormKind.PENDAMPING, "period": period.key}
    else:
        return None
    return {
        "url": f"{reverse('reporting:report_create')}?{urlencode(query)}",
        "label": rules.period_label(period.start),
    }


def _figure_rows(derived: dict, report, differences: dict) -> list[dict]:
    rows = []
    for key, value in derived.items():
        if isinstance(value, int) and not isinstance(value, bool):
            rows.append(
                {
                    "key": key,
                    "label": FIGURE_LABELS.get(key) or DERIVED_LABELS.get(key, key),
                    "value": value,
                    "money": key in MONEY_FIGURES,
                    "today": differences.get(key, (None, None))[1],
                }
            )
    return rows


DERIVED_LABELS = {
    "cooperatives": _("Koperasi (sudah mulai terbentuk)"),
    "new_milestones": _("Tahapan baru bulan ini"),
    "actions_open": _("Tindakan Satgas terbuka"),
    "actions_overdue": _("Tindakan Satgas lewat tenggat"),
    "trainings_held": _("Pelatihan diselenggarakan"),
    "potentials_mapped": _("Potensi desa terpetakan"),
    "overlaps_open": _("Tumpang tindih belum diputuskan"),
}


def _detail_context(request, report, *, typed_form=None, review_form=None) -> dict:
    view = selectors.report_view(report, request.user)
    writable = may_write(request.user, report) and report.status in (Status.DRAFT, Status.RETURNED)
    reviewable = may_review(request.user, report) and report.status in (Status.SUBMITTED, Status.RESUBMITTED)
    return {
        "report": report,
        "period_label": rules.period_label(report.period_start, report.period_type),
        "view": view,
        "figures": _figure_rows(view["derived"], report, view["differences"]),
        "typed_figures": [
            {"label": FIGURE_LABELS[key], "value": value, "money": key in MONEY_FIGURES}
            for key, value in report.figures.items()
            if key in FIGURE_LABELS
        ],
        "texts": [
            {"name": name, "label": label, "value": getattr(report, name)}
            for name, label in TEXT_LABELS.items()
            if getattr(report, name)
        ],
        "comments": [
            {"label": TEXT_LABELS.get(key) or (_("Angka") if key == "figures" else _("Umum")), "text": text}
            for key, text in report.comments.items()
        ],
        "writable": writable,
        "reviewable": reviewable,
        "typed_form": typed_form or (TypedForm(report=report) if writable else None),
        "review_form": review_form or (ReviewForm(report=report) if reviewable else None),
        "steps": selectors.review_steps(report),
        "phases": [
            {
                "label": Phase(number).label,
                "count": view["derived"].get("phases", {}).get(key, 0),
                "change": view["derived"].get("phase_changes", {}).get(key, 0),
            }
            for key, number in PHASE_BY_KEY.items()
        ]
        if report.kind == FormKind.CAMAT
        else [],
    }


@require_http_methods(["GET", "POST"])
@login_required
def report_detail(request, pk: int):
    """The report; a POST saves the typed part or submits it (the author side)."""
    report = selectors.report_get(user=request.user, pk=pk)
    if request.method == "GET":
        return render_page(request, "reporting/report_detail.html", _detail_context(request, report))
    if not may_write(request.user, report):
        raise PermissionDenied
    form = TypedForm(request.POST, report=report)
    status = 400
    if form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            if submit:
                services.report_submit(
                    actor=request.user,
                    report=report,
                    version=form.cleaned_data["version"],
                    data=form.data_for_service(),
                )
            else:
                services.report_save(
                    actor=request.user,
                    report=report,
                    version=form.cleaned_data["version"],
                    data=form.data_for_service(),
                )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Laporan dikirim.") if submit else _("Isian disimpan."))
            return redirect("reporting:report_detail", report.pk)
    report.refresh_from_db()
    return render_page(
        request, "reporting/report_detail.html", _detail_context(request, report, typed_form=form), status=status
    )


@require_POST
@login_required
def report_review(request, pk: int):
    """Return with comments per field, or approve (the reviewer)."""
    report = selectors.report_get(user=request.user, pk=pk)
    if not may_review(request.user, report):
        raise PermissionDenied
    form = ReviewForm(request.POST, report=report)
    status = 400
    if form.is_valid():
        approve = request.POST.get("action") == "approve"
        try:
            if approve:
                services.report_approve(actor=request.user, report=report, version=form.cleaned_data["version"])
            else:
                services.report_return(
                    actor=request.user, report=report, version=form.cleaned_data["version"], comments=form.comments()
                )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Laporan disetujui.") if approve else _("Laporan dikembalikan ke pelapor."))
            return redirect("reporting:report_detail", report.pk)
    report.refresh_from_db()
    return render_page(
        request, "reporting/report_detail.html", _detail_context(request, report, review_form=form), status=status
    )


def _region_and_period(request):
    code = request.GET.get("region", "").strip() or scope_for(request.user).home_code
    region = region_for_user(user=request.user, code=code)
    try:
        period = selectors.period_for(region.code, request.GET.get("period", "").strip(), timezone.localdate())
    except ValueError:
        period = selectors.period_for(region.code, None, timezone.localdate())
    return region, period


@require_GET
@login_required
def rates(request):
    """Expected versus received, on time and approved, per form and per child region; the trend; who is late or
    missing, with their phone and a prefilled WhatsApp message."""
    region, period = _region_and_period(request)
    today = timezone.localdate()
    data = selectors.reporting_rates(region=region, period=period)
    trend = selectors.rate_trend(region=region, until=period, months=12)
    gaps = selectors.missing_and_late(user=request.user, region=region, period=period, today=today)
    return render_page(
        request,
        "reporting/rates.html",
        {
            "region": region,
            "period": period,
            "period_label": rules.period_label(period.start),
            "data": data,
            "trend": trend,
            "gaps": gaps,
            "kind_labels": dict(FormKind.choices),
        },
    )


@require_GET
@login_required
def consolidated(request):
    """The regency's consolidated monthly report as XLSX: summary, per kecamatan, problems and follow-ups from
    the approved reports."""
    region, period = _region_and_period(request)
    data = selectors.consolidated(user=request.user, region=region, period=period)
    rates = data["rates"]
    heads = [_("Formulir"), _("Diharapkan"), _("Diterima"), _("Tepat waktu"), _("Disetujui")]
    summary = [
        [str(FormKind(row["kind"]).label), row["expected"], row["submitted"], row["on_time"], row["approved"]]
        for row in rates["forms"]
    ]
    children = [
        [row["code"], row["name"], row["expected"], row["submitted"], row["on_time"], row["approved"]]
        for row in rates["children"]
    ]
    notes = [
        [
            str(report.get_kind_display()),
            report.region_id,
            report.cooperative.name if report.cooperative_id else report.region.name,
            report.problems,
            report.follow_up,
            report.needs,
        ]
        for report in data["raised"]
    ]
    stream = io.BytesIO()
    write_workbook(
        stream,
        [
            Sheet(_("Ringkasan"), heads, summary),
            Sheet(_("Per wilayah"), [_("Kode"), _("Wilayah"), *heads[1:]], children),
            Sheet(
                _("Masalah & tindak lanjut"),
                [_("Formulir"), _("Kode"), _("Unit"), _("Permasalahan"), _("Tindak lanjut"), _("Kebutuhan")],
                notes,
            ),
        ],
    )
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(region, period)}.xlsx"'
    return response


def _file_stem(region, period) -> str:
    return f"rekap-laporan-{region.code or 'nasional'}-{period.key}"


@require_GET
@login_required
def consolidated_pdf(request):
    """The same as a PDF on the regency's letterhead."""
    from kopdes.reporting.pdf import consolidated_pdf as build

    region, period = _region_and_period(request)
    response = HttpResponse(build(user=request.user, region=region, period=period), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(region, period)}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def report_settings(request):
    """A regency's forms: period type and due day (the office; others read)."""
    code = request.GET.get("region", "").strip() or scope_for(request.user).home_code
    asked = region_for_user(user=request.user, code=code)  # 404 outside the user's scope
    if len(asked.code) < 5:  # the country or a province: choose a regency first
        return render_page(request, "reporting/settings.html", {"form": None, "region": None})
    regency = asked if len(asked.code) == 5 else region_for_user(user=_reader(), code=asked.code[:5])
    region = regency
    status = 200
    if request.method == "POST":
        if not may_manage(request.user, region.code):
            raise PermissionDenied
        form = SettingsForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                for kind in FormKind.values:
                    services.setting_save(
                        actor=request.user,
                        regency=region.region,
                        kind=kind,
                        period_type=form.cleaned_data[f"{kind}_period_type"],
                        due_day=form.cleaned_data[f"{kind}_due_day"],
                    )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Pengaturan laporan disimpan."))
                return redirect(f"{reverse('reporting:report_settings')}?region={region.code}")
    else:
        form = SettingsForm(initial=SettingsForm.initial_for(selectors.settings_of(region.code)))
    return render_page(
        request,
        "reporting/settings.html",
        {"form": form, "region": region, "may_manage": may_manage(request.user, region.code)},
        status=status,
    )


def _reader():
    """Whoever may see a regency's settings once their own area inside it was checked (the settings are not secret:
    a camat or a pengurus reads their regency's due days)."""
    from kopdes.accounts.models import User

    return User(is_superuser=True, is_active=True, pk=0)
