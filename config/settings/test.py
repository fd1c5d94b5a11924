"""Test settings: fast hashing, immediate background tasks, uploads in a temporary folder."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kopdes-test-uploads-"))
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads are never served by URL (MEDIA_URL is None in production), but the live server of the browser tests needs
# a string here; nothing links to it.
MEDIA_URL = "/_test-media/"

# Sign-in and token throttle counters per test process, emptied between tests (kopdes/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests read what they just wrote: region roll-ups are built on every request unless a test keeps them
# (kopdes/dashboard/tests/test_rollups.py).
KOPDES_ROLLUP_FRESH_SECONDS = 0

# The read-replica router's tests (kopdes/operations/tests/test_replica.py): a mirror of the test database, used only
# while a test turns KOPDES_READ_REPLICA on.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
KOPDES_READ_REPLICA = False
