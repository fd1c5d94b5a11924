#!/bin/bash
# make loadtest: the production server (gunicorn + worker, production settings) on loopback against LOADTEST_DATABASE_URL,
# locust headless with a bounded number of users, time and requests, then both stopped. Results in var/loadtest/.
# Never point it at a production database: loadtest_prepare adds accounts and the mix writes sales and milestones.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONPATH="$PWD"  # this checkout first (also when .venv is shared with another one)
KOPDES="$BIN/python manage.py"
: "${LOADTEST_DATABASE_URL:=postgres://postgres@127.0.0.1:5432/kopdes_load}"
: "${LOADTEST_USERS:=100}" "${LOADTEST_SPAWN_RATE:=10}" "${LOADTEST_TIME:=3m}" "${LOADTEST_MAX_REQUESTS:=20000}"
: "${LOADTEST_BIND:=127.0.0.1:8011}" "${LOADTEST_WAIT:=1,5}"
OUT=var/loadtest
mkdir -p "$OUT"
test -s var/secret_key || ($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key && chmod 600 var/secret_key)
export DATABASE_URL="$LOADTEST_DATABASE_URL" DJANGO_SETTINGS_MODULE=config.settings.production \
  SECRET_KEY_FILE="$PWD/var/secret_key" ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 \
  SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 KOPDES_BIND="$LOADTEST_BIND" \
  KOPDES_ACCESS_LOG=/dev/null KOPDES_LOGIN_FAILURE_LIMIT=100000 KOPDES_VAR_DIR="$PWD/var/loadtest/var"
echo "Basis data: ${DATABASE_URL}" | sed -E 's#//[^@/]*@#//***@#'
$KOPDES migrate --no-input -v 0
$KOPDES collectstatic --no-input -v 0
$KOPDES loadtest_prepare --out "$OUT/accounts.json"
$BIN/gunicorn --config deploy/gunicorn.conf.py --pid "$OUT/gunicorn.pid" &
WEB=$!
$KOPDES worker --worker-id loadtest-worker > "$OUT/worker.log" 2>&1 &
WORKER=$!
trap 'kill $WEB $WORKER 2>/dev/null; wait $WEB $WORKER 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 60); do curl -fsS -o /dev/null "http://$LOADTEST_BIND/akun/masuk/" && break; sleep 1; done
KOPDES_LOADTEST_ACCOUNTS="$OUT/accounts.json" KOPDES_LOADTEST_MAX_REQUESTS="$LOADTEST_MAX_REQUESTS" KOPDES_LOADTEST_WAIT="$LOADTEST_WAIT" \
  env -u DJANGO_SETTINGS_MODULE $BIN/locust -f kopdes/operations/loadtest/locustfile.py --headless \
  --host "http://$LOADTEST_BIND" --users "$LOADTEST_USERS" --spawn-rate "$LOADTEST_SPAWN_RATE" \
  --run-time "$LOADTEST_TIME" --stop-timeout 10 --csv "$OUT/result" --html "$OUT/report.html" --only-summary \
  --reset-stats 2>&1 | tee "$OUT/locust.log" || true  # failures are in the table; the run still ends cleanly
$BIN/python -m kopdes.operations.loadtest.summary "$OUT/result_stats.csv" | tee "$OUT/summary.md"
