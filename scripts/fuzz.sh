#!/usr/bin/env bash
# API fuzzing (`make fuzz`): schemathesis (from PyPI, in a virtualenv) against the OpenAPI
# document the server serves at /api/openapi.json. One pass per role (admin, officer,
# editor, council) plus an anonymous one, each against a fresh server with the demo data,
# so that what one role deletes or disables cannot hide failures from the next.
#
# Checks: all of schemathesis's checks (no 5xx, status codes, content types, headers and
# bodies as documented, invalid requests rejected, valid ones accepted, …).
# POST /auth/logout is left out of the signed-in passes: it would end the session the
# pass runs with (it is fuzzed in the anonymous pass).
#
# Environment:
#   FUZZ_VENV          virtualenv to use or create (default .venv/fuzz, git-ignored)
#   FUZZ_MAX_EXAMPLES  test cases per operation and phase (default 30)
#   FUZZ_ROLES         roles to run (default "anonymous admin officer editor council")
#   FUZZ_SEED          schemathesis seed (default 20261128, for reproducible runs)
#   FUZZ_ARGS          further schemathesis arguments
#   FUZZ_KURS          a kurs binary to use instead of building target/debug/kurs
# Reports (JUnit + a pytest file reproducing each failure) go to target/fuzz/<role>/.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

VENV=$(realpath -m "${FUZZ_VENV:-.venv/fuzz}")
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-30}
ROLES=${FUZZ_ROLES:-anonymous admin officer editor council}
SEED=${FUZZ_SEED:-20261128}
SCHEMATHESIS_VERSION=4.32.5

if [[ ! -x "$VENV/bin/schemathesis" ]]; then
    echo "fuzz: installing schemathesis $SCHEMATHESIS_VERSION into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

if [[ -n "${FUZZ_KURS:-}" ]]; then
    KURS=$FUZZ_KURS
else
    cargo build -p kurs
    KURS=target/debug/kurs
fi
DEMO_PASSWORD=kurs-demo-2026
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kurs-fuzz.XXXXXX")
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf -- "$WORK"
}
trap cleanup EXIT

# Statuses that count as a correct answer beyond schemathesis's defaults, by Kurs's
# documented design (docs/API.md):
# - a missing If-Match is answered 428 Precondition Required (RFC 6585), not 400;
# - schema-valid data may still be refused by what is stored: 404 (unknown or hidden
#   object), 409 (conflict), 412 (stale ETag), 422 (unknown referenced id, business rule).
#   400 is NOT accepted here, so a schema-valid request refused as malformed still fails.
# - schema-violating data may also be refused by the version check first (412) or as a
#   conflict (409): it is still refused, which is what negative_data_rejection checks.
CONFIG=$WORK/schemathesis.toml
cat >"$CONFIG" <<'TOML'
# Kurs has no self-registration: don't let schemathesis try to sign up on its own.
[auth]
auto-signup = false

[checks.missing_required_header]
expected-statuses = [400, 401, 403, 406, 415, 422, 428]

[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 412, 413, 414, 415, 422, 428, 429, 431, "5XX"]

[checks.positive_data_acceptance]
expected-statuses = ["2XX", "3XX", 401, 403, 404, 409, 412, 422, 429]
TOML

start_server() { # start_server NAME → sets SERVER_PID, BASE
    local dir=$WORK/$1 port
    mkdir -p "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    KURS_DATABASE_URL="sqlite://$dir/kurs.sqlite?mode=rwc" KURS_LISTEN="127.0.0.1:$port" \
        KURS_JWT_SECRET=kurs-fuzz-jwt-secret-0123456789-abcdefghij KURS_DATA_DIR="$dir" \
        KURS_CONFIG=/dev/null RUST_LOG=warn "$KURS" serve --demo >"$dir/server.log" 2>&1 &
    SERVER_PID=$!
    BASE=http://127.0.0.1:$port
    for _ in $(seq 1 200); do
        curl -fsS "$BASE/readyz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "fuzz: the server did not start; log:" >&2
    cat "$dir/server.log" >&2
    exit 1
}

login() { # login USER → prints the access token
    curl -fsS -H 'content-type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$DEMO_PASSWORD\"}" "$BASE/api/v1/auth/login" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

declare -A USER=([admin]=admin [officer]=officer [editor]=editor1 [council]=council)
FAILED=()
for role in $ROLES; do
    start_server "$role"
    report=$ROOT/target/fuzz/$role
    rm -rf "$report"
    mkdir -p "$report"
    args=(run "$BASE/api/openapi.json" --checks all --max-examples "$MAX_EXAMPLES"
        --seed "$SEED" --workers 1 --request-timeout 20 --suppress-health-check all
        --report junit,pytest --report-dir "$report" --warnings off)
    if [[ $role != anonymous ]]; then
        token=$(login "${USER[$role]}")
        args+=(--header "Authorization: Bearer $token"
            --exclude-path /api/v1/auth/logout)
    fi
    # shellcheck disable=SC2206  # word splitting of FUZZ_ARGS is intended
    args+=(${FUZZ_ARGS:-})
    echo "==> fuzz: $role" >&2
    # Run inside the scratch directory: schemathesis keeps a cache in ./.schemathesis.
    if (cd "$WORK" && "$VENV/bin/schemathesis" --config-file "$CONFIG" "${args[@]}") 2>&1 |
        tee "$report/output.txt"; then
        echo "fuzz: $role: no failures" >&2
    else
        FAILED+=("$role")
    fi
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
done
if [[ ${#FAILED[@]} -gt 0 ]]; then
    echo "fuzz: failures in: ${FAILED[*]} (reports in target/fuzz/)" >&2
    exit 1
fi
echo "fuzz: no failures for: $ROLES" >&2
