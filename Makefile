# The commands the README names. Everything the project needs is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: install demo serve serve-prod backup loadtest test test-pg fuzz lint format bench messages clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Kopdes needs Python 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@# WeasyPrint (PDF reports) needs Pango; install it from Debian when it is missing and we may.
	@if ! ldconfig -p 2>/dev/null | grep -q libpangoft2; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; \
		else echo "NOTE: install Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0) for PDF reports"; fi; fi
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/kopdes migrate --no-input -v 0
	$(BIN)/kopdes load_regions
	$(BIN)/kopdes load_boundaries
	$(BIN)/kopdes load_demo
	$(BIN)/kopdes collectstatic --no-input -v 0
	@echo "Kopdes berjalan di http://$(HOST)  (Ctrl+C untuk berhenti)"
	@# Background work (large exports) runs in a worker next to the web server; both stop with Ctrl+C.
	$(BIN)/kopdes db_worker & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
		$(BIN)/kopdes runserver $(HOST)

serve: install
	$(BIN)/kopdes runserver $(HOST)

test: install
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: using /usr/bin/chromium"; \
	else echo "Browser tests SKIPPED: /usr/bin/chromium is missing (Debian: apt-get install chromium)"; fi
	@echo "Database: $${DATABASE_URL:-SQLite (set DATABASE_URL for PostgreSQL)}" | sed -E 's#//[^@/]*@#//***@#'
	@# Includes the short schemathesis run (marker fuzz, kopdes/api/tests/test_fuzz.py; on SQLite): `make fuzz` is the long one.
	$(BIN)/pytest $(PYTEST_ARGS)

# A longer schemathesis run than the one in `make test` (kopdes/api/tests/test_fuzz.py); FUZZ_SEED picks another seed.
fuzz: install
	env -u DATABASE_URL KOPDES_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-50} KOPDES_FUZZ_SECONDS=$${FUZZ_SECONDS:-600} \
		$(if $(FUZZ_SEED),KOPDES_FUZZ_SEED=$(FUZZ_SEED)) $(BIN)/pytest -m fuzz -s $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# The layers of docs/architecture.md: a wrong import between apps fails here (contracts in pyproject.toml).
	$(BIN)/lint-imports --no-cache
	$(BIN)/kopdes makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=ci-check-$$(date +%s)-not-a-real-secret-key-0123456789abcdef ALLOWED_HOSTS=kopdes.example.go.id $(BIN)/kopdes check --deploy --fail-level WARNING
	@# The production static storage (hashed names, compressed) must be able to collect every asset.
	TMP=$$(mktemp -d) && DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=ci-check-$$(date +%s)-not-a-real-secret-key-0123456789abcdef ALLOWED_HOSTS=kopdes.example.go.id KOPDES_VAR_DIR=$$TMP $(BIN)/kopdes collectstatic --no-input -v 0 && rm -rf $$TMP

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	mkdir -p locale
	$(BIN)/kopdes makemessages -l en --ignore '.venv/*' --ignore 'var/*' --ignore '*/tests/*' --ignore 'static/*'
	$(BIN)/kopdes compilemessages -l en --ignore ".venv/*"

# The benchmark FILLS AND WIPES its database: by default a scratch PostgreSQL database `kopdes_bench` on the local
# server (created when missing). BENCH_DATABASE_URL=... points it elsewhere; BENCH_ARGS=--small for a quick run.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kopdes_bench
bench: install
	@psql "$(dir $(BENCH_DATABASE_URL))postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$(notdir $(BENCH_DATABASE_URL))'" | grep -q 1 \
		|| psql "$(dir $(BENCH_DATABASE_URL))postgres" -qc 'CREATE DATABASE "$(notdir $(BENCH_DATABASE_URL))"'
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/kopdes migrate --no-input -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/kopdes bench --yes $(BENCH_ARGS)

# --- Running it for real (docs/deploy.md) ---
# The production server on this machine: gunicorn (deploy/gunicorn.conf.py) with the production settings and the
# background worker beside it, both stopped with Ctrl+C. On loopback over plain HTTP, so the HTTPS-only settings are
# turned off here (a regency server keeps them: nginx in front, deploy/). DATABASE_URL as usual.
PROD_BIND ?= 127.0.0.1:8000
PROD_ENV = DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY_FILE=$(CURDIR)/var/secret_key \
	ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 \
	SECURE_HSTS_SECONDS=0 KOPDES_BIND=$(PROD_BIND)
serve-prod: install
	@test -s var/secret_key || (mkdir -p var && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key && chmod 600 var/secret_key)
	$(PROD_ENV) $(BIN)/kopdes migrate --no-input -v 0
	$(PROD_ENV) $(BIN)/kopdes collectstatic --no-input -v 0
	@echo "Kopdes (gunicorn, produksi) di http://$(PROD_BIND)  (Ctrl+C untuk berhenti)"
	$(PROD_ENV) $(BIN)/kopdes worker & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
		$(PROD_ENV) $(BIN)/gunicorn --config deploy/gunicorn.conf.py

# One .tar with the database (pg_dump custom format, or SQLite's online backup) and the uploads, into
# KOPDES_BACKUP_DIR (var/backups); `kopdes restore FILE` puts it into an empty database and compares every table.
backup: install
	$(BIN)/kopdes backup $(if $(KEEP),--keep $(KEEP))

# The load test (deploy/loadtest.sh): the production server on loopback against LOADTEST_DATABASE_URL (a scratch
# PostgreSQL database filled by `make bench` or `kopdes bench --small`, never production), locust headless with
# LOADTEST_USERS users for LOADTEST_TIME and at most LOADTEST_MAX_REQUESTS requests; the table in var/loadtest/.
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kopdes_load
loadtest: install
	LOADTEST_DATABASE_URL=$(LOADTEST_DATABASE_URL) deploy/loadtest.sh

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
