#!/usr/bin/env bash
# `make bench`: seeds a separate database, serves it with gunicorn in production mode, drives
# load with wrk and writes bench/RESULTS.md. See bench/README.md. Never touches the main database.
#
# Environment: BENCH_DURATION (s per URL, 10), BENCH_BASELINE_DURATION (30), BENCH_WARMUP (2),
# BENCH_CONNECTIONS (32), BENCH_WORKERS (2×CPUs+1), BENCH_OFFERS (10000), BENCH_DATABASE_URL or
# BENCH_DB_NAME (jena_bench, on DATABASE_URL's server or the project-local one).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
OUT=$(pwd)/bench/out
OFFERS=${BENCH_OFFERS:-10000}
WORKERS=${BENCH_WORKERS:-$((2 * $(nproc) + 1))}
GUNICORN_PID=

say() { printf '\n== %s\n' "$*"; }

stop_gunicorn() {
    [ -n "$GUNICORN_PID" ] || return 0
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    wait "$GUNICORN_PID" 2>/dev/null || true
    GUNICORN_PID=
    echo "gunicorn stopped"
}
trap stop_gunicorn EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$OUT/www"
export BENCH_OUT=$OUT BENCH_WORKERS=$WORKERS BENCH_OFFERS=$OFFERS
export BENCH_LOADAVG_START; BENCH_LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)

if [ -z "${DATABASE_URL:-}${BENCH_DATABASE_URL:-}" ]; then
    scripts/localdb.sh start
fi
# Production mode, as the portal runs behind its TLS proxy, but plain HTTP on loopback.
export DATABASE_URL; DATABASE_URL=$($PY -m bench.db url)
export DJANGO_SETTINGS_MODULE=bench.settings DJANGO_DEBUG=false ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
# The page cache of this run only: emptied now, never shared with another database.
export PAGE_CACHE_DIR=$OUT/page-cache
rm -rf "$PAGE_CACHE_DIR"
export DJANGO_SECRET_KEY; DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')

say "Database ${DATABASE_URL##*/}: reset, migrate, load Jena; collectstatic"
$PY -m bench.db reset
$PY manage.py migrate --no-input -v 0
$PY manage.py load_jena -v 0
# Production pages need the static manifest, also under the test client.
$PY manage.py collectstatic --no-input -v 0

say "Seeding $OFFERS offers"
$PY manage.py seed_demo --offers "$OFFERS" --actors 300 --seed 1
$PY -m bench.db analyze

say "Queries per request with $OFFERS offers"
# Queries count rendering work, so the whole-response cache is off for these measurements.
PAGE_CACHE_SECONDS=0 $PY -m bench.queries "$OUT/queries-large.json"

say "Static twin of the GeoJSON"
$PY -m bench.snapshot

PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
say "gunicorn on 127.0.0.1:$PORT with $WORKERS workers"
.venv/bin/gunicorn jena_sozialraum.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --log-file "$OUT/gunicorn.log" &
GUNICORN_PID=$!
up() { $PY -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null; }
for _ in $(seq 60); do
    kill -0 "$GUNICORN_PID" 2>/dev/null || { tail -20 "$OUT/gunicorn.log" >&2; exit 1; }
    up "http://127.0.0.1:$PORT/healthz" && break
    sleep 0.5
done
up "http://127.0.0.1:$PORT/healthz" || { echo "gunicorn did not answer, see $OUT/gunicorn.log" >&2; exit 1; }

say "Load from wrk (${BENCH_DURATION:-10} s per URL, ${BENCH_CONNECTIONS:-32} connections)"
$PY -m bench.load "http://127.0.0.1:$PORT" "$OUT/load.json"
stop_gunicorn

say "Queries per request with 10 offers (the database trimmed, the same pages)"
PAGE_CACHE_SECONDS=0 $PY -m bench.trim 10
PAGE_CACHE_SECONDS=0 $PY -m bench.queries "$OUT/queries-small.json"

say "Results"
$PY -m bench.report "$OUT"
