"""The production pieces that can be checked fast: the settings read from the environment, the gunicorn config,
the systemd units, and the load test's mix against the real URLs (the load test itself is `make loadtest`)."""

import importlib.util
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

from kopdes.operations.loadtest.mix import ROLES, STEPS, fill

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = {"regency": "64.02", "districts": ["64.02.01"], "cooperatives": [7], "district_cooperatives": [8],
          "pages": 3, "own_coop": 9}  # fmt: skip


def _settings(env: dict, code: str) -> str:
    script = f"import django; django.setup(); from django.conf import settings as s; print(repr(({code})))"
    full = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    full.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env})
    result = subprocess.run([sys.executable, "-c", script], env=full, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_settings_come_from_the_environment(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("k" * 60)
    out = _settings(
        {"SECRET_KEY_FILE": str(secret), "ALLOWED_HOSTS": "kopdes.kukarkab.go.id", "KOPDES_VAR_DIR": str(tmp_path),
         "DATABASE_URL": "postgres://kopdes:x@db.example:5432/kopdes", "CONN_MAX_AGE": "30",
         "DATABASE_REPLICA_URL": "postgres://kopdes:x@replica.example:5432/kopdes", "KOPDES_CACHE": "database"},
        "s.DEBUG, s.SECRET_KEY == 'k' * 60, s.ALLOWED_HOSTS, s.DATABASES['default']['HOST'], "
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "s.DATABASES['replica']['HOST'], s.KOPDES_READ_REPLICA, s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], "
        "s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT",
    )  # fmt: skip
    assert out == ("(False, True, ['kopdes.kukarkab.go.id'], 'db.example', 30, True, 'replica.example', True, "
                   "'DatabaseCache', True, True)")  # fmt: skip


def test_production_refuses_to_start_without_a_secret(tmp_path):
    full = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SECRET_KEY_FILE")}
    full.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "KOPDES_VAR_DIR": str(tmp_path)})
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=full, cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_the_gunicorn_config_and_the_units_name_what_exists():
    config = {}
    exec((ROOT / "deploy/gunicorn.conf.py").read_text(), config)  # noqa: S102 - our own file
    assert config["wsgi_app"] == "config.wsgi:application" and config["worker_class"] == "gthread"
    web = (ROOT / "deploy/systemd/kopdes-web.service").read_text()
    assert "gunicorn --config /opt/kopdes/deploy/gunicorn.conf.py" in web
    worker = (ROOT / "deploy/systemd/kopdes-worker.service").read_text()
    assert "kopdes worker --worker-id" in worker and "Restart=always" in worker
    assert "kopdes backup" in (ROOT / "deploy/systemd/kopdes-backup.service").read_text()
    assert "OnCalendar=" in (ROOT / "deploy/systemd/kopdes-backup.timer").read_text()
    assert "kopdes rollups $KOPDES_ROLLUP_REGIONS" in (ROOT / "deploy/systemd/kopdes-rollups.service").read_text()
    assert "OnUnitActiveSec=" in (ROOT / "deploy/systemd/kopdes-rollups.timer").read_text()
    assert "KOPDES_ROLLUP_REGIONS=" in (ROOT / "deploy/kopdes.env.example").read_text()


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.name)
def test_every_load_test_step_is_a_real_url(step):
    path = fill(step, SAMPLE, random.Random(1)).split("?", 1)[0]
    try:
        match = resolve(path)
    except Resolver404:
        pytest.fail(f"{step.name}: {path} is not a URL of Kopdes")
    assert match.func is not None
    if step.body:
        json.dumps(step.body(SAMPLE))


def test_every_role_of_the_mix_has_steps():
    assert set(ROLES) == {"admin", "bupati", "camat", "pengurus"}


def test_the_locustfile_imports_with_locust(tmp_path):
    """In a subprocess: importing locust patches the standard library (gevent), which this process must not get."""
    if importlib.util.find_spec("locust") is None:  # never import it here
        pytest.skip("locust is not installed (pip install -e '.[dev]')")
    script = (
        "import kopdes.operations.loadtest.locustfile as f; print(sorted(n for n in dir(f) if n.startswith('Orang_')))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Orang_admin" in result.stdout and "Orang_pengurus" in result.stdout
