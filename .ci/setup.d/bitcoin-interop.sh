#!/usr/bin/env bash
# bitcoinjs-lib + tiny-secp256k1 for the HTLC interop tests (tests/GigGossip.Htlc.Tests/Interop), from the lockfile.
set -euo pipefail
cd "$(dirname "$0")/../../tests/interop/bitcoin"
if ! command -v npm >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null
fi
npm ci --no-audit --no-fund
