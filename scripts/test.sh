#!/usr/bin/env bash
# test.sh — runs every test stage (after build.sh): native C tests plain and sanitized, a libFuzzer
# smoke run, the Node tests against the WebAssembly build, the hub server's tests on SQLite and on
# a throwaway PostgreSQL 15 cluster, the multi-instance tests (several servers, one PostgreSQL
# database), and the browser tests. Every stage runs; the exit status is non-zero if any failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

passed=0 failed=0 failures=()
stage() { # name, command…
    local name=$1; shift
    printf '\n=== %s\n' "$name"
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

fuzz_smoke() {
    local seconds=${FUZZ_SECONDS:-8} ok=0 f
    for f in build/fuzz/fuzz_*; do
        [ -x "$f" ] || continue
        local name corpus
        name=$(basename "$f")
        corpus=$(mktemp -d)
        [ -d "tests/fuzz/corpus/$name" ] && cp -r "tests/fuzz/corpus/$name/." "$corpus/"
        echo "$name: ${seconds}s"
        "$f" -max_total_time="$seconds" -max_len=4096 -print_final_stats=0 "$corpus" >"build/$name.log" 2>&1 ||
            { tail -n 40 "build/$name.log"; ok=1; }
        rm -rf "$corpus"
    done
    return $ok
}

stage "C tests (native)" ctest --test-dir build/native --output-on-failure
stage "C tests (ASan+UBSan)" ctest --test-dir build/asan --output-on-failure
stage "fuzz smoke" fuzz_smoke
stage "Node tests (WebAssembly)" node --test tests/js/*.test.mjs
stage "hub server tests (Node + SQLite)" env EMBEDHUB_TEST_ENGINE=sqlite node --test tests/server/*.test.mjs

# PostgreSQL: one throwaway cluster (scripts/pg.sh) for the stages below, removed on any exit.
# A cluster that does not start fails them; so does a stage that never opened a database on it.
pg_dir='' pg_url=''
stop_pg() { if [ -n "$pg_dir" ]; then bash scripts/pg.sh stop "$pg_dir"; pg_dir=''; fi; }
trap stop_pg EXIT
trap 'stop_pg; exit 130' INT TERM
printf '\n=== starting a throwaway PostgreSQL 15 cluster\n'
if pg_dir=$(bash scripts/pg.sh start); then pg_url=$(bash scripts/pg.sh url "$pg_dir"); echo "$pg_url"; else pg_dir=''; fi
on_postgres() { # command… with EMBEDHUB_TEST_DATABASE_URL set to the cluster
    [ -n "$pg_url" ] || { echo "no PostgreSQL cluster (scripts/pg.sh start failed, above): nothing can run here"; return 1; }
    local before
    before=$(bash scripts/pg.sh used "$pg_dir")
    EMBEDHUB_TEST_DATABASE_URL=$pg_url "$@" || return 1
    [ "$(bash scripts/pg.sh used "$pg_dir")" -gt "$before" ] ||
        { echo "these tests passed without opening a database on the PostgreSQL cluster: they did not run on it"; return 1; }
}
stage "hub server tests (Node + PostgreSQL 15)" on_postgres node --test tests/server/*.test.mjs
stage "multi-instance tests (PostgreSQL)" on_postgres node --test tests/multi/*.test.mjs
stop_pg

stage "browser tests (headless Chromium)" node --test tests/browser/*.test.mjs

printf '\n=== summary\n'
[ ${#failures[@]} -eq 0 ] || printf 'failed stages: %s\n' "${failures[*]}"
echo "test stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
