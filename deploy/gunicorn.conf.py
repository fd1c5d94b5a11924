"""gunicorn settings for Kopdes (make serve-prod, deploy/systemd/kopdes-web.service). Everything can be changed
through the environment (KOPDES_BIND, KOPDES_WEB_WORKERS, KOPDES_WEB_THREADS, KOPDES_WEB_TIMEOUT).

Sync-style threads: Django views block on PostgreSQL, so a few processes with a few threads each keep both cores busy
while some requests wait on the database. On a 2-core server: 3 processes x 4 threads (measured, docs/deploy.md)."""

import multiprocessing
import os

bind = os.environ.get("KOPDES_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("KOPDES_WEB_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("KOPDES_WEB_THREADS", 4))
timeout = int(
    os.environ.get("KOPDES_WEB_TIMEOUT", 60)
)  # a PDF or a sync export of 5,000 rows fits; larger go to the worker
graceful_timeout = 30
# Longer than a reader's pause: a reused keep-alive connection is never closed under the client (HTTP 0 errors).
keepalive = 75
max_requests = 5000  # a process is replaced now and then: memory never creeps
max_requests_jitter = 500
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("KOPDES_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("KOPDES_LOG_LEVEL", "info")
# The address nginx forwards in X-Forwarded-For is trusted only from nginx on this machine.
forwarded_allow_ips = os.environ.get("KOPDES_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
wsgi_app = "config.wsgi:application"
raw_env = [f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', 'config.settings.production')}"]
