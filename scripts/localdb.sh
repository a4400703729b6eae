#!/usr/bin/env bash
# The project-local PostgreSQL/PostGIS server: data in .pg/data, socket in .pg/run (no TCP port,
# so it never clashes with a system server). Keeps running and keeps its data between runs.
#
#   scripts/localdb.sh start [DBNAME...]   init if needed, start if stopped, create databases
#   scripts/localdb.sh stop
#   scripts/localdb.sh status
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGROOT="$ROOT/.pg"
DATA="$PGROOT/data"
RUN="$PGROOT/run"
LOG="$PGROOT/server.log"
PORT=${LOCAL_DB_PORT:-5432}
ROLE=jena

# initdb and postgres refuse to run as root: as root, run the server as the `postgres` user.
if [ "$(id -u)" = 0 ]; then
    AS=(runuser -u postgres --)
else
    AS=()
fi

as_server() { "${AS[@]}" "$@"; }

psql_local() { "$PGBIN/psql" -h "$RUN" -p "$PORT" -U "$ROLE" -X -q -v ON_ERROR_STOP=1 "$@"; }

running() { as_server "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

grant_traverse() {
    # The postgres user must be able to reach .pg/ through the clone's parent folders. Grant
    # search (x) only, never read, on the folders that lack it.
    local dir="$ROOT"
    while [ "$dir" != "/" ]; do
        if ! runuser -u postgres -- test -x "$dir"; then
            echo "localdb: granting search permission on $dir to reach .pg/ as user postgres"
            chmod o+x "$dir"
        fi
        dir=$(dirname "$dir")
    done
}

init() {
    mkdir -p "$PGROOT"
    if [ "$(id -u)" = 0 ]; then
        grant_traverse
        chown postgres: "$PGROOT"
    fi
    echo "localdb: creating a new cluster in $DATA"
    as_server "$PGBIN/initdb" -D "$DATA" -U "$ROLE" --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$PGROOT/initdb.log" 2>&1 || {
        cat "$PGROOT/initdb.log" >&2
        exit 1
    }
    as_server mkdir -p "$RUN"
    # Unix socket only, inside the project; trust is safe because only local users who can
    # reach .pg/run can connect.
    cat <<CONF | as_server tee -a "$DATA/postgresql.conf" >/dev/null
listen_addresses = ''
unix_socket_directories = '$RUN'
port = $PORT
fsync = on
max_connections = 100
shared_buffers = 256MB
CONF
}

start() {
    [ -f "$DATA/PG_VERSION" ] || init
    if ! running; then
        as_server "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null || {
            echo "localdb: server did not start, see $LOG" >&2
            tail -20 "$LOG" >&2
            exit 1
        }
        echo "localdb: PostgreSQL running (socket $RUN, port $PORT)"
    fi
    for db in "$@"; do
        if ! psql_local -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" |
            grep -q 1; then
            psql_local -d postgres -c "CREATE DATABASE \"$db\""
            psql_local -d "$db" -c "CREATE EXTENSION IF NOT EXISTS postgis"
            echo "localdb: created database $db"
        fi
    done
}

stop() {
    if [ -f "$DATA/PG_VERSION" ] && running; then
        as_server "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
        echo "localdb: stopped"
    else
        echo "localdb: not running"
    fi
}

case "${1:-}" in
start) shift; start "$@" ;;
stop) stop ;;
status) if running; then echo "running (socket $RUN)"; else echo "stopped"; fi ;;
*) echo "usage: $0 start [DBNAME...] | stop | status" >&2; exit 2 ;;
esac
