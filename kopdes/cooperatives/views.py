"""Pages of the cooperative registry: the filtered list and its exports, registration, the cooperative page with
its milestones, board, gerai, documents and history, and the forms that change them. Views parse, scope (404 outside
scope), check the capability (403) and hand writes to the services."""

from __future__ import annotations

import dataclasses
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kopdes.accounts.choices import Capability
from kopdes.cooperatives import selectors, services
from kopdes.cooperatives.choices import Phase
from kopdes.cooperatives.forms import (
    BusinessUnitForm,
    CooperativeFilterForm,
    CooperativeForm,
    CooperativeRegisterForm,
    DocumentForm,
    OfficialForm,
)
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Document, Official
from kopdes.cooperatives.rules import cooperative_kind_for
from kopdes.cooperatives.services import default_cooperative_name
from kopdes.core import export_jobs, pending_files, registry
from kopdes.core.exceptions import ConflictError
from kopdes.core.exports import FORMATS, table_response
from kopdes.core.forms import ImportConfirmForm, ImportUploadForm
from kopdes.core.htmx import render_page
from kopdes.core.models import ImportRecord
from kopdes.core.scoping import get_object_for_user, require, scope_for, user_can
from kopdes.formation.choices import MilestoneKind
from kopdes.formation.io import COLUMNS, EXAMPLE_ROW, IMPORT_KIND, cooperatives_import
from kopdes.formation.models import Milestone
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region

PAGE_SIZE = 50
REGISTRY_LIST = "cooperatives"  # the registry's list exporter (registered by formation, which owns its columns)


def _filter_form(request) -> CooperativeFilterForm:
    selected = request.GET.get("region", "").strip()
    choices = selectors.filter_region_choices(user=request.user, selected=selected)
    return CooperativeFilterForm(request.GET or None, region_choices=choices)


