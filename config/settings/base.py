"""Settings shared by every environment. Production differs only through environment variables."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("KOPDES_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-kopdes-key-change-me")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "ninja",  # serves the API docs (Swagger UI) from its own static files, not from a CDN
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",  # throttles failed sign-ins by account and by address (AXES_* below)
    "kopdes.core",
    "kopdes.accounts",
    "kopdes.regions",
    "kopdes.cooperatives",
    "kopdes.formation",
    "kopdes.mapping",
    "kopdes.exchange",
    "kopdes.taskforce",
    "kopdes.training",
    "kopdes.helpdesk",
    "kopdes.books",
    "kopdes.finance",
    "kopdes.reporting",
    "kopdes.assessment",
    "kopdes.dashboard",
    "kopdes.maps",  # the choropleths, the points layer and the location checks (above dashboard: it reads the document)
    "kopdes.api",
    "kopdes.devtools",  # load_demo and bench: runs each app's demo.py and bench.py, so it comes last
    "kopdes.operations",  # backups, the worker's lost-task recovery, the NIK access log, a cooperative's archive
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "kopdes.core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kopdes.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kopdes.core.htmx.HtmxLoginRedirectMiddleware",  # an expired session in a fragment opens the sign-in page
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "kopdes.core.errors.ErrorPageMiddleware",  # styled 404/403 pages also when DEBUG is on
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kopdes.core.context_processors.navigation",
            ],
            "builtins": ["kopdes.core.templatetags.kopdes"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kopdes.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        # A kept connection is checked before each request's first query: after a database restart the next request
        # opens a new one instead of failing (kopdes/operations/tests/test_faults.py).
        conn_health_checks=True,
    )
}
# A PostgreSQL streaming replica for the read-heavy pages and API reads (kopdes/operations/dbrouter.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("CONN_MAX_AGE", 0), conn_health_checks=True
    )
KOPDES_READ_REPLICA = "replica" in DATABASES
DATABASE_ROUTERS = ["kopdes.operations.dbrouter.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # WAL lets the dev server read while a long load is writing.
        init_command="PRAGMA journal_mode=WAL;",
        # Two writers: the second waits (up to `timeout` seconds) for the first instead of failing with "database
        # is locked". IMMEDIATE takes the write lock when the transaction begins; with SQLite's default (DEFERRED)
        # two transactions that both read and then write deadlock, and one fails at once whatever the timeout.
        timeout=env_int("KOPDES_SQLITE_TIMEOUT", 20),
        transaction_mode="IMMEDIATE",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "kopdes.accounts.backends.ThrottledBackend",  # django-axes: refuses a locked account or address first
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded evidence lives outside the web root and is served only through a scoped view.
MEDIA_ROOT = VAR_DIR / "uploads"
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
UPLOAD_MAX_BYTES = env_int("KOPDES_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Background work (large exports) is queued in the database and run by `kopdes db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Registry exports of more rows than this are built in the background (kopdes/cooperatives/export_jobs.py).
KOPDES_EXPORT_SYNC_LIMIT = env_int("KOPDES_EXPORT_SYNC_LIMIT", 5000)
# Region roll-ups (the progress document, the region summary; kopdes/dashboard/rollups.py): read from the kept copy
# for this many seconds, then served while the worker builds a new one, never older than the maximum age.
KOPDES_ROLLUP_FRESH_SECONDS = env_int("KOPDES_ROLLUP_FRESH_SECONDS", 60)
KOPDES_ROLLUP_MAX_AGE_SECONDS = env_int("KOPDES_ROLLUP_MAX_AGE_SECONDS", 900)
# How far (metres) a recorded location may lie outside its village polygon (display-quality boundaries).
KOPDES_LOCATION_TOLERANCE_M = env_int("KOPDES_LOCATION_TOLERANCE_M", 500)
# A tile basemap under the maps, only when configured (no third-party request by default), e.g.
# "https://tile.openstreetmap.org/{z}/{x}/{y}.png", with its attribution.
KOPDES_MAP_TILE_URL = env_str("KOPDES_MAP_TILE_URL", "")
KOPDES_MAP_TILE_ATTRIBUTION = env_str("KOPDES_MAP_TILE_ATTRIBUTION", "")

# --- sign-in, sessions, headers (README "Keamanan") ---

# Officials share office computers: a session ends after a working day, not Django's two weeks.
SESSION_COOKIE_AGE = env_int("KOPDES_SESSION_HOURS", 10) * 3600
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Reverse proxies in front of the server that append the client address to X-Forwarded-For (0: none; then the
# address is REMOTE_ADDR). Used by the sign-in and token throttles and the refused-request log.
KOPDES_TRUSTED_PROXIES = env_int("KOPDES_TRUSTED_PROXIES", 0)
# Failed sign-ins: after this many failures for one account, or from one address, both are refused for the cool-off
# (each further failure restarts it). API bearer tokens: this many unknown tokens from one address, then 429.
KOPDES_LOGIN_FAILURE_LIMIT = env_int("KOPDES_LOGIN_FAILURE_LIMIT", 10)
KOPDES_LOGIN_COOLOFF_MINUTES = env_int("KOPDES_LOGIN_COOLOFF_MINUTES", 15)
KOPDES_TOKEN_FAILURE_LIMIT = env_int("KOPDES_TOKEN_FAILURE_LIMIT", 20)
AXES_FAILURE_LIMIT = KOPDES_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = KOPDES_LOGIN_COOLOFF_MINUTES / 60  # hours, as a float
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks: by account, and by address
AXES_LOCKOUT_CALLABLE = "kopdes.accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "kopdes.core.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = True
# The log names the account and the address of a lockout (what an operator acts on); passwords are never logged.
AXES_SENSITIVE_PARAMETERS: list[str] = []
# The token counters live in the cache; a file cache is shared by every server process on the machine.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

# Content-Security-Policy (django-csp): every script, style, font and image comes from this site (static/vendor),
# pages carry no inline script, style or event handler (static/js/kopdes.js handles data-print and data-confirm),
# and no other site may frame them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if KOPDES_MAP_TILE_URL:  # a configured basemap: its tile server may serve images ("{s}" subdomains as a wildcard)
    _tiles = KOPDES_MAP_TILE_URL.replace("{s}", "*").split("/")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append("/".join(_tiles[:3]))
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
# The API docs (/api/v1/docs, /api/v1/openapi.json): public in development; production shows them only to
# signed-in users and token holders.
KOPDES_API_DOCS_PUBLIC = env_bool("KOPDES_API_DOCS_PUBLIC", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refused_request_line": {"()": "kopdes.core.security.RefusedRequestLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # 403/404 and other refusals: one line each, with user and address (kopdes.core.security).
        "django.request": {"filters": ["refused_request_line"]},
        "django.security": {"filters": ["refused_request_line"]},
        # Sign-in and token lockouts (django-axes, kopdes.accounts.throttling).
        "axes": {"level": "WARNING"},
        "kopdes.security": {"level": "INFO"},
    },
}
