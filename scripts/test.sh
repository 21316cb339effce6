#!/usr/bin/env bash
# Runs every Almanac test.
#
#   scripts/test.sh [extra dotnet test arguments...]
#   e.g. scripts/test.sh --filter "FullyQualifiedName~Store"
#
# On a Debian 12 machine with the .NET SDK it:
#   1. installs the Debian packages the tests need when they are missing
#      (PostgreSQL server, poppler-utils for pdftotext, chromium to render
#      the HTML report to PDF and screenshots, fonts-dejavu-core for the
#      text of the PNG charts),
#   2. starts a private, throw-away PostgreSQL cluster in a temporary
#      directory, listening on 127.0.0.1 on a free port (trust auth),
#   3. exports ALMANAC_TEST_POSTGRES with its connection string (the tests
#      create and drop their own databases through it),
#   4. checks the formatting (dotnet format --verify-no-changes),
#   5. runs `dotnet test` on the solution and exits with its status.
# The cluster is stopped and its directory removed on any exit (success,
# failure, Ctrl-C, SIGTERM).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
SOLUTION="$REPO_ROOT/Almanac.slnx"

PG_BIN=""      # directory holding initdb, pg_ctl, postgres
PG_TMP=""      # temporary directory of the private cluster (also the socket dir)
PG_DATA=""     # $PG_TMP/data
PG_LOG=""      # $PG_TMP/server.log
PG_STARTED=0   # set once pg_ctl start has been attempted
PORT=""

log() { printf 'test.sh: %s\n' "$*"; }
die() { printf 'test.sh: error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "root is needed to run '$*' but this is not root and sudo is not installed; run scripts/test.sh as root or install the packages yourself"
    fi
}

# Runs a PostgreSQL server program (initdb, pg_ctl) with its output sent to
# the file $1: they refuse to run as root, so root runs them as the 'postgres'
# user. (The redirection happens inside the subshell on purpose: a trap that
# fires while the main shell waits must still print to the real stdout.)
pg_run() {
    local out=$1
    shift
    (
        cd -- "$PG_TMP" || exit
        exec >"$out" 2>&1
        if [[ $EUID -ne 0 ]]; then
            exec "$@"
        elif command -v runuser >/dev/null 2>&1; then
            exec runuser -u postgres -- "$@"
        else
            exec su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    )
}

