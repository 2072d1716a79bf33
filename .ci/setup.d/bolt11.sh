#!/usr/bin/env bash
# Installs the npm `bolt11` package (pinned by tests/interop/bolt11/package-lock.json): the independent
# BOLT 11 decoder that the .NET tests cross-check our invoices with. The tests skip that check without it.
set -euo pipefail
cd "$(dirname "$0")/../../tests/interop/bolt11"
if ! command -v npm >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
