"""SQLite under two writers at once (the demo, small offices): both succeed, one after the other, instead of one
failing with "database is locked". The settings' OPTIONS (timeout, transaction_mode="IMMEDIATE") are used on a
database file of their own, since the test database is in memory."""

import contextlib
import threading

import pytest
from django.conf import settings
from django.db import connections, transaction

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite settings only"
)

ALIAS = "concurrency"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A database file with the settings' options, outside the test database (and its test-case isolation)."""
    options = dict(settings.DATABASES["default"].get("OPTIONS", {}))
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "kopdes.sqlite3"), "OPTIONS": options}
    connections.settings[ALIAS] = connections.configure_settings(
        {"default": settings.DATABASES["default"], ALIAS: database}
    )[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
            cursor.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
        yield
        connections[ALIAS].close()
    del connections.settings[ALIAS]


def test_two_concurrent_read_then_write_transactions_both_succeed(sqlite_file):
    """Each transaction reads the counter, waits until the other has read too, then writes. With SQLite's
    default DEFERRED transactions both hold a read lock and neither can write: one fails at once with "database
    is locked", whatever the timeout. With IMMEDIATE the second waits for the first at BEGIN."""
    both_inside = threading.Barrier(2, timeout=1)
    errors: list[BaseException] = []

    def writer():
        try:
            with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE id = 1")
                (value,) = cursor.fetchone()
                # A broken barrier: the other one is waiting at BEGIN, which is what IMMEDIATE is for.
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_inside.wait()
                cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        assert cursor.fetchone() == (2,)
