"""Fuzzing the API with schemathesis: every operation of the OpenAPI document, every check (`--checks all`), with
a regency officer's token and with a national admin's, against a live server holding the demo data. The run must
find nothing: no server error, no response that breaks its schema, no status the document does not declare, no
request the document allows refused with 422 (kopdes/api/fuzz/schemathesis.toml says why 400 is allowed).

Bounded: KOPDES_FUZZ_EXAMPLES cases per operation and phase (default 8), KOPDES_FUZZ_SECONDS per identity. The seed
is fixed (KOPDES_FUZZ_SEED) so a failure can be replayed; set another seed to look further. A new app's endpoints
are fuzzed as soon as its router is in the document."""

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from kopdes.accounts.models import User
from kopdes.accounts.services import api_token_create

CONFIG = Path(__file__).resolve().parent.parent / "fuzz" / "schemathesis.toml"
EXAMPLES = int(os.environ.get("KOPDES_FUZZ_EXAMPLES", "8"))
SECONDS = int(os.environ.get("KOPDES_FUZZ_SECONDS", "40"))
SEED = os.environ.get("KOPDES_FUZZ_SEED", "20250610")

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the fuzzing run uses SQLite (make test runs it on the SQLite pass of CI)",
    ),
]


def _schemathesis() -> str:
    found = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    if not Path(found).exists():
        pytest.fail("schemathesis is missing: make install (it is a dev dependency)")
    return found


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


def _summary(report: dict) -> dict:
    """The figures of schemathesis' JSON report: operations, cases, and failures by kind."""
    return {
        "operations_tested": report["operations"]["tested"],
        "operations_total": report["operations"]["total"],
        "cases": report["test_cases"]["generated"],
        "phases": {name: phase["status"] for name, phase in report["phases"].items()},
        "failures": {f"{group['code']} {group['title']}": group["count"] for group in report["failures"]},
        "errors": {group["title"]: group["count"] for group in report["errors"]},
        "seconds": report["running_time"],
    }


@pytest.mark.parametrize("username", ["dinkop.kukar", "admin.nasional"])
def test_schemathesis_finds_nothing(live_server, demo, username, tmp_path):
    _token, key = api_token_create(user=User.objects.get(username=username), name="fuzz")
    report = tmp_path / "report.json"
    command = [
        _schemathesis(),
        "--config-file",
        str(CONFIG),
        "--no-color",
        "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--checks",
        "all",
        "--header",
        f"Authorization: Bearer {key}",
        "--max-examples",
        str(EXAMPLES),
        "--max-time",
        str(SECONDS),
        "--seed",
        SEED,
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    # Run in the test's own folder: schemathesis keeps a cache (.schemathesis/) in its working directory.
    result = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS * 4 + 120, cwd=tmp_path)
    output = (result.stdout + result.stderr)[-20_000:]
    assert report.exists(), output
    summary = _summary(json.loads(report.read_text()))
    print(f"schemathesis as {username}: {json.dumps(summary)}")
    assert summary["failures"] == {} and summary["errors"] == {}, output
    assert summary["operations_tested"] == summary["operations_total"] >= 40, output
    assert result.returncode == 0, output
