#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# * If KURS_TEST_POSTGRES_URL is already set (e.g. an external PostgreSQL service
#   in CI), CMD is exec'd unchanged.
# * Otherwise a fresh cluster is created in a `mktemp -d` directory (initdb
#   -U postgres --auth=trust), started on a free random port on 127.0.0.1 with
#   its unix socket inside that directory, and CMD runs with
#       KURS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres
#   The cluster is always stopped (pg_ctl -m fast stop) and the directory removed
#   afterwards, also on Ctrl-C / SIGTERM / SIGHUP. CMD's exit code is propagated.
# * If the PostgreSQL binaries are missing or the cluster cannot be started, a
#   banner "POSTGRESQL LEG SKIPPED" is printed to stderr and the script exits
#   with code 3 WITHOUT running CMD.
#
# Environment:
#   KURS_TEST_POSTGRES_URL  use this server instead of starting one
#   KURS_PG_BINDIR          directory holding initdb + pg_ctl (no fallback when set)
#   KURS_PG_SKIP_FILE       if set, the skip reason is written to this file (used by
#                           scripts/test.sh to tell "skipped" from "CMD exited 3")
#
# When run as root, initdb/pg_ctl run as the OS user `postgres` (initdb refuses root).

set -euo pipefail

readonly SKIP_EXIT=3
readonly PG_OS_USER=postgres

log() { printf 'with-postgres: %s\n' "$*" >&2; }

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

if [[ -n "${KURS_TEST_POSTGRES_URL:-}" ]]; then
    log "KURS_TEST_POSTGRES_URL is set, using the existing server"
    exec "$@"
fi

CMD_STR=$(printf '%q ' "$@")
PGTMP=""      # temp dir (cluster data, socket, log)
PGDATA_DIR="" # $PGTMP/data
STARTED=0     # 1 once pg_ctl start was attempted
CHILD=""      # pid of CMD
INITDB=""
PG_CTL=""

skip() {
    local reason=$1 details=${2:-}
    {
        echo
        echo "########################################################################"
        echo "#"
        echo "#   POSTGRESQL LEG SKIPPED: ${reason}"
        echo "#"
        echo "#   The command was NOT run against PostgreSQL:"
        echo "#     ${CMD_STR}"
        echo "#   Install PostgreSQL server binaries (e.g. apt-get install postgresql),"
        echo "#   point KURS_PG_BINDIR at a directory with initdb/pg_ctl, or set"
        echo "#   KURS_TEST_POSTGRES_URL to an existing server."
        echo "#"
        echo "########################################################################"
        if [[ -n "$details" ]]; then
            echo "--- details ---"
            printf '%s\n' "$details"
            echo "---------------"
        fi
        echo
    } >&2
    if [[ -n "${KURS_PG_SKIP_FILE:-}" ]]; then
        printf '%s\n' "$reason" >"$KURS_PG_SKIP_FILE" || true
    fi
    exit "$SKIP_EXIT"
}

# Run a command as the PostgreSQL OS user when we are root, else as ourselves.
# The cwd is the temp dir so the postgres user is never stuck in e.g. /root.
as_pg() {
    if [[ $EUID -eq 0 ]]; then
        if command -v runuser >/dev/null 2>&1; then
            (cd "$PGTMP" && runuser -u "$PG_OS_USER" -- "$@")
        else
            local cmd
            cmd=$(printf '%q ' "$@")
            (cd "$PGTMP" && su -s /bin/sh "$PG_OS_USER" -c "$cmd")
        fi
    else
        (cd "$PGTMP" && "$@")
    fi
}

has_bins() { [[ -x "$1/initdb" && -x "$1/pg_ctl" ]]; }

locate_binaries() {
    local dir
    if [[ -n "${KURS_PG_BINDIR:-}" ]]; then
        if has_bins "$KURS_PG_BINDIR"; then
            INITDB=$KURS_PG_BINDIR/initdb PG_CTL=$KURS_PG_BINDIR/pg_ctl
            return 0
        fi
        skip "no initdb/pg_ctl in KURS_PG_BINDIR=$KURS_PG_BINDIR"
    fi
    # Debian/Ubuntu layout: highest version first.
    local -a dirs=()
    shopt -s nullglob
    dirs=(/usr/lib/postgresql/*/bin)
    shopt -u nullglob
    if ((${#dirs[@]})); then
        while IFS= read -r dir; do
            if has_bins "$dir"; then
                INITDB=$dir/initdb PG_CTL=$dir/pg_ctl
                return 0
            fi
        done < <(printf '%s\n' "${dirs[@]}" | sort -rV)
    fi
    INITDB=$(command -v initdb 2>/dev/null || true)
    PG_CTL=$(command -v pg_ctl 2>/dev/null || true)
    if [[ -z "$INITDB" || -z "$PG_CTL" ]]; then
        skip "PostgreSQL binaries (initdb, pg_ctl) not found" \
            "searched: \$KURS_PG_BINDIR (unset), /usr/lib/postgresql/*/bin, PATH=$PATH"
    fi
}

port_in_use() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
    elif command -v python3 >/dev/null 2>&1; then
        # in use <=> bind fails
        if python3 -c 'import socket,sys; socket.socket().bind(("127.0.0.1", int(sys.argv[1])))' \
            "$port" 2>/dev/null; then
            return 1
        fi
        return 0
    else
        return 1 # cannot tell; pg_ctl start will fail and we retry
    fi
}

