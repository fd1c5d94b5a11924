"""Backups that restore (docs/deploy.md "Cadangan"): one `.tar` file with the database and the uploaded documents.

- PostgreSQL: `pg_dump --format=custom` (consistent snapshot while the site runs; restored with `pg_restore`).
- SQLite: the online backup API (a consistent copy while the site runs), restored by copying it back.
- Uploaded documents: every file under MEDIA_ROOT.
- `manifest.json`: when, which engine, the Kopdes version, and the row count of every table, so a restore can say
  whether it got everything back (`restore` compares them and fails loudly on a difference).

`backup_create` and `backup_restore` are what `kopdes backup` / `kopdes restore` (and `make backup`) run."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


@dataclass
class RestoreReport:
    expected: dict[str, int]
    found: dict[str, int]
    files: int
    differences: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.differences


def _is_postgres(db: dict) -> bool:
    return "postgresql" in db["ENGINE"]


def _pg_env(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def model_tables() -> list[str]:
    """Every table Django manages (models of all apps, auto-created many-to-many tables included), sorted."""
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True) if model._meta.managed}
    return sorted(tables)


def table_counts(db: dict, tables: list[str] | None = None) -> dict[str, int]:
    """Row count of each table in the database `db` (a DATABASES entry), over a connection of its own, so it works
    for a database Django is not configured for (the restore target). A missing table counts as -1."""
    tables = model_tables() if tables is None else tables
    counts: dict[str, int] = {}
    if _is_postgres(db):
        import psycopg

        params = {"dbname": db["NAME"], "host": db.get("HOST") or None, "port": db.get("PORT") or None,
                  "user": db.get("USER") or None, "password": db.get("PASSWORD") or None}  # fmt: skip
        with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
            existing = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
            for table in tables:
                # table names come from the models, never from input; quoted as identifiers
                sql = f'SELECT count(*) FROM "{table}"'  # noqa: S608
                counts[table] = conn.execute(sql).fetchone()[0] if table in existing else -1
        return counts
    conn = sqlite3.connect(str(db["NAME"]))
    try:
        existing = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in tables:
            sql = f'SELECT count(*) FROM "{table}"'  # noqa: S608
            counts[table] = conn.execute(sql).fetchone()[0] if table in existing else -1
    finally:
        conn.close()
    return counts


def _live_counts(alias: str = "default") -> dict[str, int]:
    """Counts over Django's own connection (sees what this process sees, also an in-memory test database)."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in model_tables():
            if table not in existing:
                counts[table] = -1
                continue
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _dump_database(alias: str, target: Path) -> str:
    db = connections[alias].settings_dict
    if _is_postgres(db):
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
                   *_pg_args(db), str(db["NAME"])]  # fmt: skip
        result = subprocess.run(command, env=_pg_env(db), capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"pg_dump gagal: {result.stderr.strip()}")
        return "postgresql"
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(str(target))
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    return "sqlite"


def backup_create(directory: Path | str, *, alias: str = "default", media: bool = True) -> Path:
    """Write `kopdes-backup-<YYYYmmdd-HHMMSS>.tar` into `directory` and return its path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = directory / f"kopdes-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory(prefix="kopdes-backup-") as tmp:
        tmp_path = Path(tmp)
        counts_before = _live_counts(alias)
        engine = _dump_database(alias, tmp_path / "database.dump")
        media_root = Path(settings.MEDIA_ROOT)
        files = [p for p in media_root.rglob("*") if p.is_file()] if media and media_root.exists() else []
        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "engine": engine,
            "database": str(connections[alias].settings_dict["NAME"]),
            "counts": counts_before,
            "files": len(files),
        }
        (tmp_path / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(tmp_path / "manifest.json", arcname="manifest.json")
            archive.add(tmp_path / "database.dump", arcname="database.dump")
            for path in files:
                archive.add(path, arcname=f"uploads/{path.relative_to(media_root)}")
        partial.rename(target)  # a half-written backup never carries the final name
    return target


def backup_manifest(path: Path | str) -> dict:
    with tarfile.open(path, "r") as archive:
        return json.load(archive.extractfile("manifest.json"))


def backups_prune(directory: Path | str, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `directory`; return what went."""
    found = sorted(Path(directory).glob("kopdes-backup-*.tar"))
    old = found[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def _database_is_empty(db: dict) -> bool:
    counts = table_counts(db, ["django_migrations"])
    return counts["django_migrations"] <= 0


def backup_restore(path: Path | str, *, db: dict | None = None, media_root: Path | str | None = None,
                   force: bool = False) -> RestoreReport:  # fmt: skip
    """Restore the backup `path` into the database `db` (a DATABASES entry; default: this site's) and the uploads
    into `media_root` (default MEDIA_ROOT), then count every table and compare with the backup's manifest.

    The target database must be empty (created, nothing migrated) unless `force`: a restore never mixes with data
    it would silently overwrite. For PostgreSQL the database must exist (createdb)."""
    db = dict(db or connections["default"].settings_dict)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not force and not _database_is_empty(db):
        raise BackupError("Basis data tujuan tidak kosong: pulihkan ke basis data baru, atau pakai --force.")
    with tempfile.TemporaryDirectory(prefix="kopdes-restore-") as tmp:
        tmp_path = Path(tmp)
        with tarfile.open(path, "r") as archive:
            archive.extractall(tmp_path, filter="data")
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        dump = tmp_path / "database.dump"
        if manifest["engine"] == "postgresql":
            if not _is_postgres(db):
                raise BackupError("Cadangan PostgreSQL hanya bisa dipulihkan ke PostgreSQL.")
            command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                       *(["--clean", "--if-exists"] if force else []), *_pg_args(db), "--dbname", str(db["NAME"]),
                       str(dump)]  # fmt: skip
            result = subprocess.run(command, env=_pg_env(db), capture_output=True, text=True, check=False)  # noqa: S603
            if result.returncode != 0:
                raise BackupError(f"pg_restore gagal: {result.stderr.strip()}")
        else:
            if _is_postgres(db):
                raise BackupError("Cadangan SQLite hanya bisa dipulihkan ke SQLite.")
            for alias in connections:
                if connections[alias].settings_dict.get("NAME") == db["NAME"]:
                    connections[alias].close()
            source = sqlite3.connect(str(dump))
            destination = sqlite3.connect(str(db["NAME"]))
            try:
                source.backup(destination)
            finally:
                source.close()
                destination.close()
        files = 0
        uploads = tmp_path / "uploads"
        if uploads.exists():
            for item in uploads.rglob("*"):
                if item.is_file():
                    out = media_root / item.relative_to(uploads)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(item, out)
                    files += 1
    expected = manifest["counts"]
    found = table_counts(db, sorted(expected))
    differences = {t: (expected[t], found.get(t, -1)) for t in expected if expected[t] != found.get(t, -1)}
    return RestoreReport(expected=expected, found=found, files=files, differences=differences)


def default_backup_dir() -> Path:
    return Path(os.environ.get("KOPDES_BACKUP_DIR") or Path(settings.VAR_DIR) / "backups")


def age_of(path: Path) -> datetime.timedelta:
    return timezone.now() - datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
