#!/usr/bin/env bash
# make bench: the load run against the bench database (make bench-data first).
#
# gunicorn with the production settings (SHIDIAN_ENV=production: a random SECRET_KEY, HTTPS as
# a reverse proxy reports it with X-Forwarded-Proto, Redis cache and sessions, demo accounts
# refused) on 127.0.0.1 only, with SHIDIAN_BENCH=1 for the bare view; bench/prepare.py makes the
# sessions and pools, bench/load.py drives wrk for a bounded time; then, with the server
# stopped, the DOCX/PDF timings and the XLSX export. Results in var/bench/ (results.md).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-8765}
WORKERS=${BENCH_WORKERS:-4}
OUT=var/bench
mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing Debian's wrk ..."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null \
            || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
    else
        echo "ERROR: wrk is missing (sudo apt-get install wrk)" >&2; exit 1
    fi
fi

export SHIDIAN_ENV=production SHIDIAN_BENCH=1
export DATABASE_URL=${BENCH_DATABASE_URL:?} REDIS_URL=${BENCH_REDIS_URL:?}
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(60))')
export SECRET_KEY ALLOWED_HOSTS=127.0.0.1,localhost LOG_LEVEL=WARNING
export BENCH_HOST=127.0.0.1:$PORT

echo "== migrate (a dataset made before the latest migrations gets them, as an upgrade would)"
.venv/bin/python manage.py migrate --noinput -v0
echo "== collectstatic (the manifest the production storage needs)"
.venv/bin/python manage.py collectstatic --noinput -v0
redis_db=${REDIS_URL##*/}
redis-cli -h 127.0.0.1 -p 6379 -n "$redis_db" flushdb >/dev/null

echo "== prepare: sessions and pools"
.venv/bin/python bench/prepare.py

echo "== gunicorn: $WORKERS workers on 127.0.0.1:$PORT"
.venv/bin/gunicorn shidian.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" --timeout 60 \
    --error-logfile "$OUT/gunicorn.log" --pid "$OUT/gunicorn.pid" &
server=$!
stop_server() {
    if kill -0 "$server" 2>/dev/null; then
        kill -TERM "$server"
        wait "$server" 2>/dev/null || true
    fi
}
trap stop_server EXIT
for _ in $(seq 60); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' \
        "http://127.0.0.1:$PORT/bench/bare/" || true)
    [ "$code" = 200 ] && break
    sleep 0.5
done
[ "$code" = 200 ] || { echo "ERROR: the server did not answer (see $OUT/gunicorn.log)" >&2; exit 1; }

echo "== load (${BENCH_DURATION:-15} s a scenario, ${BENCH_CONNECTIONS:-50} connections)"
.venv/bin/python bench/load.py
stop_server
trap - EXIT
.venv/bin/python bench/verify_pools.py
echo "== each page alone, in-process: time, CPU and queries"
.venv/bin/python bench/pages.py

if [ "${BENCH_OFFLINE:-1}" = 0 ]; then  # pages only: no documents, no export
    .venv/bin/python bench/report.py
    exit 0
fi
echo "== DOCX and PDF per form"
.venv/bin/python bench/documents.py
echo "== XLSX export of every application"
.venv/bin/python bench/export_xlsx.py
.venv/bin/python bench/export_xlsx.py --again
.venv/bin/python bench/report.py
echo "Results: $OUT/results.md"
