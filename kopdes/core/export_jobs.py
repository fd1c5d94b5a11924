"""Lists too large for one request (STYLE.md rules 9 and 10), for any list an app registers as a
`registry.ListExporter`: the page queues a job, a background task writes the file through the one spreadsheet writer
while recording its progress, and the owner downloads it when done.

The job remembers the list's filters, not the rows: the task reads the list through the exporter, i.e. the same
selector and the same scope as the page, so a background export contains exactly what the user could see."""

from __future__ import annotations

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from kopdes.core import registry
from kopdes.core.exports import FORMATS, table_response, write_table
from kopdes.core.htmx import render_page
from kopdes.core.models import ExportJob

logger = logging.getLogger(__name__)
DEFAULT_SYNC_LIMIT = 5000
DEFAULT_KEEP_DAYS = 7
Status = ExportJob.Status


def export_sync_limit() -> int:
    """Lists up to this many rows are exported during the request; larger ones go to the background."""
    return int(getattr(settings, "KOPDES_EXPORT_SYNC_LIMIT", DEFAULT_SYNC_LIMIT))


def export_jobs_prune(*, keep_days: int | None = None) -> int:
    """Delete finished export jobs older than `keep_days` (setting KOPDES_EXPORT_KEEP_DAYS, 7) with their files, so
    that whole-country exports do not pile up on disk. Runs whenever an export is queued. Returns how many went."""
    if keep_days is None:
        keep_days = int(getattr(settings, "KOPDES_EXPORT_KEEP_DAYS", DEFAULT_KEEP_DAYS))
    cutoff = timezone.now() - datetime.timedelta(days=keep_days)
    old = list(ExportJob.objects.filter(status__in=[Status.DONE, Status.FAILED], finished_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)


@transaction.atomic
def export_job_start(*, user, kind: str, params: dict, fmt: str, rows_total: int = 0) -> ExportJob:
    """Queue an export of a filtered list, or give back the one this user already has waiting for the same list
    (a double click does not build the file twice). The task is enqueued once the job row is committed."""
    registry.list_exporters[kind]  # an unknown list is a programming error, not a job that fails later
    export_jobs_prune()
    waiting = ExportJob.objects.filter(user=user, kind=kind, format=fmt, status__in=[Status.QUEUED, Status.RUNNING])
    for job in waiting:
        if job.params == params:
            return job
    job = ExportJob(user=user, kind=kind, params=params, format=fmt, rows_total=rows_total)
    job.full_clean(exclude=["file"])
    job.save()
    from kopdes.core.tasks import export_job_task  # tasks.py imports this module

    transaction.on_commit(lambda: export_job_task.enqueue(job.pk))
    return job


def _counting(rows, job_id: int, every: int):
    for done, row in enumerate(rows, start=1):
        yield row
        if done % every == 0:
            ExportJob.objects.filter(pk=job_id).update(rows_done=done)


def export_job_run(*, job_id: int) -> ExportJob:
    """Write the job's file. Runs in the task worker; progress is saved as it goes so the page can show it."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status != Status.QUEUED:
        return job  # already done (or being done) by another attempt
    ExportJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, started_at=timezone.now(), rows_done=0)
    try:
        exporter = registry.list_exporters[job.kind]
        total = exporter.count(job.user, job.params)
        ExportJob.objects.filter(pk=job.pk).update(rows_total=total)
        rows = _counting(exporter.rows(job.user, job.params), job.pk, every=max(500, total // 100))
        with tempfile.TemporaryFile() as handle:
            write_table(handle, job.format, exporter.columns, rows, sheet_title=exporter.sheet_title)
            handle.seek(0)
            job.file.save(f"{exporter.file_stem(job.params)}-{job.pk}.{job.format}", File(handle), save=False)
    except Exception as exc:
        logger.exception("export job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=Status.DONE, file=job.file.name, rows_total=total, rows_done=total, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def list_export_response(request, *, kind: str, params: dict, fmt: str, count: int) -> HttpResponse:
    """What a list page's export button answers: the file at once for a small list; for a large one, a page that
    offers the background export (GET) or the queued job's progress page (POST)."""
    if fmt not in FORMATS:
        raise Http404
    exporter = registry.list_exporters[kind]
    if count > export_sync_limit():
        if request.method == "POST":
            job = export_job_start(user=request.user, kind=kind, params=params, fmt=fmt, rows_total=count)
            return redirect("core:export_job_detail", job.pk)
        query = request.GET.copy()
        query.pop("format", None)
        back_url = exporter.back_url(params) if exporter.back_url else ""
        context = {"count": count, "fmt": fmt, "query": query.urlencode(), "exporter": exporter, "back_url": back_url}
        return render_page(request, "core/export_confirm.html", context)
    if request.method == "POST":
        query = request.GET.copy()
        query["format"] = fmt
        return redirect(f"{request.path}?{query.urlencode()}")
    stem = f"{exporter.file_stem(params)}"
    return table_response(
        fmt, stem, exporter.columns, exporter.rows(request.user, params), sheet_title=exporter.sheet_title
    )
