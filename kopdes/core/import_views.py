"""The one web flow of every spreadsheet import (`registry.importers`), under /impor/:

1. upload: the file (and the importer's extra fields) is read and validated whole as a dry run; nothing is
   written but the dry run's `ImportRecord`;
2. preview: every row's errors by row and column, or every row it would create or change (the importer's partial);
   the bytes wait in `kopdes.core.pending_files`, bound to the uploader, under their sha256;
3. confirm: exactly the previewed bytes are imported, validated again (the data may have changed meanwhile), and
   the user lands on the import's record page (or where the importer says).

Also the template download (XLSX/CSV through `kopdes.core.exports`), the records of the imports a user may see
(their region's and their own, `ImportRecord.objects.for_user`) and one record with what it changed.
An importer never writes a view, a URL or a page of its own; apps keep their old paths with `moved()`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kopdes.core import pending_files, registry
from kopdes.core.exports import FORMATS, table_response
from kopdes.core.forms import ImportConfirmForm, ImportUploadForm
from kopdes.core.htmx import render_page
from kopdes.core.models import ImportRecord
from kopdes.core.scoping import get_object_for_user

PREVIEW_ROWS = 1000  # rows (and errors) listed on the preview page; the counts always cover the whole file
PAGE_SIZE = 50  # records on the list page
CHANGES_PAGE_SIZE = 200  # changed rows on a record's page
KIND_PARAMETER = "jenis"


def _importer(user, slug: str) -> registry.Importer:
    """The importer of `slug` (404 for none), which the user must be allowed to use (403)."""
    importer = registry.importer_for_slug(slug)
    if importer is None:
        raise Http404
    if not importer.may_import(user):
        raise PermissionDenied
    return importer


def _upload_form_class(importer) -> type[ImportUploadForm]:
    return importer.upload_form or ImportUploadForm


def importer_urls(user, kind: str) -> dict:
    """Links a list page shows for the import that feeds it: `import_url` ("" when the user may not import) and
    `records_url` (that kind's records)."""
    importer = registry.importers.get(kind)
    if importer is None:
        return {"import_url": "", "records_url": ""}
    return {
        "import_url": reverse("core:import", args=[importer.slug]) if importer.may_import(user) else "",
        "records_url": f"{reverse('core:import_record_list')}?{urlencode({KIND_PARAMETER: importer.slug})}",
    }


# --- upload → preview → confirm ------------------------------------------------------------------------------------


def _signed_options(sha256: str, options: dict) -> str:
    return signing.dumps(options, salt=f"kopdes.import.{sha256}")


def _confirmed_options(importer, sha256: str, signed: str) -> dict | None:
    """The extra fields previewed with the file `sha256`, validated again by the importer's upload form; None when
    they were not signed for this file or no longer validate."""
    try:
        data = signing.loads(signed, salt=f"kopdes.import.{sha256}") if signed else {}
    except signing.BadSignature:
        return None
    return _upload_form_class(importer).options_from(data)


def _page(request, importer, *, form=None, result=None, file_name="", sha256="", options=None, error="", status=200):
    context = {
        "importer": importer,
        "form": form or _upload_form_class(importer)(),
        "error": error,
        "result": result,
        "file_name": file_name,
        "preview_limit": PREVIEW_ROWS,
        "templates": _template_links(importer),
        "records_url": importer_urls(request.user, importer.key)["records_url"],
        "back_url": reverse(importer.back_url_name) if importer.back_url_name else "",
    }
    if result is not None:
        context.update(importer.preview_context(result, limit=PREVIEW_ROWS))
        context.update(
            {
                "errors": result.errors[:PREVIEW_ROWS],
                "error_total": getattr(result, "error_count", 0) or len(result.errors),
                "confirm_label": importer.confirm_label(result),
                "confirm_form": ImportConfirmForm(
                    initial={
                        "sha256": sha256,
                        "file_name": file_name,
                        "options": _signed_options(sha256, options or {}),
                    }
                )
                if result.ok and sha256
                else None,
            }
        )
    return render_page(request, "core/import.html", context, partial="preview", status=status)


def _template_links(importer) -> list[dict]:
    variants = importer.template_variants or {"": ""}
    return [
        {
            "variant": variant,
            "label": label,
            "format": fmt,
            "url": reverse("core:import_template_variant", args=[importer.slug, variant, fmt])
            if variant
            else reverse("core:import_template", args=[importer.slug, fmt]),
        }
        for variant, label in variants.items()
        for fmt in FORMATS
    ]


@require_http_methods(["GET", "POST"])
@login_required
def import_page(request, slug: str):
    """Upload → dry run shown row by row (nothing written) → confirm imports exactly the previewed bytes."""
    importer = _importer(request.user, slug)
    if request.method == "GET":
        return _page(request, importer)
    if "sha256" in request.POST:
        return _confirm(request, importer)
    form = _upload_form_class(importer)(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, importer, form=form, status=400)
    uploaded = form.cleaned_data["file"]
    file_name = uploaded.name or "berkas"
    data = uploaded.read()
    result = importer.run(actor=request.user, data=data, file_name=file_name, dry_run=True, **form.import_options())
    if not result.ok:
        return _page(request, importer, form=form, result=result, file_name=file_name, status=400)
    sha256 = pending_files.pending_save(request.user, data)
    return _page(request, importer, result=result, file_name=file_name, sha256=sha256, options=form.option_data())


def _confirm(request, importer):
    form = ImportConfirmForm(request.POST)
    data = options = None
    if form.is_valid():
        sha256 = form.cleaned_data["sha256"]
        options = _confirmed_options(importer, sha256, form.cleaned_data["options"])
        if options is not None:
            data = pending_files.pending_load(request.user, sha256)
    if data is None:
        error = _("Berkas pratinjau tidak ditemukan atau sudah diimpor. Unggah berkasnya lagi.")
        return _page(request, importer, error=error, status=400)
    file_name = form.cleaned_data["file_name"]
    result = importer.run(actor=request.user, data=data, file_name=file_name, dry_run=False, **options)
    if not result.ok:
        return _page(request, importer, result=result, file_name=file_name, status=400)
    pending_files.pending_delete(request.user, form.cleaned_data["sha256"])
    level, text = importer.message(result, file_name)
    messages.add_message(request, level, text)
    return redirect(
        importer.success_url(result, request.user) or reverse("core:import_record_detail", args=[result.record.pk])
    )


@require_GET
@login_required
def import_template(request, slug: str, fmt: str, variant: str = ""):
    """The import's columns with an example row (for a region in the user's own scope when there is one)."""
    importer = _importer(request.user, slug)
    template = importer.template_file(request.user, variant) if fmt in FORMATS else None
    if template is None:
        raise Http404
    stem, columns, rows = template
    return table_response(fmt, stem, columns, rows, sheet_title=importer.sheet_title)


# --- records -------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def import_record_list(request):
    """The imports the user may see (their region's and their own), newest first; ?jenis=<slug> keeps one kind."""
    records = ImportRecord.objects.for_user(request.user).select_related("user").order_by("-created_at", "-pk")
    selected = registry.importer_for_slug(request.GET.get(KIND_PARAMETER, ""))
    if selected is not None:
        records = records.filter(kind=selected.key)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({KIND_PARAMETER: selected.slug}) if selected else ""
    context = {
        "page": page,
        "query": query,
        "selected": selected,
        "kinds": list(registry.importers),
        "importers": [importer for importer in registry.importers if importer.may_import(request.user)],
    }
    return render_page(request, "core/import_record_list.html", context)


@require_GET
@login_required
def import_record_detail(request, pk: int):
    """One import and what it changed (applied imports: the rows whose history carries its change reason)."""
    record = get_object_for_user(ImportRecord.objects.select_related("user"), request.user, pk=pk)
    importer = registry.importers.get(record.kind)
    changes = importer.changes(record) if importer and record.status == ImportRecord.Status.APPLIED else []
    context = {
        "record": record,
        "importer": importer,
        "can_import": bool(importer and importer.may_import(request.user)),
        "page": Paginator(changes, CHANGES_PAGE_SIZE).get_page(request.GET.get("page")),
        "records_url": importer_urls(request.user, record.kind)["records_url"] or reverse("core:import_record_list"),
    }
    return render_page(request, "core/import_record_detail.html", context)


# --- old paths -----------------------------------------------------------------------------------------------------


def moved(url_name: str, *, query: dict | None = None, rename: dict | None = None, **fixed):
    """A view for an old path of a page that now lives at `url_name`: a permanent redirect that keeps the method and
    body (308), the path's own arguments (renamed by `rename`) with the `fixed` ones, and the query string."""

    def view(request, **kwargs):
        arguments = {(rename or {}).get(name, name): value for name, value in kwargs.items()} | fixed
        url = reverse(url_name, kwargs=arguments)
        parameters = {**(query or {}), **request.GET.dict()}
        if parameters:
            url = f"{url}?{urlencode(parameters)}"
        return redirect(url, permanent=True, preserve_request=True)

    return view