@require_GET
@login_required
def cooperative_list(request):
    form = _filter_form(request)
    filters = form.filters()
    queryset = selectors.cooperative_list(user=request.user, filters=filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "phase_labels": dict(Phase.choices),
        "formats": FORMATS,
        "can_register": user_can(request.user, Capability.REGISTER_COOPERATIVE),
        "can_import": _can_import(request.user),
        "background_export": page.paginator.count > export_jobs.export_sync_limit(),
    }
    return render_page(request, "cooperatives/cooperative_list.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def cooperative_export(request):
    """The filtered list as a file. Its columns are the registry file's (export → edit → import round-trips), which
    formation registers as the list exporter `REGISTRY_LIST` since the file carries the formation dates. Small lists
    download at once; past KOPDES_EXPORT_SYNC_LIMIT rows a POST queues the one background export job."""
    fmt = request.POST.get("format") or request.GET.get("format", "xlsx")
    filters = _filter_form(request).filters()
    count = selectors.cooperative_list(user=request.user, filters=filters).count()
    params = dataclasses.asdict(filters)
    return export_jobs.list_export_response(request, kind=REGISTRY_LIST, params=params, fmt=fmt, count=count)


@require_http_methods(["GET", "POST"])
@login_required
def cooperative_register(request):
    require(request.user, Capability.REGISTER_COOPERATIVE)
    form = CooperativeRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Outside scope reads as unknown, exactly like a code that does not exist.
        village = Region.objects.for_user(request.user).filter(code=data["village"].strip()).first()
        if village is None:
            form.add_error("village", _("Kode wilayah tidak dikenal atau di luar wilayah Anda."))
        else:
            try:
                cooperative = services.cooperative_register(
                    actor=request.user,
                    village=village,
                    name=data["name"],
                    scheme=data["scheme"],
                    predecessor=data["predecessor"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("%(name)s didaftarkan.") % {"name": cooperative.name})
                return redirect("cooperatives:cooperative_detail", cooperative.pk)
    status = 400 if form.errors else 200
    return render_page(request, "cooperatives/cooperative_register.html", {"form": form}, status=status)


def _detail_context(request, cooperative: Cooperative, **forms) -> dict:
    """The cooperative page: its own sections, then the panels the apps register (`registry.cooperative_panels`),
    each with the bound forms it should show again after a failed POST."""
    user = request.user
    return {
        "cooperative": cooperative,
        "village": cooperative.village,
        "phase_label": Phase(cooperative.phase).label,
        "warnings": selectors.cooperative_warnings(cooperative),
        "can_edit": user_can(user, Capability.EDIT_COOPERATIVE),
        "panels": [
            {"key": panel.key, "template": panel.template, "context": panel.context(request, cooperative, forms)}
            for panel in registry.cooperative_panels
        ],
        "history": selectors.cooperative_history(cooperative),
    }


def cooperative_page(request, cooperative: Cooperative, *, status: int = 200, **forms):
    """Render the cooperative page; other apps' views call this to show their form again with its errors."""
    return render_page(
        request, "cooperatives/cooperative_detail.html", _detail_context(request, cooperative, **forms), status=status
    )


def _get_cooperative(request, pk: int) -> Cooperative:
    return selectors.cooperative_get(user=request.user, pk=pk)


@require_GET
@login_required
def cooperative_detail(request, pk: int):
    return cooperative_page(request, _get_cooperative(request, pk))


def _detail_with_errors(request, cooperative, **forms):
    return cooperative_page(request, cooperative, status=400, **forms)


@require_http_methods(["GET", "POST"])
@login_required
def cooperative_edit(request, pk: int):
    cooperative = _get_cooperative(request, pk)
    require(request.user, Capability.EDIT_COOPERATIVE)
    conflict = None
    status = 200
    if request.method == "POST":
        form = CooperativeForm(request.POST, instance=Cooperative.objects.get(pk=cooperative.pk))
        if form.is_valid():
            try:
                services.cooperative_update(
                    actor=request.user,
                    cooperative=cooperative,
                    version=form.cleaned_data["version"],
                    data=form.cooperative_data(),
                )
            except ConflictError as exc:
                # Keep the other person's save; show it, with what this user typed, so nothing is lost.
                conflict = {"message": exc.message, "submitted": form.cooperative_data()}
                cooperative = exc.current
                form = CooperativeForm(instance=cooperative)
                status = 409
            except ValidationError as exc:
                form.add_service_errors(exc)
                status = 400
            else:
                messages.success(request, _("Data koperasi disimpan."))
                return redirect("cooperatives:cooperative_detail", cooperative.pk)
        else:
            status = 400
    else:
        form = CooperativeForm(instance=cooperative)
    context = {"cooperative": cooperative, "form": form, "conflict": conflict}
    return render_page(request, "cooperatives/cooperative_edit.html", context, status=status)


@require_POST
@login_required
def official_create(request, pk: int):
    cooperative = _get_cooperative(request, pk)
    require(request.user, Capability.EDIT_COOPERATIVE)
    form = OfficialForm(request.POST)
    if form.is_valid():
        try:
            official = services.official_create(actor=request.user, cooperative=cooperative, **form.official_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("%(name)s ditambahkan.") % {"name": official})
            return redirect("cooperatives:cooperative_detail", cooperative.pk)
    return _detail_with_errors(request, cooperative, official_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def official_edit(request, pk: int):
    official = get_object_for_user(Official.objects.select_related("cooperative"), request.user, pk=pk)
    require(request.user, Capability.EDIT_COOPERATIVE)
    status = 200
    if request.method == "POST":
        if "delete" in request.POST:
            services.official_delete(actor=request.user, official=official)
            messages.success(request, _("%(name)s dihapus dari susunan.") % {"name": official.name})
            return redirect("cooperatives:cooperative_detail", official.cooperative_id)
        form = OfficialForm(request.POST, instance=Official.objects.get(pk=official.pk))
        if form.is_valid():
            try:
                services.official_update(actor=request.user, official=official, data=form.official_data())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Data %(name)s disimpan.") % {"name": official.name})
                return redirect("cooperatives:cooperative_detail", official.cooperative_id)
        status = 400
    else:
        form = OfficialForm(instance=official)
    context = {"official": official, "cooperative": official.cooperative, "form": form}
    return render_page(request, "cooperatives/official_edit.html", context, status=status)


@require_POST
@login_required
def unit_create(request, pk: int):
    cooperative = _get_cooperative(request, pk)
    require(request.user, Capability.EDIT_COOPERATIVE)
    form = BusinessUnitForm(request.POST)
    if form.is_valid():
        try:
            services.business_unit_create(actor=request.user, cooperative=cooperative, **form.unit_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Gerai ditambahkan."))
            return redirect("cooperatives:cooperative_detail", cooperative.pk)
    return _detail_with_errors(request, cooperative, unit_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def unit_edit(request, pk: int):
    unit = get_object_for_user(BusinessUnit.objects.select_related("cooperative"), request.user, pk=pk)
    require(request.user, Capability.EDIT_COOPERATIVE)
    status = 200
    if request.method == "POST":
        form = BusinessUnitForm(request.POST, instance=BusinessUnit.objects.get(pk=unit.pk))
        if form.is_valid():
            try:
                services.business_unit_update(actor=request.user, unit=unit, data=form.unit_data())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Gerai disimpan."))
                return redirect("cooperatives:cooperative_detail", unit.cooperative_id)
        status = 400
    else:
        form = BusinessUnitForm(instance=unit)
    context = {"unit": unit, "cooperative": unit.cooperative, "form": form}
    return render_page(request, "cooperatives/unit_edit.html", context, status=status)


@require_POST
@login_required
def document_upload(request, pk: int):
    cooperative = _get_cooperative(request, pk)
    require(request.user, Capability.EDIT_COOPERATIVE)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.document_upload(
                actor=request.user,
                cooperative=cooperative,
                kind=data["kind"],
                uploaded_file=data["file"],
                title=data["title"],
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                exc = ValidationError({"file": exc.messages})
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Dokumen diunggah."))
            return redirect("cooperatives:cooperative_detail", cooperative.pk)
    return _detail_with_errors(request, cooperative, document_form=form)


@require_GET
@login_required
def document_download(request, pk: int):
    """Files are outside the web root; this scoped view is the only way to them."""
    document = get_object_for_user(Document, request.user, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=request.GET.get("inline") != "1",
        filename=document.original_name,
    )


# --- import from the web: upload → preview → confirm ----------------------------------------------------------------

PREVIEW_ROWS = 1000  # rows (and errors) listed on the preview page; the counts always cover the whole file


def _require_import(user) -> None:
    """Importing registers and edits cooperatives; the rows outside the user's scope are refused row by row."""
    if not (user_can(user, Capability.REGISTER_COOPERATIVE) or user_can(user, Capability.EDIT_COOPERATIVE)):
        raise PermissionDenied


def _import_page(request, *, form=None, result=None, file_name="", sha256="", error="", status=200):
    context = {
        "form": form or ImportUploadForm(),
        "error": error,
        "result": result,
        "file_name": file_name,
        "preview_limit": PREVIEW_ROWS,
    }
    if result is not None:
        changed = [plan for plan in result.plans if plan.action != "unchanged"]
        context.update(
            {
                "changed_rows": [(plan, plan.changes()) for plan in changed[:PREVIEW_ROWS]],
                "changed_total": len(changed),
                "errors": result.errors[:PREVIEW_ROWS],
                "confirm_form": ImportConfirmForm(initial={"sha256": sha256, "file_name": file_name})
                if result.ok and sha256
                else None,
            }
        )
    return render_page(request, "cooperatives/cooperative_import.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def cooperative_import(request):
    """Upload → dry run shown row by row (nothing written) → confirm imports exactly the previewed bytes."""
    _require_import(request.user)
    if request.method == "GET":
        return _import_page(request)
    if "sha256" in request.POST:
        return _import_confirm(request)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form=form, status=400)
    uploaded = form.cleaned_data["file"]
    file_name = uploaded.name or "berkas"
    data = uploaded.read()
    result = cooperatives_import(actor=request.user, data=data, file_name=file_name, dry_run=True)
    if not result.ok:
        return _import_page(request, form=form, result=result, file_name=file_name, status=400)
    sha256 = pending_files.pending_save(request.user, data)
    return _import_page(request, result=result, file_name=file_name, sha256=sha256)


def _import_confirm(request):
    form = ImportConfirmForm(request.POST)
    data = None
    if form.is_valid():
        data = pending_files.pending_load(request.user, form.cleaned_data["sha256"])
    if data is None:
        error = _("Berkas pratinjau tidak ditemukan atau sudah diimpor. Unggah berkasnya lagi.")
        return _import_page(request, error=error, status=400)
    sha256, file_name = form.cleaned_data["sha256"], form.cleaned_data["file_name"]
    # Validated again: the registry may have changed since the preview.
    result = cooperatives_import(actor=request.user, data=data, file_name=file_name)
    if not result.ok:
        return _import_page(request, result=result, file_name=file_name, status=400)
    pending_files.pending_delete(request.user, sha256)
    if result.created or result.updated:
        messages.success(
            request,
            _("%(file)s diimpor: %(created)d koperasi baru, %(updated)d diubah, %(unchanged)d tetap.")
            % {"file": file_name, "created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
    else:
        messages.info(
            request,
            _("Tidak ada perubahan: semua %(rows)d baris %(file)s sama dengan data yang tersimpan.")
            % {"rows": result.rows, "file": file_name},
        )
    return redirect("cooperatives:import_record_detail", result.record.pk)


@require_GET
@login_required
def cooperative_import_template(request, fmt: str):
    """The import's columns with one example row, for a village in the user's own scope when there is one."""
    if fmt not in FORMATS:
        raise Http404
    example = dict(EXAMPLE_ROW)
    if not scope_for(request.user).covers_code(example["kode_wilayah"]):
        village = (
            Region.objects.for_user(request.user)
            .filter(level=RegionLevel.VILLAGE, cooperatives__isnull=True)
            .order_by("code")
            .first()
        )
        if village is not None:
            example["kode_wilayah"] = village.code
            example["nama_koperasi"] = default_cooperative_name(village)
            example["jenis"] = cooperative_kind_for(village.kind)
    row = [example.get(column, "") for column in COLUMNS]
    return table_response(fmt, "templat-impor-koperasi", COLUMNS, [row], sheet_title="Koperasi")


def _import_records(user):
    """Cooperative imports in the user's scope, and the user's own (the scope mechanism adds those)."""
    return ImportRecord.objects.for_user(user).filter(kind=IMPORT_KIND)


@require_GET
@login_required
def import_record_list(request):
    records = _import_records(request.user).select_related("user").order_by("-created_at", "-pk")
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_import": _can_import(request.user)}
    return render_page(request, "cooperatives/import_record_list.html", context)


def _can_import(user) -> bool:
    return user_can(user, Capability.REGISTER_COOPERATIVE) or user_can(user, Capability.EDIT_COOPERATIVE)


@require_GET
@login_required
def import_record_detail(request, pk: int):
    """One import and what it changed: the history rows that carry its change reason."""
    record = get_object_for_user(_import_records(request.user).select_related("user"), request.user, pk=pk)
    changes = []
    if record.status == ImportRecord.Status.APPLIED:
        reason = record.change_reason
        since = record.created_at - datetime.timedelta(minutes=1)
        coop_rows = (
            Cooperative.history.filter(history_change_reason=reason, history_date__gte=since)
            .order_by("village_id")
            .values_list("id", "village_id", "name", "history_type")
        )
        milestone_rows = (
            Milestone.history.filter(history_change_reason=reason, history_date__gte=since)
            .order_by("cooperative_id", "kind")
            .values_list("cooperative_id", "kind", "date", "history_type")
        )
        milestones: dict[int, list] = {}
        for coop_id, kind, date, _type in milestone_rows:
            milestones.setdefault(coop_id, []).append((MilestoneKind(kind).label, date))
        seen = set()
        for coop_id, village_id, name, history_type in coop_rows:
            seen.add(coop_id)
            changes.append((coop_id, village_id, name, history_type, milestones.get(coop_id, [])))
        if set(milestones) - seen:
            # Cooperatives whose milestones changed but whose own fields did not.
            for coop in Cooperative.objects.filter(pk__in=set(milestones) - seen).only("pk", "village_id", "name"):
                changes.append((coop.pk, coop.village_id, coop.name, "~", milestones[coop.pk]))
            changes.sort(key=lambda change: change[1])
    page = Paginator(changes, 200).get_page(request.GET.get("page"))
    return render_page(request, "cooperatives/import_record_detail.html", {"record": record, "page": page})
