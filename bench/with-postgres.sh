#!/usr/bin/env bash
# Runs a command with a private, throw-away PostgreSQL server and ALMANAC_BENCH_POSTGRES set to reach it:
#
#   bench/with-postgres.sh dotnet run -c Release --project bench/Almanac.Bench -- analytics --engines duckdb,postgres
#
# The server is the one scripts/test.sh starts (its functions, sourced): a new cluster under a temporary directory,
# listening on 127.0.0.1 on a free port, trust authentication, fsync off; stopped and removed on any exit. For the
# analytics queries it gets more memory per sort and hash than PostgreSQL's default (work_mem 256MB) and may use both
# cores for one query (max_parallel_workers_per_gather 2); for bulk loads, room for the write-ahead log of a whole load
# between checkpoints (max_wal_size 8GB, as PostgreSQL's "Populating a Database" advises), where the default 1GB made
# a load of 10 million observations checkpoint on its way (about 1 s of its 15, bench/RESULTS.md).
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../scripts/test.sh
source "$BENCH_DIR/../scripts/test.sh"

(($# > 0)) || die "usage: bench/with-postgres.sh COMMAND [ARGS...]"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

find_pg_bindir >/dev/null || die "PostgreSQL is not installed (scripts/test.sh installs it: apt-get install postgresql)"
start_postgres
psql_bin=$PG_BIN/psql
[[ -x $psql_bin ]] || psql_bin=psql
"$psql_bin" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
    -c "ALTER SYSTEM SET work_mem = '256MB'" -c "ALTER SYSTEM SET max_parallel_workers_per_gather = 2" -c "ALTER SYSTEM SET max_wal_size = '8GB'" -c "SELECT pg_reload_conf()" >/dev/null
export ALMANAC_BENCH_POSTGRES="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
log "PostgreSQL ready; ALMANAC_BENCH_POSTGRES=$ALMANAC_BENCH_POSTGRES"
"$@"
