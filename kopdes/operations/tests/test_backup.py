"""Backups that restore: a backup of a database with a cooperative, its board and a document, restored into an
empty database (SQLite file, or a fresh PostgreSQL database when the tests run on PostgreSQL), with the count of every
table and a few records compared."""

import sqlite3
import subprocess
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kopdes.cooperatives.choices import DocumentKind
from kopdes.cooperatives.services import document_upload
from kopdes.operations.backup import BackupError, backup_create, backup_manifest, backup_restore, backups_prune
from kopdes.tests.factories import KUKAR_VILLAGE, cooperative, full_board, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data():
    from kopdes.tests.factories import persona

    coop = cooperative(KUKAR_VILLAGE)
    board = full_board(coop)
    document = document_upload(actor=persona("kukar"), cooperative=coop, kind=DocumentKind.AKTA, uploaded_file=upload())
    return coop, board, document


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the same engine: a new SQLite file, or `CREATE DATABASE` on the PostgreSQL server."""
    db = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        name = f"kopdes_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        db["NAME"] = name
        yield db
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        db["NAME"] = str(tmp_path / "restored.sqlite3")
        yield db


def _records(db, sql):
    if "postgresql" in db["ENGINE"]:
        import psycopg

        with psycopg.connect(dbname=db["NAME"], host=db["HOST"] or None, port=db["PORT"] or None,
                             user=db["USER"] or None, password=db["PASSWORD"] or None) as conn:  # fmt: skip
            return conn.execute(sql).fetchall()
    with sqlite3.connect(db["NAME"]) as conn:
        return conn.execute(sql).fetchall()


def test_a_backup_restores_into_an_empty_database_with_every_row_and_file(data, empty_target, tmp_path):
    coop, board, document = data
    path = backup_create(tmp_path / "backups")
    manifest = backup_manifest(path)
    assert manifest["counts"]["cooperatives_cooperative"] == 1
    assert manifest["counts"]["cooperatives_official"] == len(board)
    assert manifest["counts"]["regions_region"] > 1000
    assert manifest["files"] >= 1  # MEDIA_ROOT is the test session's: other tests' uploads are in it too

    restored_media = tmp_path / "media"
    report = backup_restore(path, db=empty_target, media_root=restored_media)
    assert report.ok, report.differences
    assert report.found == manifest["counts"]
    assert report.files == manifest["files"]
    assert (restored_media / document.file.name).read_bytes() == document.file.open("rb").read()
    rows = _records(empty_target, "SELECT name, nik FROM cooperatives_official ORDER BY nik")
    assert rows == sorted(((o.name, o.nik) for o in board), key=lambda r: r[1])
    assert _records(empty_target, "SELECT village_id, name FROM cooperatives_cooperative") == [
        (coop.village_id, coop.name)
    ]


def test_a_restore_refuses_a_database_that_has_data(data, tmp_path):
    path = backup_create(tmp_path)
    with pytest.raises(BackupError):
        backup_restore(path, db=dict(connection.settings_dict), media_root=tmp_path / "m")


def test_the_commands_back_up_restore_and_keep_the_newest(data, empty_target, tmp_path, capsys):
    call_command("backup", "--dir", str(tmp_path / "b"))
    made = sorted((tmp_path / "b").glob("kopdes-backup-*.tar"))
    assert len(made) == 1
    (tmp_path / "b" / "kopdes-backup-20000101-000000.tar").write_bytes(made[0].read_bytes())
    assert [p.name for p in backups_prune(tmp_path / "b", keep=1)] == ["kopdes-backup-20000101-000000.tar"]
    url = _url(empty_target)
    call_command("restore", str(made[0]), "--database-url", url, "--media-root", str(tmp_path / "m"))
    assert "Pemulihan lengkap" in capsys.readouterr().out
    with pytest.raises(CommandError):  # the second time the target is no longer empty
        call_command("restore", str(made[0]), "--database-url", url, "--media-root", str(tmp_path / "m"))


def _url(db) -> str:
    if "postgresql" in db["ENGINE"]:
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


@pytest.mark.skipif(subprocess.run(["which", "pg_dump"], capture_output=True).returncode != 0, reason="no pg_dump")
def test_pg_dump_is_the_postgresql_tool():
    assert subprocess.run(["pg_dump", "--version"], capture_output=True, check=True).stdout.startswith(b"pg_dump")
