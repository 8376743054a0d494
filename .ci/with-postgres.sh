#!/usr/bin/env bash
# Usage: with-postgres.sh COMMAND [ARG...]
#
# Runs COMMAND with REMIT_TEST_POSTGRES naming a PostgreSQL server the
# tests may create databases on (internal/pgtest):
#   1. $REMIT_TEST_POSTGRES when it is set;
#   2. otherwise the server at 127.0.0.1:5432 when one answers;
#   3. otherwise (or always, with REMIT_THROWAWAY_POSTGRES=1) a throwaway
#      cluster: Debian's PostgreSQL binaries (the postgresql package is
#      installed first when running as root on a machine without it),
#      initdb in a temp dir, trust auth, listening only on a Unix socket in
#      that dir, stopped and deleted when COMMAND ends.
# When none can be had, COMMAND still runs and the PostgreSQL tests skip
# themselves with a message — except under CI=true, where that is an error:
# CI never skips the PostgreSQL tests.
set -euo pipefail

answers() { command -v pg_isready >/dev/null && pg_isready -q "$@"; }

if [ -n "${REMIT_TEST_POSTGRES:-}" ]; then
  exec "$@"
fi
if [ "${REMIT_THROWAWAY_POSTGRES:-}" != 1 ] && answers -h 127.0.0.1 -p 5432; then
  export REMIT_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
  exec "$@"
fi

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(bindir)" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "with-postgres: installing Debian's postgresql" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin=$(bindir)
if [ -z "$bin" ]; then
  if [ "${CI:-}" = true ]; then
    echo "with-postgres: no PostgreSQL at 127.0.0.1:5432 and none can be installed: the PostgreSQL tests cannot run." >&2
    exit 1
  fi
  echo "with-postgres: no PostgreSQL: the PostgreSQL tests will be skipped." >&2
  exec "$@"
fi

# initdb and postgres refuse to run as root; the postgresql package created
# the postgres system user.
as_owner=()
if [ "$(id -u)" = 0 ]; then
  as_owner=(runuser -u postgres --)
fi
dir=$(mktemp -d -t remit-pg.XXXXXX)
cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
fi
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync >/dev/null
# fsync off: the cluster is deleted when COMMAND ends.
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -s start \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=200"
echo "with-postgres: throwaway cluster in $dir" >&2
export REMIT_TEST_POSTGRES="postgres://postgres@/postgres?host=$dir&sslmode=disable"
"$@"
