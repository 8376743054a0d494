#!/usr/bin/env bash
# Reproduces the numbers in BENCHMARKS.md: builds remit, serves a fresh
# SQLite database on loopback, stores 100,000 customers through the API, then
# measures create, retrieve, update, list-by-email and mixed at c=16, and
# reports the server's peak RSS. Generator and server share the machine.
#
# Usage: scripts/bench.sh [duration] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}
conc=${2:-16}
port=12187
key=sk_test_bench$RANDOM
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/remit" ./cmd/remit
"$work/remit" serve --addr 127.0.0.1:$port --db "$work/bench.db" --api-key "$key" 2>/dev/null &
pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done

bench() { "$work/remit" bench --url "http://127.0.0.1:$port" --api-key "$key" -c "$conc" --duration "$duration" "$@" 2>/dev/null; }

echo "# $(date -u +%F) $(nproc) cores, $(go version | cut -d' ' -f3), generator and server on one machine"
bench --op retrieve --prefill 100000
bench --op list-by-email --prefill 2000
bench --op update --prefill 2000
bench --op create
bench --op mixed --prefill 2000
echo "customers stored: $(sqlite3 "$work/bench.db" 'select count(*) from customers' 2>/dev/null || echo '>100000')"
echo "database size: $(du -h "$work/bench.db" | cut -f1) (+ WAL $(du -h "$work/bench.db-wal" 2>/dev/null | cut -f1))"
echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print int($2/1024) " MiB"}') (anonymous memory now: $(grep RssAnon /proc/$pid/status | awk '{print int($2/1024) " MiB"}'); the rest is the memory-mapped database, counted once per connection)"
