"""Pages of the mapping app: village potentials, the BUMDes registry (their imports are served by the one import
flow of `kopdes.core.import_views`), the verdict check, the overlap list with its
decision form and the regency view. Views parse, scope (404 outside scope), check the capability (403) and hand
writes to the services; numbers come from the selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.selectors import cooperative_get
from kopdes.core.exports import FORMATS, XLSX_CONTENT_TYPE, table_response
from kopdes.core.htmx import render_page
from kopdes.core.scoping import get_object_for_user, require, user_can
from kopdes.mapping import selectors, services
from kopdes.mapping.choices import OverlapState, Verdict
from kopdes.mapping.forms import (
    BumdesFilterForm,
    BumdesForm,
    DecisionForm,
    OverlapFilterForm,
    PotentialFilterForm,
    PotentialForm,
    UnitForm,
    VerdictForm,
)
from kopdes.mapping.io.bumdes import BUMDES_COLUMNS, bumdes_export_rows
from kopdes.mapping.io.potentials import POTENTIAL_COLUMNS, potential_export_rows
from kopdes.mapping.io.regency import regency_workbook
from kopdes.mapping.models import Bumdes, BumdesUnit, VillagePotential
from kopdes.regions.choices import RegionLevel
from kopdes.regions.forms import RegionFilterForm
from kopdes.regions.models import Region
from kopdes.regions.selectors import CODE_QUERY, region_for_user

PAGE_SIZE = 50


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


def _village_in_scope(user, code: str) -> Region | None:
    """A village the user may act on; outside scope reads as unknown, exactly like a code that does not exist."""
    return Region.objects.for_user(user).filter(code=(code or "").strip(), level=RegionLevel.VILLAGE).first()


def _unknown_village(form) -> None:
    form.add_error("village", _("Kode desa/kelurahan tidak dikenal atau di luar wilayah Anda."))


# --- potentials ---------------------------------------------------------------------------------------------


@require_GET
@login_required
def potential_list(request):
    form = PotentialFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    queryset = selectors.potential_list(user=request.user, filters=filters)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        stem = f"potensi-{filters.region or 'semua'}-{timezone.localdate():%Y%m%d}"
        return table_response(fmt, stem, POTENTIAL_COLUMNS, potential_export_rows(queryset), sheet_title="Potensi")
    context = {
        "form": form,
        "page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")),
        "summary": selectors.potential_summary(user=request.user, filters=filters),
        "query": _query(request),
        "formats": FORMATS,
        "can_edit": user_can(request.user, Capability.MAP_POTENTIAL),
    }
    return render_page(request, "mapping/potential_list.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def potential_create(request):
    require(request.user, Capability.MAP_POTENTIAL)
    form = PotentialForm(request.POST or None, initial={"village": request.GET.get("village", "")}, user=request.user)
    if request.method == "POST" and form.is_valid():
        village = _village_in_scope(request.user, form.cleaned_data["village"])
        if village is None:
            _unknown_village(form)
        else:
            try:
                services.potential_create(actor=request.user, village=village, **form.data_fields())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Potensi %(village)s disimpan.") % {"village": village.name})
                return redirect("mapping:potential_list")
    context = {"form": form, "title": _("Catat potensi desa"), "cancel": reverse("mapping:potential_list")}
    return render_page(request, "mapping/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def potential_edit(request, pk: int):
    potential = get_object_for_user(VillagePotential.objects.select_related("village"), request.user, pk=pk)
    require(request.user, Capability.MAP_POTENTIAL)
    form = PotentialForm(request.POST or None, initial=PotentialForm.initial_for(potential), user=request.user)
    form.fields["village"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.potential_update(actor=request.user, potential=potential, data=form.data_fields())
        except ValidationError as exc:
            potential.refresh_from_db()
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Potensi disimpan."))
            return redirect("mapping:potential_list")
    context = {
        "form": form,
        "title": _("Ubah potensi %(village)s") % {"village": potential.village.name},
        "cancel": reverse("mapping:potential_list"),
        "delete_url": reverse("mapping:potential_delete", args=[potential.pk]),
        "history": potential.history.select_related("history_user")[:20],
    }
    return render_page(request, "mapping/form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def potential_delete(request, pk: int):
    potential = get_object_for_user(VillagePotential, request.user, pk=pk)
    require(request.user, Capability.MAP_POTENTIAL)
    services.potential_delete(actor=request.user, potential=potential)
    messages.success(request, _("Potensi dihapus."))
    return redirect("mapping:potential_list")


# --- BUMDes -------------------------------------------------------------------------------------------------


@require_GET
@login_required
def bumdes_list(request):
    form = BumdesFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    queryset = selectors.bumdes_list(user=request.user, filters=filters)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        stem = f"bumdes-{filters.region or 'semua'}-{timezone.localdate():%Y%m%d}"
        return table_response(fmt, stem, BUMDES_COLUMNS, bumdes_export_rows(queryset), sheet_title="BUMDes")
    context = {
        "form": form,
        "page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": _query(request),
        "formats": FORMATS,
        "can_edit": user_can(request.user, Capability.MANAGE_BUMDES),
    }
    return render_page(request, "mapping/bumdes_list.html", context, partial="results")


def _bumdes(request, pk: int) -> Bumdes:
    return get_object_for_user(Bumdes.objects.select_related("village", "village__parent"), request.user, pk=pk)


def _bumdes_detail(request, bumdes: Bumdes, unit_form=None, status=200):
    can_edit = user_can(request.user, Capability.MANAGE_BUMDES)
    context = {
        "bumdes": bumdes,
        "units": selectors.bumdes_unit_list(user=request.user, bumdes=bumdes),
        "can_edit": can_edit,
        "unit_form": unit_form or (UnitForm() if can_edit else None),
        "history": bumdes.history.select_related("history_user")[:20],
    }
    return render_page(request, "mapping/bumdes_detail.html", context, status=status)


@require_GET
@login_required
def bumdes_detail(request, pk: int):
    return _bumdes_detail(request, _bumdes(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
def bumdes_create(request):
    require(request.user, Capability.MANAGE_BUMDES)
    form = BumdesForm(request.POST or None, initial={"village": request.GET.get("village", "")}, user=request.user)
    if request.method == "POST" and form.is_valid():
        village = _village_in_scope(request.user, form.cleaned_data["village"])
        if village is None:
            _unknown_village(form)
        else:
            try:
                bumdes = services.bumdes_register(actor=request.user, village=village, **form.data_fields())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("%(name)s didaftarkan.") % {"name": bumdes.name})
                return redirect("mapping:bumdes_detail", bumdes.pk)
    context = {"form": form, "title": _("Daftarkan BUMDes"), "cancel": reverse("mapping:bumdes_list")}
    return render_page(request, "mapping/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def bumdes_edit(request, pk: int):
    bumdes = _bumdes(request, pk)
    require(request.user, Capability.MANAGE_BUMDES)
    initial = {
        "village": bumdes.village_id,
        "name": bumdes.name,
        "legal_status": bumdes.legal_status,
        "registration_number": bumdes.registration_number or "",
    }
    form = BumdesForm(request.POST or None, initial=initial, user=request.user)
    form.fields["village"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.bumdes_update(actor=request.user, bumdes=bumdes, data=form.data_fields())
        except ValidationError as exc:
            bumdes.refresh_from_db()
            form.add_service_errors(exc)
        else:
            messages.success(request, _("BUMDes disimpan."))
            return redirect("mapping:bumdes_detail", bumdes.pk)
    context = {
        "form": form,
        "title": _("Ubah %(name)s") % {"name": bumdes.name},
        "cancel": reverse("mapping:bumdes_detail", args=[bumdes.pk]),
        "delete_url": reverse("mapping:bumdes_delete", args=[bumdes.pk]),
    }
    return render_page(request, "mapping/form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def bumdes_delete(request, pk: int):
    bumdes = _bumdes(request, pk)
    require(request.user, Capability.MANAGE_BUMDES)
    services.bumdes_delete(actor=request.user, bumdes=bumdes)
    messages.success(request, _("BUMDes dihapus."))
    return redirect("mapping:bumdes_list")


@require_POST
@login_required
def unit_create(request, pk: int):
    bumdes = _bumdes(request, pk)
    require(request.user, Capability.MANAGE_BUMDES)
    form = UnitForm(request.POST)
    if form.is_valid():
        try:
            services.bumdes_unit_create(actor=request.user, bumdes=bumdes, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Unit usaha ditambahkan."))
            return redirect("mapping:bumdes_detail", bumdes.pk)
    return _bumdes_detail(request, bumdes, unit_form=form, status=400)


def _unit(request, pk: int) -> BumdesUnit:
    return get_object_for_user(BumdesUnit.objects.select_related("bumdes", "bumdes__village"), request.user, pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def unit_edit(request, pk: int):
    unit = _unit(request, pk)
    require(request.user, Capability.MANAGE_BUMDES)
    initial = {name: getattr(unit, name) for name in UnitForm.base_fields}
    form = UnitForm(request.POST or None, initial=initial)
    form.fields["category"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "category"}
        try:
            services.bumdes_unit_update(actor=request.user, unit=unit, data=data)
        except ValidationError as exc:
            unit.refresh_from_db()
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Unit usaha disimpan."))
            return redirect("mapping:bumdes_detail", unit.bumdes_id)
    context = {
        "form": form,
        "title": _("Ubah unit %(unit)s · %(bumdes)s") % {"unit": unit, "bumdes": unit.bumdes.name},
        "cancel": reverse("mapping:bumdes_detail", args=[unit.bumdes_id]),
        "delete_url": reverse("mapping:unit_delete", args=[unit.pk]),
        "history": unit.history.select_related("history_user")[:20],
    }
    return render_page(request, "mapping/form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def unit_delete(request, pk: int):
    unit = _unit(request, pk)
    require(request.user, Capability.MANAGE_BUMDES)
    services.bumdes_unit_delete(actor=request.user, unit=unit)
    messages.success(request, _("Unit usaha dihapus."))
    return redirect("mapping:bumdes_detail", unit.bumdes_id)


# --- verdicts and overlaps ----------------------------------------------------------------------------------


@require_GET
@login_required
def verdict_check(request):
    """ "May the cooperative run this line here?" for a village and a category, with the reason in words."""
    form = VerdictForm(request.GET or None, user=request.user)
    verdict = village = None
    status = 200
    if request.GET and form.is_valid():
        village = _village_in_scope(request.user, form.cleaned_data["village"])
        if village is None:
            _unknown_village(form)
            status = 400
        else:
            verdict = selectors.village_verdict(village=village, category=form.cleaned_data["category"])
    elif request.GET:
        status = 400
    context = {"form": form, "verdict": verdict, "village": village, "Verdict": Verdict}
    return render_page(request, "mapping/verdict_check.html", context, partial="verdict", status=status)


@require_GET
@login_required
def overlap_list(request):
    form = OverlapFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    rows = selectors.overlap_list(user=request.user, filters=filters)
    can_decide = user_can(request.user, Capability.DECIDE_OVERLAP)
    if can_decide and filters.state == OverlapState.OPEN:
        for row in rows:
            row["form"] = DecisionForm(
                initial={"cooperative": row["cooperative"].pk, "category": row["category"]},
                auto_id=f"id_%s_{row['cooperative'].pk}_{row['category']}",
            )
    context = {"form": form, "rows": rows, "state": filters.state, "can_decide": can_decide}
    return render_page(request, "mapping/overlap_list.html", context, partial="results")


@require_POST
@login_required
def overlap_decide(request):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keputusan tidak lengkap: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("mapping:overlap_list")
    cooperative = cooperative_get(user=request.user, pk=form.cleaned_data["cooperative"])
    require(request.user, Capability.DECIDE_OVERLAP)
    data = {k: v for k, v in form.cleaned_data.items() if k != "cooperative"}
    try:
        services.overlap_decide(actor=request.user, cooperative=cooperative, **data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('mapping:overlap_list')}?region={cooperative.village_id}")
    messages.success(request, _("Keputusan untuk %(coop)s dicatat.") % {"coop": cooperative.name})
    return redirect(f"{reverse('mapping:overlap_list')}?state=resolved")


# --- regency view -------------------------------------------------------------------------------------------


@require_GET
@login_required
def regency_view(request):
    # A code opens that region (404 outside the scope, like every region page); a name ("Tenggarong") is resolved
    # in scope by the region field, which says so when it names none or several and the page stays where it was.
    text = request.GET.get("region", "").strip()
    form = RegionFilterForm(None, user=request.user, initial={"region": text})
    if text and not CODE_QUERY.match(text):
        form = RegionFilterForm(request.GET, user=request.user)
        text = form.region_code() or ""
    code = text or request.user.home_code
    checked = region_for_user(user=request.user, code=code)
    region = checked.region
    view = selectors.regency_view(region=checked)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(regency_workbook(view), content_type=XLSX_CONTENT_TYPE)
        stem = f"pemetaan-{region.code if region else 'nasional'}-{timezone.localdate():%Y%m%d}"
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    context = {
        "view": view,
        "region": region,
        "region_form": form,
        "opportunity_map": selectors.opportunity_map(code=region.code if region else "", children=view["children"]),
        "code": region.code if region else "ID",
        "child_level_label": view["child_level"].label,
        "today": timezone.localdate(),
    }
    return render_page(request, "mapping/regency_view.html", context)
