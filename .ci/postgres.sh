#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at 127.0.0.1:5432 for the
# PostgreSQL tests: starts Debian's cluster if it is installed but stopped,
# installs it first when run as root on a machine without it. Under CI=true
# a PostgreSQL that cannot be had is an error: its tests are never skipped
# there. Elsewhere the tests skip themselves with a message.
set -euo pipefail

ready() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }

if ready; then
  exit 0
fi
if ! command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if command -v pg_ctlcluster >/dev/null; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 50); do
    ready && exit 0
    sleep 0.2
  done
fi
if [ "${CI:-}" = true ]; then
  echo "PostgreSQL is not running at 127.0.0.1:5432 and could not be started: its tests cannot run." >&2
  exit 1
fi
echo "PostgreSQL is not running at 127.0.0.1:5432: the PostgreSQL tests will be skipped." >&2
