#!/usr/bin/env bash
# Kurs: the whole test suite (what `make test` and CI run).
#
#   1. cargo fmt --check
#   2. cargo clippy -D warnings
#   3. SQLite leg:     KURS_TEST_DB=sqlite cargo test --workspace
#   4. PostgreSQL leg: scripts/with-postgres.sh env KURS_TEST_DB=postgres cargo test -p kurs-api-tests
#   5. Frontend:       npm ci, unit tests, lint, typecheck, API-client and bundle-budget checks,
#                      then the browser (e2e) tests against the real binary
#
# Environment:
#   KURS_REQUIRE_POSTGRES=1  fail (exit 3) when the PostgreSQL leg cannot run (CI sets this);
#                            otherwise a missing PostgreSQL only produces a loud warning.
#   KURS_TEST_POSTGRES_URL   use an existing server for the PostgreSQL leg instead of a
#                            throwaway cluster (see scripts/with-postgres.sh).
#   KURS_PG_BINDIR           directory with initdb/pg_ctl (see scripts/with-postgres.sh).
#
# Runnable from any directory.

set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

readonly LEGS=(fmt clippy sqlite postgres frontend)
declare -A STATUS=([fmt]="not run" [clippy]="not run" [sqlite]="not run" [postgres]="not run" [frontend]="not run")
CURRENT=""
PG_SKIP_REASON=""
SKIP_FILE=$(mktemp "${TMPDIR:-/tmp}/kurs-pg-skip.XXXXXX")
START=$SECONDS
STEP_NO=0

step() {
    CURRENT=$1
    STATUS[$1]="running"
    STEP_NO=$((STEP_NO + 1))
    printf '\n========================================================================\n'
    printf '==> [%d/%d] %s\n' "$STEP_NO" "${#LEGS[@]}" "$2"
    printf '========================================================================\n'
}

done_step() {
    STATUS[$CURRENT]=$1
    CURRENT=""
}

# shellcheck disable=SC2317  # called from the EXIT trap
pg_banner() {
    {
        echo
        echo "########################################################################"
        echo "#"
        echo "#   POSTGRESQL LEG SKIPPED: ${PG_SKIP_REASON}"
        echo "#"
        echo "#   Only the SQLite leg ran. The API tests were NOT run against PostgreSQL."
        if [[ "${KURS_REQUIRE_POSTGRES:-}" == 1 ]]; then
            echo "#   KURS_REQUIRE_POSTGRES=1: this is a FAILURE."
        else
            echo "#   (Set KURS_REQUIRE_POSTGRES=1 to make this an error, as CI does.)"
        fi
        echo "#"
        echo "########################################################################"
        echo
    } >&2
}

# shellcheck disable=SC2317  # invoked via trap
finish() {
    local rc=$? leg
    rm -f -- "$SKIP_FILE"
    if [[ -n "$CURRENT" && $rc -ne 0 ]]; then
        STATUS[$CURRENT]="FAILED"
    fi
    printf '\n========================================================================\n'
    printf '==> Summary (%ds)\n' "$((SECONDS - START))"
    printf '========================================================================\n'
    for leg in "${LEGS[@]}"; do
        printf '%s: %s\n' "$leg" "${STATUS[$leg]}"
    done
    if [[ "${STATUS[postgres]}" == SKIPPED ]]; then
        pg_banner
    fi
    if [[ $rc -eq 0 && "${STATUS[postgres]}" == SKIPPED ]]; then
        echo "test.sh: OK, but the PostgreSQL leg was SKIPPED"
    elif [[ $rc -eq 0 ]]; then
        echo "test.sh: OK"
    else
        echo "test.sh: FAILED (exit $rc)"
    fi
    exit "$rc"
}
trap finish EXIT

# --- 1. formatting -----------------------------------------------------------
step fmt "cargo fmt --all -- --check"
cargo fmt --all -- --check
done_step passed

# --- 2. clippy ---------------------------------------------------------------
step clippy "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
done_step passed

# --- test tools ---------------------------------------------------------------
# The mail tests (tests/tests/api/reporting_mail.rs) run a real SMTP sink, tests/smtp_sink.py,
# which needs aiosmtpd: kept in a git-ignored venv, created on first use.
TEST_VENV="$ROOT/.venv-test"
if ! "$TEST_VENV/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
    echo "==> creating $TEST_VENV with aiosmtpd (SMTP sink of the mail tests)"
    python3 -m venv "$TEST_VENV"
    "$TEST_VENV/bin/pip" install --quiet aiosmtpd
fi
export KURS_TEST_PYTHON="$TEST_VENV/bin/python"

# --- 3. SQLite leg -----------------------------------------------------------
step sqlite "SQLite leg: KURS_TEST_DB=sqlite cargo test --workspace"
KURS_TEST_DB=sqlite cargo test --workspace
done_step passed

# --- 4. PostgreSQL leg -------------------------------------------------------
step postgres "PostgreSQL leg: scripts/with-postgres.sh env KURS_TEST_DB=postgres cargo test -p kurs-api-tests"
pg_rc=0
KURS_PG_SKIP_FILE=$SKIP_FILE scripts/with-postgres.sh \
    env KURS_TEST_DB=postgres cargo test -p kurs-api-tests || pg_rc=$?
if [[ $pg_rc -eq 0 ]]; then
    done_step passed
elif [[ $pg_rc -eq 3 && -s "$SKIP_FILE" ]]; then
    PG_SKIP_REASON=$(head -n 1 "$SKIP_FILE")
    done_step SKIPPED
else
    exit "$pg_rc"
fi

# --- 5. frontend -------------------------------------------------------------
step frontend "frontend: unit tests, lint, typecheck, API client, budget, browser tests"
if [[ ! -f frontend/package.json ]]; then
    echo "frontend/package.json not found (frontend is a placeholder): skipping"
    done_step "skipped (no frontend/package.json)"
elif ! node -e 'const p = require("./frontend/package.json"); process.exit(p.scripts && p.scripts.test ? 0 : 1)'; then
    echo "frontend/package.json has no \"test\" script: skipping"
    done_step "skipped (no test script)"
else
    (
        cd frontend
        if [[ ! -d node_modules ]] ||
            [[ package.json -nt node_modules/.package-lock.json ]] ||
            { [[ -f package-lock.json ]] && [[ package-lock.json -nt node_modules/.package-lock.json ]]; }; then
            if [[ -f package-lock.json ]]; then
                npm ci
            else
                npm install
            fi
        else
            echo "node_modules is up to date: skipping npm ci"
        fi
        # CI=true keeps test runners (vitest, jest) out of watch mode.
        CI=true npm test
        npm run lint --if-present
        npm run typecheck --if-present
        # The generated API client must match openapi/openapi.json.
        npm run check:api
        npm run build
        npm run check:budget
    )
    # Browser tests: the real kurs binary (debug build, serving frontend/dist) with demo
    # data, driven by playwright-core in Debian's chromium (installed by e2e/setup.sh).
    cargo build -p kurs
    (cd frontend && KURS_BIN="$ROOT/target/debug/kurs" npm run e2e)
    done_step passed
fi

if [[ "${STATUS[postgres]}" == SKIPPED && "${KURS_REQUIRE_POSTGRES:-}" == 1 ]]; then
    echo "test.sh: KURS_REQUIRE_POSTGRES=1 but the PostgreSQL leg was skipped" >&2
    exit 3
fi
exit 0
