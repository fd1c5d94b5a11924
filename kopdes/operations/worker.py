"""The background worker as production runs it (`kopdes worker`, deploy/kopdes-worker.service): django-tasks-db's
worker with a stable id, which first finds the tasks a previous run of this same worker left RUNNING (it was killed,
or the database went away mid-task) and marks them FAILED with the reason, and which survives a database restart:
on a lost connection it closes it, waits for the database and carries on, instead of leaving work behind.

A task is never lost silently: it ends SUCCESSFUL, or FAILED with its traceback (a lost worker says so), and the
export job behind a failed export task is marked failed too, so its page shows the error and the user can ask again."""

from __future__ import annotations

import datetime
import logging
import socket
import time

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kopdes.core.models import ExportJob

logger = logging.getLogger("kopdes.worker")
EXPORT_TASK = "kopdes.core.tasks.export_job_task"
DEFAULT_STALE_AFTER = datetime.timedelta(hours=6)


class WorkerLost(Exception):
    """The worker running this task stopped before it finished (killed, or the database went away mid-task)."""


def default_worker_id(name: str = "worker") -> str:
    return f"{socket.gethostname()}-{name}"[:64]


def tasks_recover(*, worker_id: str | None = None, stale_after: datetime.timedelta | None = None) -> list[str]:
    """Mark FAILED the RUNNING tasks last claimed by `worker_id` (which is starting, so it runs none of them) and
    those running for longer than `stale_after`; the export jobs of such tasks fail too. Returns their ids."""
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    lost = []
    for result in running:
        mine = worker_id is not None and result.worker_ids and result.worker_ids[-1] == worker_id
        stale = stale_after is not None and result.started_at and timezone.now() - result.started_at > stale_after
        if not (mine or stale):
            continue
        reason = "pekerja latar berhenti sebelum tugas selesai" if mine else "tugas berjalan terlalu lama"
        result.set_failed(WorkerLost(f"{reason} (worker {result.worker_ids[-1] if result.worker_ids else '?'})"))
        lost.append(str(result.pk))
        logger.warning("task %s (%s) marked failed: %s", result.pk, result.task_path, reason)
        if result.task_path == EXPORT_TASK:
            export_jobs_fail(result.args_kwargs.get("args", []), reason)
    return lost


def export_jobs_fail(args: list, reason: str) -> int:
    """The export job of a lost export task: FAILED with the reason, so the page says so and a new export can start."""
    ids = [arg for arg in args if isinstance(arg, int)]
    return ExportJob.objects.filter(pk__in=ids, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]).update(
        status=ExportJob.Status.FAILED,
        error=f"WorkerLost: {reason}; jalankan ekspor lagi.",
        finished_at=timezone.now(),
    )


def wait_for_database(*, timeout: float = 300.0, every: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            connections["default"].close()
            connections["default"].ensure_connection()
            return
        except (OperationalError, InterfaceError):
            if time.monotonic() > deadline:
                raise
            logger.warning("database unavailable, retrying in %.0f s", every)
            time.sleep(every)


def run(*, worker_id: str, queue_names: list[str], interval: float = 1.0, max_tasks: int | None = None,
        batch: bool = False, stale_after: datetime.timedelta | None = DEFAULT_STALE_AFTER,
        make_worker=None) -> None:  # fmt: skip
    """Recover, then run tasks until stopped; after a lost database connection: close, wait, recover, continue."""
    from django_tasks_db.management.commands.db_worker import Worker

    make_worker = make_worker or Worker
    while True:
        wait_for_database()
        tasks_recover(worker_id=worker_id, stale_after=stale_after)
        worker = make_worker(queue_names=queue_names, interval=interval, batch=batch, backend_name="default",
                             startup_delay=False, max_tasks=max_tasks, worker_id=worker_id)  # fmt: skip
        worker.configure_signals()
        try:
            worker.run()
            return
        except (OperationalError, InterfaceError, DatabaseError) as exc:
            logger.warning("worker %s lost the database (%s); reconnecting", worker_id, exc)
            for connection in connections.all():
                connection.close()
            close_old_connections()
            time.sleep(1)
