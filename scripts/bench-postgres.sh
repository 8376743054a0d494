#!/usr/bin/env bash
# The numbers of scripts/bench.sh and scripts/bench-search.sh on PostgreSQL.
# Builds remit, creates fresh databases on the local PostgreSQL
# (remit_bench_<random>, dropped on exit), and:
#
#  1. one replica: serves a database, stores PREFILL customers through the
#     API (remit bench --op retrieve --prefill), then measures retrieve,
#     list-by-email, update, create and mixed at c=CONC; then seeds a second
#     database with SEED customers (remit bench --seed, no HTTP, no server
#     on it), serves it and measures the search ops with --seeded SEED;
#  2. two replicas: two `remit serve` on two ports over one database, and
#     two `remit bench` in parallel (c=CONC/2 each, one per replica) for
#     create and mixed; prints each and the sum.
#
# Prints each server's peak RSS (VmHWM) and the pool settings that
# sqlstore/postgres.go uses. Generator, servers and PostgreSQL share the
# machine.
#
# Usage: scripts/bench-postgres.sh [duration] [concurrency]
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres),
#              PREFILL (100000), SEED (200000).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}
conc=${2:-16}
half=$(( conc / 2 > 0 ? conc / 2 : 1 ))
prefill=${PREFILL:-100000}
seed=${SEED:-200000}
pghost=${PGHOST:-127.0.0.1}
pgport=${PGPORT:-5432}
pguser=${PGUSER:-postgres}
port1=12191
port2=12192
key=sk_test_benchpg$RANDOM
suffix=$(date +%s)_$RANDOM
dbmain=remit_bench_$suffix
dbseed=remit_bench_${suffix}_seeded
dbrep=remit_bench_${suffix}_replicas
work=$(mktemp -d)
pids=()
dbs=()

psqlc() { psql -h "$pghost" -p "$pgport" -U "$pguser" -d postgres -v ON_ERROR_STOP=1 -qAtc "$1"; }
url() { echo "postgres://$pguser@$pghost:$pgport/$1?sslmode=disable"; }

stop_servers() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_servers
  local d
  for d in "${dbs[@]}"; do psqlc "DROP DATABASE IF EXISTS $d WITH (FORCE)" || true; done
  rm -rf "$work"
}
trap cleanup EXIT

newdb() { psqlc "CREATE DATABASE $1"; dbs+=("$1"); }

# serve PORT DB: starts a server, appends its pid to pids, waits for /healthz.
serve() {
  "$work/remit" serve --addr "127.0.0.1:$1" --db "$(url "$2")" --api-key "$key" 2>"$work/serve-$1.log" &
  pids+=($!)
  for _ in $(seq 300); do
    curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "server on :$1 did not come up:" >&2; cat "$work/serve-$1.log" >&2; exit 1
}

# bench PORT C ARGS...: one load-generator run; the result line, or FAILED.
bench() {
  local p=$1 c=$2; shift 2
  "$work/remit" bench --url "http://127.0.0.1:$p" --api-key "$key" -c "$c" --duration "$duration" "$@" \
    2>"$work/bench-$p.log" || echo "$* (:$p): FAILED: $(tail -n 1 "$work/bench-$p.log")"
}

rss() { # rss PID
  awk '/VmHWM/ { h = int($2 / 1024) } /RssAnon/ { a = int($2 / 1024) } END { printf "%d MiB (anonymous memory now: %d MiB)", h, a }' "/proc/$1/status"
}

reqs() { sed -n 's/.*: \([0-9,]*\) req\/s.*/\1/p' | tr -d , ; }

go build -o "$work/remit" ./cmd/remit
echo "# $(date -u +%F) $(nproc) cores, $(go version | cut -d' ' -f3), $(psqlc 'SELECT version()' | cut -d' ' -f1-2), generator, servers and PostgreSQL on one machine"
echo "# duration $duration, c=$conc, prefill $prefill, seed $seed"

