"""Registry exports too large for one request (STYLE.md rules 9 and 10): the page queues a job, a background task
writes the file in the import's columns while recording its progress, and the owner downloads it when done.

The job remembers the list's filters, not the rows: the task reads the list through the same selector and the same
scope as the page, so a background export contains exactly what the user could see."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from kopdes.cooperatives import selectors
from kopdes.cooperatives.choices import ExportStatus
from kopdes.cooperatives.io import COLUMNS, export_rows
from kopdes.cooperatives.models import ExportJob
from kopdes.cooperatives.selectors import CooperativeFilters
from kopdes.core.exports import write_table

logger = logging.getLogger(__name__)
DEFAULT_SYNC_LIMIT = 5000
DEFAULT_KEEP_DAYS = 7


def export_sync_limit() -> int:
    """Lists up to this many rows are exported during the request; larger ones go to the background."""
    return int(getattr(settings, "KOPDES_EXPORT_SYNC_LIMIT", DEFAULT_SYNC_LIMIT))


def _filters_data(filters: CooperativeFilters) -> dict:
    return dataclasses.asdict(filters)


def filters_from(data: dict) -> CooperativeFilters:
    known = {f.name for f in dataclasses.fields(CooperativeFilters)}
    return CooperativeFilters(**{key: value for key, value in (data or {}).items() if key in known})


def export_jobs_prune(*, keep_days: int | None = None) -> int:
    """Delete finished export jobs older than `keep_days` (setting KOPDES_EXPORT_KEEP_DAYS, 7) with their files, so
    that whole-country exports do not pile up on disk. Runs whenever an export is queued. Returns how many went."""
    if keep_days is None:
        keep_days = int(getattr(settings, "KOPDES_EXPORT_KEEP_DAYS", DEFAULT_KEEP_DAYS))
    cutoff = timezone.now() - datetime.timedelta(days=keep_days)
    old = list(ExportJob.objects.filter(status__in=[ExportStatus.DONE, ExportStatus.FAILED], finished_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)


def export_job_start(*, user, filters: CooperativeFilters, fmt: str, rows_total: int = 0) -> ExportJob:
    """Queue an export of the filtered list, or give back the one this user already has waiting for the same list
    (a double click does not build the file twice). The task is enqueued once the job row is committed."""
    export_jobs_prune()
    data = _filters_data(filters)
    for job in ExportJob.objects.filter(user=user, format=fmt, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]):
        if job.filters == data:
            return job
    job = ExportJob(user=user, filters=data, format=fmt, rows_total=rows_total)
    job.full_clean(exclude=["file"])
    job.save()
    from kopdes.cooperatives.tasks import cooperative_export

    transaction.on_commit(lambda: cooperative_export.enqueue(job.pk))
    return job


def _counting(rows, job_id: int, every: int):
    for done, row in enumerate(rows, start=1):
        yield row
        if done % every == 0:
            ExportJob.objects.filter(pk=job_id).update(rows_done=done)


def export_job_run(*, job_id: int) -> ExportJob:
    """Write the job's file. Runs in the task worker; progress is saved as it goes so the page can show it."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ExportStatus.QUEUED:
        return job  # already done (or being done) by another attempt
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, started_at=now, rows_done=0)
    try:
        filters = filters_from(job.filters)
        queryset = selectors.cooperative_list(user=job.user, filters=filters)
        total = queryset.count()
        ExportJob.objects.filter(pk=job.pk).update(rows_total=total)
        rows = _counting(export_rows(queryset), job.pk, every=max(500, total // 100))
        stem = f"koperasi-{filters.region or 'semua'}-{timezone.localdate():%Y%m%d}-{job.pk}"
        with tempfile.TemporaryFile() as handle:
            write_table(handle, job.format, COLUMNS, rows, sheet_title="Koperasi")
            handle.seek(0)
            job.file.save(f"{stem}.{job.format}", File(handle), save=False)
    except Exception as exc:
        logger.exception("export job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE, file=job.file.name, rows_total=total, rows_done=total, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
