"""Read-heavy pages and API reads from a PostgreSQL streaming replica (docs/deploy.md "Lebih dari satu server").

With `DATABASE_REPLICA_URL` set, the settings add a `replica` database and this router. A request is marked for the
replica when it only reads (GET or HEAD) and its path is one of the read-heavy ones (`KOPDES_REPLICA_PATHS`: the
dashboard and region pages, the registry list, the API); Django's `request_started` signal marks it, so no middleware
is needed. Everything else, every write, and the tables that must be read-your-writes (sessions, sign-in throttling,
background tasks and export jobs, the access log) always use the primary."""

from __future__ import annotations

import contextvars

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connections

REPLICA = "replica"
DEFAULT_PATHS = ("/wilayah/", "/koperasi/", "/api/v1/", "/laporan/", "/penilaian/")
PRIMARY_ONLY_APPS = {"sessions", "axes", "django_tasks_db", "operations", "contenttypes", "auth"}
PRIMARY_ONLY_MODELS = {("core", "exportjob"), ("core", "importrecord"), ("accounts", "apitoken")}

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("kopdes_use_replica", default=False)


def replica_enabled() -> bool:
    return getattr(settings, "KOPDES_READ_REPLICA", False) and REPLICA in connections.settings


def reads_from_replica(method: str, path: str) -> bool:
    if method not in ("GET", "HEAD"):
        return False
    paths = getattr(settings, "KOPDES_REPLICA_PATHS", DEFAULT_PATHS)
    return path == "/" or any(path.startswith(prefix) for prefix in paths)


def _started(sender, environ=None, **kwargs) -> None:
    environ = environ or {}
    _use_replica.set(
        replica_enabled() and reads_from_replica(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""))
    )


def _finished(sender, **kwargs) -> None:
    _use_replica.set(False)


def connect() -> None:
    request_started.connect(_started, dispatch_uid="kopdes-replica-started")
    request_finished.connect(_finished, dispatch_uid="kopdes-replica-finished")


class ReplicaRouter:
    """Reads of a marked request go to the replica, except the primary-only tables; writes always to default."""

    def db_for_read(self, model, **hints):
        if not _use_replica.get():
            return None
        meta = model._meta
        if meta.app_label in PRIMARY_ONLY_APPS or (meta.app_label, meta.model_name) in PRIMARY_ONLY_MODELS:
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA  # migrations run on the primary and stream to the replica
