"""Uploaded files waiting between an import's preview and its confirm (the registry, the mapping and the
SIMKOPDES imports).

They are kept on disk under MEDIA_ROOT/imports/<user id>/<sha256> (outside the web root): the confirm request may
reach another worker process than the preview did, and the file may be far bigger than a session should hold.
The user id in the path binds a file to the person who uploaded it; the name is its own checksum, so the confirmed
bytes are exactly the previewed ones."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

from django.conf import settings

KEEP_SECONDS = 24 * 3600
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _folder(user) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(int(user.pk))


def pending_save(user, data: bytes) -> str:
    """Keep `data` for `user`; returns its sha256. Files of this user older than a day are removed on the way."""
    folder = _folder(user)
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except FileNotFoundError:
            pass
    sha256 = hashlib.sha256(data).hexdigest()
    path = folder / sha256
    tmp = folder / f".{sha256}.tmp"
    tmp.write_bytes(data)
    tmp.replace(path)
    return sha256


def pending_load(user, sha256: str) -> bytes | None:
    """The bytes this user previewed under `sha256`, or None if gone (or tampered with)."""
    if not _SHA256.match(sha256):
        return None
    try:
        data = (_folder(user) / sha256).read_bytes()
    except FileNotFoundError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def pending_delete(user, sha256: str) -> None:
    if _SHA256.match(sha256):
        (_folder(user) / sha256).unlink(missing_ok=True)
