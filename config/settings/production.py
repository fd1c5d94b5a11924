"""Production: secure defaults; secrets and hosts come from the environment (SECRET_KEY or SECRET_KEY_FILE)."""

from config.env import env_bool, env_int, env_str
from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY (or SECRET_KEY_FILE) must be set in production")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)  # off only on loopback (make serve-prod)
KOPDES_API_DOCS_PUBLIC = env_bool("KOPDES_API_DOCS_PUBLIC", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Keep each process's database connection for a minute (one connect per request costs ~5 ms); CONN_HEALTH_CHECKS
# (base.py) replaces a connection a database restart has cut before the request uses it.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)  # noqa: F405
# Several web servers behind one nginx (docs/deploy.md): the cache (API token throttle counters) in PostgreSQL,
# shared by all of them (`kopdes createcachetable` once). The default, a file cache in KOPDES_VAR_DIR, is per machine.
if env_str("KOPDES_CACHE") == "database":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kopdes_cache"}}
