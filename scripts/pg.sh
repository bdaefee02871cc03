#!/usr/bin/env bash
# pg.sh — a throwaway PostgreSQL 15 cluster (Debian's postgresql-15) for the tests and the bench:
#
#   dir=$(bash scripts/pg.sh start)   # a fresh cluster in a new temporary directory; prints it
#   bash scripts/pg.sh url "$dir"     # postgres://postgres@127.0.0.1:PORT/postgres (superuser, trust)
#   bash scripts/pg.sh stop "$dir"    # stops it and removes the directory
#   bash scripts/pg.sh used "$dir"    # how many connections were made to databases other than
#                                     # `postgres` so far (so a stage can tell it really ran on it)
#
# The server listens on 127.0.0.1 only, on a free port, with its socket inside the directory,
# trust authentication (loopback only), fsync off and max_connections=300: fast, and gone after.
# As root the cluster runs as the `postgres` user (PostgreSQL refuses root); otherwise as the
# current user. It never touches Debian's own clusters (15/main on 5432) nor any other.
set -euo pipefail

bin=${EMBEDHUB_PG_BIN:-/usr/lib/postgresql/15/bin}
marker=.embedhub-pg-cluster

die() { printf 'pg.sh: %s\n' "$*" >&2; exit 1; }
usage() { die "usage: pg.sh start | url DIR | used DIR | stop DIR"; }

# Runs a command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A directory made by `start` (it holds the marker), or a clear error.
cluster_dir() {
    local dir=${1:-}
    [ -n "$dir" ] || usage
    [ -f "$dir/$marker" ] || die "$dir is not a cluster made by pg.sh start (no $marker in it)"
    printf '%s\n' "$dir"
}

free_port() {
    node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

start() {
    for tool in initdb pg_ctl postgres; do
        [ -x "$bin/$tool" ] || die "PostgreSQL 15 is not installed: $bin/$tool is missing (apt-get install --no-install-recommends postgresql-15, or run scripts/setup.sh)"
    done
    if [ "$(id -u)" = 0 ]; then
        getent passwd postgres >/dev/null || die "running as root needs the 'postgres' user to own the cluster, and it does not exist (it comes with postgresql-common)"
    fi
    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/embedhub-pg.XXXXXX")
    touch "$dir/$marker"
    mkdir "$dir/sock"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
    if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        rm -rf "$dir"
        die "initdb failed (its output is above)"
    fi
    # A port taken between free_port and the server's bind is tried again with another one.
    local port tries
    for tries in 1 2 3 4 5; do
        port=$(free_port)
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -s \
            -o "-k $dir/sock -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c log_connections=on" start >/dev/null; then
            echo "$port" >"$dir/port"
            printf '%s\n' "$dir"
            return 0
        fi
    done
    tail -n 20 "$dir/server.log" >&2 || true
    rm -rf "$dir"
    die "the PostgreSQL server did not start (its log is above)"
}

url() {
    local dir
    dir=$(cluster_dir "${1:-}")
    [ -f "$dir/port" ] || die "the cluster in $dir was never started"
    printf 'postgres://postgres@127.0.0.1:%s/postgres\n' "$(cat "$dir/port")"
}

used() {
    local dir
    dir=$(cluster_dir "${1:-}")
    { grep -E 'connection authorized: user=[^ ]+ database=' "$dir/server.log" || true; } |
        { grep -vc -E 'database=postgres( |$)' || true; }
}

stop() {
    local dir
    dir=$(cluster_dir "${1:-}")
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 -s stop >/dev/null ||
            printf 'pg.sh: pg_ctl stop failed for %s; removing it anyway\n' "$dir" >&2
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    url) url "${2:-}" ;;
    used) used "${2:-}" ;;
    stop) stop "${2:-}" ;;
    *) usage ;;
esac