pick_port() {
    local port
    for _ in $(seq 1 50); do
        # 15000-31999: below the Linux ephemeral range (32768+).
        port=$((15000 + RANDOM % 17000))
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

stop_cluster() {
    if [[ $STARTED -eq 1 && -n "$PGDATA_DIR" && -f "$PGDATA_DIR/postmaster.pid" ]]; then
        as_pg "$PG_CTL" -D "$PGDATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_pg "$PG_CTL" -D "$PGDATA_DIR" -m immediate -w -t 10 stop >/dev/null 2>&1 ||
            log "WARNING: could not stop PostgreSQL in $PGDATA_DIR"
    fi
    STARTED=0
}

# shellcheck disable=SC2317  # invoked via trap
cleanup() {
    local rc=$?
    trap '' INT TERM HUP
    stop_cluster
    if [[ -n "$PGTMP" && -d "$PGTMP" ]]; then
        rm -rf -- "$PGTMP"
    fi
    exit "$rc"
}

# All descendant pids of $1 (space separated), children before grandchildren.
# shellcheck disable=SC2317  # used from the trap handler
descendants() {
    local kid
    command -v pgrep >/dev/null 2>&1 || return 0
    for kid in $(pgrep -P "$1" 2>/dev/null || true); do
        printf '%s ' "$kid"
        descendants "$kid"
    done
}

# shellcheck disable=SC2317  # invoked via trap
on_signal() {
    local sig=$1 num=$2
    trap '' INT TERM HUP
    if [[ -n "$CHILD" ]] && kill -0 "$CHILD" 2>/dev/null; then
        # Signal CMD and everything it started (e.g. cargo -> test binary), so
        # nothing keeps running against a server that is about to go away.
        local -a pids
        local pid
        read -r -a pids <<<"$(descendants "$CHILD")"
        kill -s "$sig" "$CHILD" "${pids[@]}" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$CHILD" 2>/dev/null || break
            sleep 0.1
        done
        kill -s KILL "$CHILD" 2>/dev/null || true
        wait "$CHILD" 2>/dev/null || true
        for pid in "${pids[@]}"; do
            kill -s KILL "$pid" 2>/dev/null || true
        done
    fi
    log "interrupted by SIG$sig, cleaning up"
    exit $((128 + num))
}

trap cleanup EXIT
trap 'on_signal INT 2' INT
trap 'on_signal TERM 15' TERM
trap 'on_signal HUP 1' HUP

locate_binaries

if [[ $EUID -eq 0 ]] && ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
    skip "running as root but OS user '$PG_OS_USER' does not exist (initdb refuses root)"
fi

# Short path: the unix socket path must stay below ~107 bytes.
PGTMP=$(mktemp -d /tmp/kurs-pg.XXXXXX)
PGDATA_DIR=$PGTMP/data
if [[ $EUID -eq 0 ]]; then
    chown "$PG_OS_USER:" "$PGTMP"
fi

# UTF8 everywhere; C.UTF-8 (code point order, Unicode-aware upper/lower) where the
# locale exists, plain C otherwise.
if ! out=$(as_pg "$INITDB" -D "$PGDATA_DIR" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync 2>&1); then
    rm -rf -- "$PGDATA_DIR"
    if ! out=$(as_pg "$INITDB" -D "$PGDATA_DIR" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C --no-sync 2>&1); then
        skip "initdb failed ($INITDB)" "$out"
    fi
fi

PORT=""
for attempt in 1 2 3 4 5; do
    if ! PORT=$(pick_port); then
        skip "no free TCP port found"
    fi
    STARTED=1
    if out=$(as_pg "$PG_CTL" -D "$PGDATA_DIR" -l "$PGTMP/postgres.log" -w -t 60 \
        -o "-p $PORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start 2>&1); then
        break
    fi
    stop_cluster
    if grep -qiE 'could not (bind|create listen socket)|address already in use' "$PGTMP/postgres.log" 2>/dev/null &&
        [[ $attempt -lt 5 ]]; then
        log "port $PORT taken, retrying"
        : >"$PGTMP/postgres.log"
        continue
    fi
    skip "PostgreSQL cluster failed to start ($PG_CTL, port $PORT)" \
        "$(printf '%s\n--- postgres.log (tail) ---\n' "$out"; tail -n 20 "$PGTMP/postgres.log" 2>/dev/null || true)"
done

export KURS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
# The cluster's log, for commands that want to keep it (the benchmark copies it).
export KURS_PG_LOG="$PGTMP/postgres.log"
log "PostgreSQL $("$PG_CTL" --version | awk '{print $3}') running on 127.0.0.1:$PORT (data: $PGDATA_DIR)"

unset KURS_PG_SKIP_FILE

# Run CMD as a child (not exec, not foreground) so that traps fire immediately on
# SIGINT/SIGTERM. Restore default SIGINT/SIGQUIT handling (bash ignores them for
# background jobs) and keep our stdin.
if env --default-signal=INT true >/dev/null 2>&1; then
    env --default-signal=INT,QUIT "$@" <&0 &
else
    "$@" <&0 &
fi
CHILD=$!
rc=0
wait "$CHILD" || rc=$?
CHILD=""
exit "$rc"
