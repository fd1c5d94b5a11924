"""Pages every app shares: the progress and download of a background export (owner only: 404 for anyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from kopdes.core import registry
from kopdes.core.htmx import render_page
from kopdes.core.models import ExportJob
from kopdes.core.scoping import get_object_for_user


@require_GET
@login_required
def export_job_detail(request, pk: int):
    """Progress of a background export; htmx polls the `progress` fragment every 2 s until the job has finished."""
    job = get_object_for_user(ExportJob, request.user, pk=pk)
    exporter = registry.list_exporters.get(job.kind)
    context = {
        "job": job,
        "exporter": exporter,
        "description": exporter.describe(job.params) if exporter else "",
        "back_url": exporter.back_url(job.params) if exporter and exporter.back_url else "",
    }
    return render_page(request, "core/export_job_detail.html", context, partial="progress")


@require_GET
@login_required
def export_job_download(request, pk: int):
    job = get_object_for_user(ExportJob, request.user, pk=pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])
