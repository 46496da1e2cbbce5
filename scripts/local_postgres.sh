#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for the tests and for trying `--db postgresql://...`:
# a cluster in a temporary folder, listening on 127.0.0.1 only, on a fixed port, with a
# role that 127.0.0.1 trusts (no password) and a database that role owns.
#
#   scripts/local_postgres.sh start   # idempotent: does nothing but print the URL when it already runs
#   scripts/local_postgres.sh stop
#   scripts/local_postgres.sh url     # postgresql://armswatch@127.0.0.1:54329/armswatch
#
# Settings: ARMSWATCH_PG_PORT (54329), ARMSWATCH_PG_DIR (/tmp/armswatch-pg-$PORT), ARMSWATCH_PG_BIN
# (/usr/lib/postgresql/15/bin). The server runs as the `postgres` user when started by root
# (PostgreSQL refuses to run as root), as the calling user otherwise. Installing the server
# binaries is the Makefile's `postgres` target; this script only starts and stops a cluster.
set -euo pipefail

PORT="${ARMSWATCH_PG_PORT:-54329}"
DIR="${ARMSWATCH_PG_DIR:-/tmp/armswatch-pg-$PORT}"
BIN="${ARMSWATCH_PG_BIN:-/usr/lib/postgresql/15/bin}"
ROLE=armswatch
DB=armswatch
URL="postgresql://$ROLE@127.0.0.1:$PORT/$DB"

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ready() { as_owner "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }

psql_admin() {  # as the cluster's superuser, over the socket in $DIR
    as_owner psql -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -d postgres "$@"
}

start() {
    if [ ! -x "$BIN/initdb" ]; then
        echo "local_postgres: no PostgreSQL 15 server in $BIN (make postgres installs it)" >&2
        exit 1
    fi
    if ! ready; then
        if [ ! -f "$DIR/PG_VERSION" ]; then
            mkdir -p "$DIR"
            [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
            chmod 700 "$DIR"
            # C.UTF-8: text sorts by code point, as SQLite sorts it; UTF-8 throughout.
            as_owner "$BIN/initdb" -D "$DIR" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
                --auth-local=trust --auth-host=reject >/dev/null
            cat >"$DIR/pg_hba.conf" <<EOF
# Written by scripts/local_postgres.sh: the socket for the superuser, 127.0.0.1 for the test role.
local   all   all                    trust
host    all   $ROLE   127.0.0.1/32   trust
EOF
        fi
        as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c fsync=off -c max_connections=200" start >/dev/null
    fi
    psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'" | grep -q 1 \
        || psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB"
    psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
        || psql_admin -c "CREATE DATABASE $DB OWNER $ROLE"
    echo "$URL"
}

stop() {
    if [ -f "$DIR/PG_VERSION" ] && ready; then
        as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
    fi
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
