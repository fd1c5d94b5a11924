"""Pages of the finance app: applications (list with the regency view, detail with the prerequisites, proposal,
approval, the bank's steps, schedule and repayments), partnerships, partners and the rules table. Views parse,
scope (404), check the capability (403) and call the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.selectors import cooperative_get
from kopdes.core.exceptions import ConflictError
from kopdes.core.exports import FORMATS, table_response
from kopdes.core.htmx import render_page
from kopdes.core.scoping import get_object_for_user, region_user, require, scope_for, user_can
from kopdes.finance import forms, selectors, services
from kopdes.finance.models import Application, FinancingRule, Partner
from kopdes.finance.pdf import dossier_pdf
from kopdes.regions.selectors import region_for_user

PAGE_SIZE = 50
APPLICATION_COLUMNS = [
    "id",
    "kode_desa",
    "koperasi",
    "jenis",
    "bank",
    "status",
    "jumlah_rp",
    "dicairkan_rp",
    "sisa_pokok_rp",
    "hari_tunggakan",
]


def _export_format(request) -> str | None:
    fmt = request.GET.get("format")
    if fmt and fmt not in FORMATS:
        raise Http404
    return fmt


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_GET
@login_required
def application_list(request):
    form = forms.ApplicationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    code = data.get("region") or ""
    if not code and region_user(request.user):
        code = scope_for(request.user).home_code
    region = region_for_user(user=request.user, code=code) if region_user(request.user) else None
    filters = selectors.ApplicationFilters(region=code if region else "", status=data.get("status") or "")
    applications = selectors.application_list(user=request.user, filters=filters)
    if fmt := _export_format(request):
        rows = (
            [
                a.pk,
                a.cooperative.village_id,
                a.cooperative.name,
                a.cooperative.kind,
                a.bank.name,
                a.status,
                a.amount_rp,
                a.disbursed_rp,
                a.outstanding_rp,
                selectors.days_past_due(a.arrears_since),
            ]
            for a in applications
        )
        return table_response(fmt, "pembiayaan", APPLICATION_COLUMNS, rows, sheet_title="Pembiayaan")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    for application in page.object_list:
        application.days_past_due = selectors.days_past_due(application.arrears_since)
    context = {"form": form, "page": page, "region": region, "query": request.GET.urlencode()}
    if region is not None:
        context |= {
            "block": selectors.financing_block(region=region),
            "children": selectors.financing_by_child(region=region),
            "arrears": selectors.arrears_list(region=region),
        }
    return render_page(request, "finance/application_list.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def application_create(request, cooperative_pk: int):
    cooperative = cooperative_get(user=request.user, pk=cooperative_pk)
    require(request.user, Capability.PREPARE_FINANCING)
    form = forms.ApplicationForm(request.POST or None, initial=selectors.application_defaults())
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(actor=request.user, cooperative=cooperative, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Draf pengajuan dibuat. Tambahkan rincian proposal."))
            return redirect("finance:application_detail", pk=application.pk)
    context = {"form": form, "cooperative": cooperative, "prerequisites": selectors.prerequisites(cooperative)}
    return render_page(request, "finance/application_form.html", context)


@require_GET
@login_required
def application_detail(request, pk: int):
    application = get_object_for_user(Application.objects.select_related("cooperative", "bank"), request.user, pk=pk)
    user = request.user
    instalments = list(selectors.schedule(user=user, application=application))
    context = {
        "application": application,
        "prerequisites": selectors.prerequisites(application.cooperative),
        "lines": application.lines.all(),
        "disbursements": application.disbursements.all(),
        "repayments": application.repayments.all(),
        "instalments": instalments,
        "totals": selectors.schedule_totals(instalments),
        "can_prepare": user_can(user, Capability.PREPARE_FINANCING),
        "can_approve": user_can(user, Capability.APPROVE_FINANCING),
        "can_decide": user_can(user, Capability.DECIDE_FINANCING),
        "line_form": forms.LineForm(),
        "approve_form": forms.ApproveForm(initial={"version": application.version}),
        "advance_form": forms.AdvanceForm(initial={"version": application.version}),
        "reject_form": forms.RejectForm(initial={"version": application.version}),
        "disbursement_form": forms.DisbursementForm(),
        "repayment_form": forms.RepaymentForm(),
    }
    return render_page(request, "finance/application_detail.html", context)


@require_GET
@login_required
def application_pdf(request, pk: int):
    """The application's dossier as a PDF (cover, prerequisites with their numbers, budget, approval)."""
    application = get_object_for_user(
        Application.objects.select_related("cooperative", "cooperative__village", "bank"), request.user, pk=pk
    )
    response = HttpResponse(dossier_pdf(application), content_type="application/pdf")
    name = f"berkas-pembiayaan-{application.cooperative.village_id}-{application.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _act(request, pk: int, capability, form_class, action):
    """Shared shape of the detail page's action forms: scope (404), capability (403), form, service, message."""
    application = get_object_for_user(Application, request.user, pk=pk)
    if callable(capability):
        capability = capability(application)
    require(request.user, capability)
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {error}")
        return redirect("finance:application_detail", pk=pk)
    try:
        action(application, form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Tersimpan."))
    return redirect("finance:application_detail", pk=pk)


@require_POST
@login_required
def line_add(request, pk: int):
    return _act(
        request,
        pk,
        Capability.PREPARE_FINANCING,
        forms.LineForm,
        lambda a, d: services.line_add(actor=request.user, application=a, **d),
    )


@require_POST
@login_required
def approve(request, pk: int):
    return _act(
        request,
        pk,
        Capability.APPROVE_FINANCING,
        forms.ApproveForm,
        lambda a, d: services.application_approve(actor=request.user, application=a, **d),
    )


@require_POST
@login_required
def advance(request, pk: int):
    def capability(application):
        if application.status == "disetujui_desa":
            return Capability.PREPARE_FINANCING
        return Capability.DECIDE_FINANCING

    return _act(
        request,
        pk,
        capability,
        forms.AdvanceForm,
        lambda a, d: services.application_advance(actor=request.user, application=a, **d),
    )


@require_POST
@login_required
def reject(request, pk: int):
    return _act(
        request,
        pk,
        Capability.DECIDE_FINANCING,
        forms.RejectForm,
        lambda a, d: services.application_reject(actor=request.user, application=a, **d),
    )


@require_POST
@login_required
def disburse(request, pk: int):
    return _act(
        request,
        pk,
        Capability.DECIDE_FINANCING,
        forms.DisbursementForm,
        lambda a, d: services.disbursement_record(actor=request.user, application=a, **d),
    )


@require_POST
@login_required
def repay(request, pk: int):
    return _act(
        request,
        pk,
        Capability.DECIDE_FINANCING,
        forms.RepaymentForm,
        lambda a, d: services.repayment_record(actor=request.user, application=a, **d),
    )


# --- partnerships, partners, rules ---


@require_GET
@login_required
def partnership_list(request):
    form = forms.PartnershipFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    partnerships = selectors.partnership_list(
        user=request.user, region=data.get("region") or "", status=data.get("status") or ""
    )
    if fmt := _export_format(request):
        rows = (
            [
                p.cooperative.village_id,
                p.cooperative.name,
                p.partner.name,
                p.kind,
                p.status,
                p.start_date,
                p.end_date,
                p.value_rp,
                p.document_number,
            ]
            for p in partnerships
        )
        columns = ["kode_desa", "koperasi", "mitra", "jenis", "status", "mulai", "berakhir", "nilai_rp", "nomor"]
        return table_response(fmt, "kemitraan", columns, rows, sheet_title="Kemitraan")
    page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": request.GET.urlencode()}
    return render_page(request, "finance/partnership_list.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def partnership_create(request, cooperative_pk: int):
    cooperative = cooperative_get(user=request.user, pk=cooperative_pk)
    require(request.user, Capability.MANAGE_PARTNERSHIPS)
    form = forms.PartnershipForm(request.POST or None, initial={"cooperative_id": cooperative.pk})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "cooperative_id"}
        try:
            services.partnership_create(actor=request.user, cooperative=cooperative, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Kemitraan dicatat."))
            return redirect("cooperatives:cooperative_detail", pk=cooperative.pk)
    return render_page(request, "finance/partnership_form.html", {"form": form, "cooperative": cooperative})


@require_GET
@login_required
def partner_list(request):
    return render_page(request, "finance/partner_list.html", {"partners": selectors.partner_list(user=request.user)})


@require_GET
@login_required
def partner_detail(request, pk: int):
    partner = get_object_for_user(Partner, request.user, pk=pk)
    context = {
        "partner": partner,
        "partnerships": selectors.partnership_list(user=request.user, partner=partner.pk),
        "applications": selectors.application_list(
            user=request.user, filters=selectors.ApplicationFilters(bank=partner.pk)
        ),
    }
    return render_page(request, "finance/partner_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def rule_list(request):
    rules = list(selectors.rule_list(user=request.user))
    may_edit = scope_for(request.user).everything and user_can(request.user, Capability.MANAGE_PARTNERS)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        rule = get_object_for_user(FinancingRule, request.user, pk=request.POST.get("rule"))
        form = forms.RuleForm(request.POST, instance=rule)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.rule_update(
                    actor=request.user,
                    rule=FinancingRule.objects.get(pk=rule.pk),
                    version=data["version"],
                    value=data["value"],
                    text=data["text"] or "",
                    legal_source=data["legal_source"],
                    note=data["note"] or "",
                )
            except ValidationError as exc:
                _errors(request, exc)
            except ConflictError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Aturan diperbarui."))
        else:
            messages.error(request, _("Periksa isian aturan."))
        return redirect("finance:rule_list")
    return render_page(request, "finance/rule_list.html", {"rules": rules, "may_edit": may_edit})
