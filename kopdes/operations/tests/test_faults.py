"""Faults survived (issue 18 item 3): the database connection cut in the middle of an import and of a background
export, and the worker killed mid-task. On PostgreSQL the connection is really cut (pg_terminate_backend from another
session: what a server restart does to every open connection); on SQLite the same point raises the OperationalError a
lost connection raises. Each time: nothing half-written, the failure is visible (an error, a FAILED task and job with
the reason), and running it again succeeds. A real PostgreSQL restart under the load test is in docs/deploy.md."""

import csv
import io

import pytest
from django.db import OperationalError, close_old_connections, connection, connections
from django.test import override_settings
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kopdes.cooperatives.models import Cooperative
from kopdes.core import registry
from kopdes.core.export_jobs import export_job_start
from kopdes.core.models import ExportJob, ImportRecord
from kopdes.formation import io as formation_io
from kopdes.operations import worker as ops_worker

pytestmark = pytest.mark.django_db(transaction=True)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
VILLAGES = ["64.02.01.2001", "64.02.01.2002", "64.02.01.2003", "64.02.01.2004", "64.02.01.2005"]


def cut_connection(alias: str = "default") -> None:
    """Cut Django's connection as a database restart would. PostgreSQL: terminate its server process from another
    session, so the next statement fails. SQLite (no server): raise what the lost connection raises."""
    conn = connections[alias]
    if conn.vendor != "postgresql":
        raise OperationalError("server closed the connection unexpectedly (simulated restart)")
    import psycopg

    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    db = conn.settings_dict
    params = {"dbname": db["NAME"], "host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None,
              "password": db["PASSWORD"] or None}  # fmt: skip
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def registry_file(codes) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["kode_wilayah", "tgl_sosialisasi", "tgl_musdesus"])
    writer.writeheader()
    for code in codes:
        writer.writerow({"kode_wilayah": code, "tgl_sosialisasi": "2025-04-14", "tgl_musdesus": "2025-05-10"})
    return out.getvalue().encode()


def test_an_import_cut_mid_transaction_writes_nothing_and_runs_again(kukar_officer, monkeypatch):
    real_apply = formation_io._apply

    def apply_then_lose_the_database(plans, **kwargs):
        real_apply(plans, **kwargs)  # every row written inside the transaction ...
        assert Cooperative.objects.count() == len(VILLAGES)
        cut_connection()  # ... and the database goes away before the commit

    monkeypatch.setattr(formation_io, "_apply", apply_then_lose_the_database)
    data = registry_file(VILLAGES)
    with pytest.raises(OperationalError):
        formation_io.cooperatives_import(actor=kukar_officer, data=data, file_name="kukar.csv")
    connection.close()  # what the next request does (CONN_HEALTH_CHECKS / close_old_connections)
    assert Cooperative.objects.count() == 0  # nothing half-written
    assert not ImportRecord.objects.filter(file_name="kukar.csv").exists()

    monkeypatch.setattr(formation_io, "_apply", real_apply)
    result = formation_io.cooperatives_import(actor=kukar_officer, data=data, file_name="kukar.csv")
    assert result.ok and result.created == len(VILLAGES)
    assert Cooperative.objects.count() == len(VILLAGES)


def test_health_checks_are_on():
    from django.conf import settings

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_a_kept_connection_cut_by_a_restart_is_replaced_at_the_next_request(client_for, kukar_officer, monkeypatch):
    """A production process keeps its connection (CONN_MAX_AGE); after a restart cut it, the next request's health
    check (CONN_HEALTH_CHECKS) opens a new one instead of answering 500."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    client = client_for(kukar_officer)
    connection.close()
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        cut_connection()
    close_old_connections()  # what Django's WSGI handler does as each request starts (the test client skips it)
    try:
        assert client.get(reverse("cooperatives:cooperative_list")).status_code == 200
    finally:
        connection.close()


class _QuietWorker:
    """django-tasks-db's worker without its signal handlers (they would replace pytest's)."""

    def __new__(cls, **kwargs):
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(**kwargs)
        worker.configure_signals = lambda: None
        return worker


@pytest.fixture
def slow_export():
    """A registered list of 500 rows whose reading can be made to lose the database half way."""
    state = {"cut_after": None}

    def rows(user, params):
        for n in range(500):
            if state["cut_after"] is not None and n == state["cut_after"]:
                state["cut_after"] = None
                cut_connection()
            yield [n, f"baris {n}"]

    exporter = registry.ListExporter(key="ops_fault_test", label="uji", columns=["no", "teks"],
                                     count=lambda user, params: 500, rows=rows,
                                     file_stem=lambda params: "uji", sheet_title="uji")  # fmt: skip
    registry.list_exporters._items[exporter.key] = exporter
    yield state
    registry.list_exporters._items.pop(exporter.key, None)


@override_settings(TASKS=DB_TASKS)
def test_an_export_cut_mid_file_fails_visibly_and_runs_again(kukar_officer, slow_export):
    slow_export["cut_after"] = 250
    job = export_job_start(user=kukar_officer, kind="ops_fault_test", params={}, fmt="csv")
    ops_worker.run(worker_id="uji-worker", queue_names=["default"], batch=True, make_worker=_QuietWorker)
    job.refresh_from_db()
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.FAILED  # never left RUNNING
    assert job.status == ExportJob.Status.FAILED and job.error  # the job page shows why
    assert not job.file  # no half-written file is offered

    again = export_job_start(user=kukar_officer, kind="ops_fault_test", params={}, fmt="csv")
    assert again.pk != job.pk  # the failed job does not block a new one
    ops_worker.run(worker_id="uji-worker", queue_names=["default"], batch=True, make_worker=_QuietWorker)
    again.refresh_from_db()
    assert again.status == ExportJob.Status.DONE
    assert again.file.open("rb").read().count(b"\n") == 501


@override_settings(TASKS=DB_TASKS)
def test_a_task_left_running_by_a_killed_worker_is_marked_failed(kukar_officer, slow_export):
    job = export_job_start(user=kukar_officer, kind="ops_fault_test", params={}, fmt="csv")
    task = DBTaskResult.objects.get()
    task.claim("uji-worker")  # the worker took it ...
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)  # ... started, and was SIGKILLed
    other = DBTaskResult.objects.get(pk=task.pk)
    assert other.status == TaskResultStatus.RUNNING

    # Another worker does not touch it (it may be running there) ...
    assert ops_worker.tasks_recover(worker_id="lain-worker", stale_after=None) == []
    # ... the same worker restarting knows it was its own and marks it failed, with its export job.
    assert ops_worker.tasks_recover(worker_id="uji-worker", stale_after=None) == [str(task.pk)]
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and "WorkerLost" in task.exception_class_path
    assert job.status == ExportJob.Status.FAILED and "WorkerLost" in job.error