# Prints the directory with initdb, pg_ctl and postgres: the highest
# /usr/lib/postgresql/<version>/bin (Debian layout), else where initdb on
# PATH really lives (symlinks such as /usr/local/bin/initdb are resolved).
find_pg_bindir() {
    local dir initdb
    while IFS= read -r dir; do
        if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV)
    if initdb=$(command -v initdb 2>/dev/null); then
        dir=$(dirname -- "$(readlink -f -- "$initdb")")
        if [[ -x $dir/pg_ctl && -x $dir/postgres ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
    fi
    return 1
}

apt_install() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# Installs the Debian packages the tests need, when their programs are absent.
ensure_debian_packages() {
    local -a missing=()
    find_pg_bindir >/dev/null || missing+=(postgresql)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    # The Word document's PNG charts draw their text with this font file (src/Almanac.Publish/…/PngChart.cs).
    [[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
    # The tests look for /usr/bin/chromium unless ALMANAC_CHROMIUM names another binary.
    if [[ -n ${ALMANAC_CHROMIUM:-} ]]; then
        [[ -x $ALMANAC_CHROMIUM ]] || die "ALMANAC_CHROMIUM is '$ALMANAC_CHROMIUM', which is not an executable file"
    elif [[ ! -x /usr/bin/chromium ]]; then
        missing+=(chromium)
    fi
    ((${#missing[@]} > 0)) || return 0

    command -v apt-get >/dev/null 2>&1 ||
        die "missing packages (${missing[*]}) and apt-get is not available; install them yourself"
    log "installing Debian packages: ${missing[*]}"
    if ! apt_install "${missing[@]}"; then
        log "apt-get install failed; running apt-get update and retrying"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update
        apt_install "${missing[@]}" || die "could not install: ${missing[*]}"
    fi
}

ensure_postgres_user() {
    [[ $EUID -eq 0 ]] || return 0
    getent passwd postgres >/dev/null && return 0
    log "creating system user 'postgres'"
    if getent group postgres >/dev/null; then
        useradd --system --gid postgres --no-create-home --home-dir /var/lib/postgresql --shell /bin/sh postgres
    else
        useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql --shell /bin/sh postgres
    fi
}

port_in_use() {
    if command -v ss >/dev/null 2>&1; then
        [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]] && return 0
    fi
    # Something accepts connections on it?
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

find_free_port() {
    local port i
    if command -v python3 >/dev/null 2>&1 &&
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null) &&
        [[ $port =~ ^[0-9]+$ ]] && ! port_in_use "$port"; then
        printf '%s\n' "$port"
        return 0
    fi
    for ((i = 0; i < 200; i++)); do
        port=$((20000 + RANDOM % 40000))
        if ! port_in_use "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    return 1
}

# shellcheck disable=SC2317 # only reached through the EXIT trap
cleanup() {
    local rc=$? pid
    set +e
    trap - EXIT
    trap '' INT TERM HUP # a second Ctrl-C must not interrupt the cleanup
    if ((PG_STARTED)) && [[ -n $PG_DATA ]]; then
        log "stopping PostgreSQL"
        pid=$(head -n 1 -- "$PG_DATA/postmaster.pid" 2>/dev/null)
        if ! pg_run /dev/null "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 15 stop &&
            [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null
        fi
        # A server whose pid file was not written yet (signal during start):
        # it carries the unique data directory on its command line.
        if command -v pkill >/dev/null 2>&1; then
            pkill -KILL -f -- "-D $PG_DATA" 2>/dev/null
        fi
    fi
    if [[ -n $PG_TMP && -d $PG_TMP ]]; then
        rm -rf -- "$PG_TMP"
    fi
    exit "$rc"
}

start_postgres() {
    local version major locales locale_opt attempt

    PG_BIN=$(find_pg_bindir) || die "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found"
    version=$("$PG_BIN/postgres" --version | awk '{print $3}')
    major=${version%%.*}

    ensure_postgres_user

    # /tmp rather than $TMPDIR as root: the postgres user must reach it.
    if [[ $EUID -eq 0 ]]; then
        PG_TMP=$(mktemp -d /tmp/almanac-pg.XXXXXX)
        chown postgres: "$PG_TMP"
    else
        PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/almanac-pg.XXXXXX")
    fi
    chmod 700 "$PG_TMP"
    PG_DATA="$PG_TMP/data"
    PG_LOG="$PG_TMP/server.log"

    # C.UTF-8 gives Unicode-aware upper()/lower(); plain C where it is missing.
    locales=$(locale -a 2>/dev/null || true)
    if grep -qixE 'c\.utf-?8' <<<"$locales"; then
        locale_opt=(--locale=C.UTF-8)
    else
        locale_opt=(--no-locale)
    fi
    if ! pg_run "$PG_TMP/initdb.log" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 \
        "${locale_opt[@]}" --no-sync; then
        cat -- "$PG_TMP/initdb.log" >&2
        die "initdb failed"
    fi

    # Trust, but only over the private socket and 127.0.0.1.
    cat >"$PG_DATA/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF
    cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- scripts/test.sh: throw-away test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMP'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF

    for attempt in 1 2 3; do
        PORT=$(find_free_port) || die "no free TCP port found on 127.0.0.1"
        log "starting PostgreSQL $major on 127.0.0.1:$PORT"
        PG_STARTED=1
        if pg_run "$PG_TMP/pg_ctl.log" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -o "-p $PORT" -w -t 30 start; then
            break
        fi
        if ((attempt < 3)) && grep -qE 'could not (bind|create listen)|Address already in use' "$PG_LOG" 2>/dev/null; then
            log "port $PORT was taken; trying another"
            pg_run /dev/null "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 10 stop || true
            continue
        fi
        cat -- "$PG_TMP/pg_ctl.log" >&2 || true
        printf -- '--- PostgreSQL server log (%s) ---\n' "$PG_LOG" >&2
        cat -- "$PG_LOG" >&2 || true
        die "PostgreSQL did not start (within 30 s)"
    done

    # pg_ctl -w saw the server ready; make sure TCP connections work too.
    local ready=0 i
    for ((i = 0; i < 30; i++)); do
        if [[ -x $PG_BIN/pg_isready ]]; then
            "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres && ready=1
        elif command -v pg_isready >/dev/null 2>&1; then
            pg_isready -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres && ready=1
        else
            (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && ready=1
        fi
        ((ready)) && break
        sleep 1
    done
    if ((!ready)); then
        printf -- '--- PostgreSQL server log (%s) ---\n' "$PG_LOG" >&2
        cat -- "$PG_LOG" >&2 || true
        die "PostgreSQL does not accept connections on 127.0.0.1:$PORT"
    fi
}

main() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP

    command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH"
    [[ -f $SOLUTION ]] || die "solution not found: $SOLUTION"

    ensure_debian_packages
    start_postgres

    export ALMANAC_TEST_POSTGRES="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
    log "PostgreSQL ready; ALMANAC_TEST_POSTGRES=$ALMANAC_TEST_POSTGRES"

    cd -- "$REPO_ROOT" # global.json is looked up from the working directory
    # The build already fails on analyzer and most style rules; import order and final newlines only
    # 'dotnet format' checks.
    log "checking formatting (dotnet format --verify-no-changes)"
    dotnet format "$SOLUTION" --verify-no-changes \
        || die "the sources are not formatted as .editorconfig says: run 'dotnet format Almanac.slnx' and commit"
    log "running dotnet test ${SOLUTION#"$REPO_ROOT"/} $*"
    local status=0
    dotnet test "$SOLUTION" --logger "console;verbosity=normal" "$@" || status=$?
    log "dotnet test exited with status $status"
    exit "$status"
}

# Sourced (bench/with-postgres.sh reuses start_postgres and cleanup), it defines the functions and runs nothing.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    main "$@"
fi
