#!/usr/bin/env bash
# Lookups at scale: builds remit, seeds a fresh SQLite database with N
# synthetic customers straight through the service layer (remit bench --seed,
# no HTTP; the server is not running yet, as seeding requires), reports the
# seeding time and the database bytes per customer, then serves that
# database on loopback and measures each lookup of seeded customers at c=16
# (search by email, by metadata, by name substring, by created range; list
# by email; retrieve by id), and reports the server's peak RSS. Generator
# and server share the machine.
#
# Usage: scripts/bench-search.sh [customers] [duration] [concurrency]
#        (default 1000000 10s 16; the 1,000,000 seed takes a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
duration=${2:-10s}
conc=${3:-16}
port=12188
key=sk_test_benchsearch$RANDOM
work=$(mktemp -d)
db=$work/seeded.db
pid=
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"' EXIT

go build -o "$work/remit" ./cmd/remit
echo "# $(date -u +%F) $(nproc) cores, $(go version | cut -d' ' -f3), generator and server on one machine"

# Seed. Progress goes to stderr every ~5%; the summary line to stdout.
start=$(date +%s.%N)
"$work/remit" bench --seed "$n" --db "$db" --api-key "$key" 2>"$work/seed.log" || { cat "$work/seed.log" >&2; exit 1; }
end=$(date +%s.%N)
tail -n 1 "$work/seed.log" | sed 's/^/  last progress: /'
awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN { printf "seed wall time: %.1f s (%.0f customers/s, process start to exit)\n", e - s, n / (e - s) }'

# Size: the apparent size (stat) and the allocated blocks (du); the WAL was
# folded back and truncated when the seeding closed the database.
bytes=$(stat -c %s "$db")
disk=$(du -k "$db" | cut -f1)
wal=$(stat -c %s "$db-wal" 2>/dev/null || echo 0)
awk -v b="$bytes" -v d="$disk" -v w="$wal" -v n="$n" 'BEGIN {
  printf "database: %.1f MB file (stat), %.1f MB on disk (du), WAL %d bytes; %.0f bytes per customer (file / N)\n",
    b / 1e6, d * 1024 / 1e6, w, b / n }'

"$work/remit" serve --addr 127.0.0.1:$port --db "$db" --api-key "$key" 2>/dev/null &
pid=$!
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done

for op in search-email search-metadata search-name-substring search-created list-by-email-seeded retrieve-seeded; do
  "$work/remit" bench --url "http://127.0.0.1:$port" --api-key "$key" -c "$conc" --duration "$duration" \
    --op "$op" --seeded "$n" 2>"$work/bench.log" || echo "$op: FAILED: $(tail -n 1 "$work/bench.log")"
done

echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print int($2/1024) " MiB"}') (anonymous memory now: $(grep RssAnon /proc/$pid/status | awk '{print int($2/1024) " MiB"}'); the rest is the memory-mapped database, counted once per connection)"
