"""Pages of the cooperative registry: the filtered list and its exports, registration, the cooperative page with
its milestones, board, gerai, documents and history, and the forms that change them. Views parse, scope (404 outside
scope), check the capability (403) and hand writes to the services."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
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
from kopdes.core import export_jobs, registry
from kopdes.core.exceptions import ConflictError
from kopdes.core.exports import FORMATS
from kopdes.core.htmx import render_page
from kopdes.core.import_views import importer_urls
from kopdes.core.scoping import get_object_for_user, require, user_can
from kopdes.regions.models import Region

PAGE_SIZE = 50
# The registry file's list exporter and importer, registered by formation (which owns its columns: they carry the
# milestone dates); the import itself is served by the one import flow of kopdes.core.import_views.
REGISTRY_LIST = "cooperatives"
REGISTRY_IMPORT = "cooperatives"


def _filter_form(request) -> CooperativeFilterForm:
    # The export's POST carries its filters in the query string too.
    return CooperativeFilterForm(request.GET or None, user=request.user)


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
        **importer_urls(request.user, REGISTRY_IMPORT),
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
    params["flags"] = list(filters.flags)  # as the job keeps it (JSON), so a second click finds the queued job
    return export_jobs.list_export_response(request, kind=REGISTRY_LIST, params=params, fmt=fmt, count=count)


@require_http_methods(["GET", "POST"])
@login_required
def cooperative_register(request):
    require(request.user, Capability.REGISTER_COOPERATIVE)
    form = CooperativeRegisterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Outside scope reads as unknown, exactly like a code that does not exist (the field checked it already).
        village = Region.objects.for_user(request.user).filter(code=data["village"]).first()
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
    each with the bound forms it should show again after a failed POST. The rows several panels show (the board,
    the gerai, the milestones) are read once, as the panels declare (`CooperativePanel.prefetch`)."""
    user = request.user
    panels = list(registry.cooperative_panels)
    prefetch_related_objects([cooperative], *registry.panel_prefetches(panels))
    return {
        "cooperative": cooperative,
        "village": cooperative.village,
        "phase_label": Phase(cooperative.phase).label,
        "warnings": selectors.cooperative_warnings(cooperative),
        "can_edit": user_can(user, Capability.EDIT_COOPERATIVE),
        "panels": [
            {"key": panel.key, "template": panel.template, "context": panel.context(request, cooperative, forms)}
            for panel in panels
        ],
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


@require_GET
@login_required
def cooperative_history(request, pk: int):
    """The cooperative's change history, scoped like its page: a small page of its own, or only the list when htmx
    loads it into the cooperative page's "Riwayat perubahan" section as the reader reaches it (the page itself no
    longer reads it: a dozen history queries most visitors never scroll to)."""
    cooperative = _get_cooperative(request, pk)
    context = {"cooperative": cooperative, "history": selectors.cooperative_history(cooperative)}
    return render_page(request, "cooperatives/cooperative_history.html", context, partial="history")


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
