#!/usr/bin/env bash
# Crash test (`make crash-test`): kill -9 the SQLite server repeatedly during bursts of
# concurrent writes (8 writers: new departments, measure PATCHes, status updates, all with
# If-Match); after every kill check PRAGMA integrity_check and foreign_key_check, that
# every write answered 2xx is there, and that no change is half applied; then restart and
# serve. See bench/src/crash.rs.
#
# Environment: CRASH_CYCLES (default 10), CRASH_WRITERS (default 8), CRASH_ARGS.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

cargo build -p kurs -p kurs-bench
# shellcheck disable=SC2206  # word splitting of CRASH_ARGS is intended
exec target/debug/kurs-bench crash --kurs target/debug/kurs \
    --cycles "${CRASH_CYCLES:-10}" --writers "${CRASH_WRITERS:-8}" ${CRASH_ARGS:-}
