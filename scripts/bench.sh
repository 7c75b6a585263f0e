#!/usr/bin/env bash
# Kurs benchmark (`make bench`): release build, then per database backend (SQLite, then
# PostgreSQL in a throwaway cluster from scripts/with-postgres.sh) and per scale (base,
# 10×) a fresh seeded database, `kurs serve` pinned to CPU 0 and wrk pinned to CPU 1.
# Prints a Markdown report (docs/QUALITY.md quotes it) and keeps the raw JSON.
#
# Environment:
#   BENCH_BACKENDS  sqlite,postgres (default both)
#   BENCH_SCALES    base,10x (default both)
#   BENCH_REPS      timed repetitions per endpoint (default 3; the median is reported)
#   BENCH_SECONDS   seconds per repetition (default 8)
#   BENCH_WARMUP    warm-up seconds per endpoint (default 3)
#   BENCH_QUICK=1   a smoke run: base scale, 1 repetition of 2 s, no overload test
#   BENCH_ARGS      further arguments for `kurs-bench run` (see --help)
#
# Needs: wrk (apt-get install -y wrk), taskset (util-linux), for PostgreSQL initdb/pg_ctl.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "bench: taskset is missing (util-linux)" >&2; exit 1; }

BACKENDS=${BENCH_BACKENDS:-sqlite,postgres}
SCALES=${BENCH_SCALES:-base,10x}
ARGS=(--reps "${BENCH_REPS:-3}" --seconds "${BENCH_SECONDS:-8}" --warmup "${BENCH_WARMUP:-3}")
if [[ "${BENCH_QUICK:-}" == 1 ]]; then
    SCALES=base
    ARGS=(--reps 1 --seconds 2 --warmup 1 --open-seconds 3 --sql-iterations 3 --no-overload)
fi
# shellcheck disable=SC2206  # word splitting of BENCH_ARGS is intended
ARGS+=(${BENCH_ARGS:-})

SERVER_CPU=0
LOAD_CPU=1
if [[ $(nproc) -lt 2 ]]; then
    echo "bench: fewer than 2 CPUs: server and load generator are NOT pinned apart" >&2
    SERVER_CPU=none
    LOAD_CPU=none
fi

echo "bench: building release binaries (cargo build --release -p kurs -p kurs-bench)" >&2
cargo build --release -p kurs -p kurs-bench
BIN=target/release/kurs-bench
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT=target/bench/results-$STAMP
mkdir -p target/bench
echo "bench: load before the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

pin() { # pin CPU CMD... (no pinning when CPU is none)
    local cpu=$1
    shift
    if [[ $cpu == none ]]; then "$@"; else taskset -c "$cpu" "$@"; fi
}

FILES=()
IFS=, read -ra BACKEND_LIST <<<"$BACKENDS"
for backend in "${BACKEND_LIST[@]}"; do
    json="$OUT-$backend.json"
    run=("$BIN" run --backend "$backend" --scales "$SCALES" --server-cpu "$SERVER_CPU"
        --load-cpu "$LOAD_CPU" --kurs target/release/kurs --out "$json" "${ARGS[@]}")
    case $backend in
        sqlite) pin "$LOAD_CPU" "${run[@]}" >/dev/null ;;
        postgres)
            # PostgreSQL belongs to the server side: its processes inherit CPU $SERVER_CPU.
            inner=("${run[@]}")
            [[ $LOAD_CPU == none ]] || inner=(taskset -c "$LOAD_CPU" "${run[@]}")
            # Slow statements and lock waits go to the cluster's log, kept beside the
            # results, so an outlier in the figures leaves a trace (docs/QUALITY.md).
            # shellcheck disable=SC2016  # expanded by the inner shell, inside the cluster's scope
            logging='psql -q "$KURS_TEST_POSTGRES_URL" -c "ALTER SYSTEM SET log_min_duration_statement = 300" -c "ALTER SYSTEM SET log_lock_waits = on" -c "SELECT pg_reload_conf()" >/dev/null'
            keep_log="cp \"\$KURS_PG_LOG\" $(printf '%q' "$OUT-postgres.log")"
            pin "$SERVER_CPU" scripts/with-postgres.sh \
                bash -c "$logging && $(printf '%q ' "${inner[@]}") >/dev/null; rc=\$?; $keep_log; exit \$rc" ||
                { echo "bench: the PostgreSQL run failed or was skipped" >&2; continue; }
            ;;
        *) echo "bench: unknown backend $backend" >&2; exit 2 ;;
    esac
    FILES+=("$json")
done
"$BIN" report "${FILES[@]}" | tee "$OUT.md"
echo "bench: report in $OUT.md, raw results in ${FILES[*]}" >&2
