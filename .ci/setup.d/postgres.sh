#!/usr/bin/env bash
# PostgreSQL server binaries for the settler's PostgreSQL tests. The tests start their own private
# cluster (initdb in a temp dir, a free loopback port) and skip with a reason when no server is found.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
ls -d /usr/lib/postgresql/*/bin