# Pool settings, from the source (n = 4 * GOMAXPROCS; GOMAXPROCS = $(nproc) here).
gmp=$(nproc)
echo "pool (sqlstore/postgres.go, GOMAXPROCS=$gmp):"
grep -E 'n := |SetMax|SetConnMax|^const (maxSerializableAttempts|exclusiveAttempt)' sqlstore/postgres.go | sed 's/^[[:space:]]*/  /'
echo "  => MaxOpenConns = MaxIdleConns = $((4 * gmp)) per replica; PostgreSQL max_connections = $(psqlc 'SHOW max_connections')"
echo "  PostgreSQL: shared_buffers $(psqlc 'SHOW shared_buffers'), synchronous_commit $(psqlc 'SHOW synchronous_commit'), fsync $(psqlc 'SHOW fsync')"

echo
echo "## 1. one replica"
newdb "$dbmain"
serve "$port1" "$dbmain"
bench "$port1" "$conc" --op retrieve --prefill "$prefill"
bench "$port1" "$conc" --op list-by-email --prefill 2000
bench "$port1" "$conc" --op update --prefill 2000
bench "$port1" "$conc" --op create
bench "$port1" "$conc" --op mixed --prefill 2000
echo "customers stored: $(psql -h "$pghost" -p "$pgport" -U "$pguser" -d "$dbmain" -qAtc 'SELECT count(*) FROM customers' 2>/dev/null || echo '?')"
echo "database size: $(psqlc "SELECT pg_size_pretty(pg_database_size('$dbmain'))")"
echo "server peak RSS: $(rss "${pids[0]}")"
stop_servers

echo
echo "## 1b. search, one replica, $seed seeded customers"
newdb "$dbseed"
start=$(date +%s.%N)
if "$work/remit" bench --seed "$seed" --db "$(url "$dbseed")" --api-key "$key" >"$work/seed.out" 2>"$work/seed.log"; then
  end=$(date +%s.%N)
  cat "$work/seed.out"
  awk -v s="$start" -v e="$end" -v n="$seed" 'BEGIN { printf "seed wall time: %.1f s (%.0f customers/s, process start to exit)\n", e - s, n / (e - s) }'
  bytes=$(psqlc "SELECT pg_database_size('$dbseed')")
  awk -v b="$bytes" -v n="$seed" 'BEGIN { printf "database: %.1f MB; %.0f bytes per customer\n", b / 1e6, b / n }'
  serve "$port1" "$dbseed"
  for op in search-email search-metadata search-name-substring search-created list-by-email-seeded retrieve-seeded; do
    bench "$port1" "$conc" --op "$op" --seeded "$seed"
  done
  echo "server peak RSS: $(rss "${pids[0]}")"
  stop_servers
else
  echo "seeding FAILED: $(tail -n 3 "$work/seed.log")"
fi

echo
echo "## 2. two replicas on one database, c=$half per replica"
newdb "$dbrep"
serve "$port1" "$dbrep"
serve "$port2" "$dbrep"
for op in create mixed; do
  extra=()
  [ "$op" = mixed ] && extra=(--prefill 2000)
  bench "$port1" "$half" --op "$op" "${extra[@]}" >"$work/r1.out" &
  b1=$!
  bench "$port2" "$half" --op "$op" "${extra[@]}" >"$work/r2.out" &
  b2=$!
  wait "$b1" "$b2"
  echo "  replica 1: $(cat "$work/r1.out")"
  echo "  replica 2: $(cat "$work/r2.out")"
  r1=$(reqs <"$work/r1.out"); r2=$(reqs <"$work/r2.out")
  echo "  $op sum: $(( ${r1:-0} + ${r2:-0} )) req/s"
done
echo "customers stored: $(psql -h "$pghost" -p "$pgport" -U "$pguser" -d "$dbrep" -qAtc 'SELECT count(*) FROM customers' 2>/dev/null || echo '?')"
echo "replica 1 peak RSS: $(rss "${pids[0]}")"
echo "replica 2 peak RSS: $(rss "${pids[1]}")"
