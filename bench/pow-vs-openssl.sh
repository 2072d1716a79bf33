#!/usr/bin/env bash
# Proof-of-work speed on this machine next to OpenSSL's own SHA-256 figure for 64-byte messages.
# Usage: bench/pow-vs-openssl.sh [seconds]   (Release build of the CLI; needs openssl on PATH for the comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
dotnet build src/GigGossip.Cli -c Release -v quiet -nologo >/dev/null
giggossip=src/GigGossip.Cli/bin/Release/net10.0/giggossip
for engine in managed libcrypto; do
  "$giggossip" bench pow --seconds "$seconds" --threads 1 --engine "$engine" || true
done
"$giggossip" bench pow --seconds "$seconds"
if command -v openssl >/dev/null; then
  openssl speed -seconds "$seconds" -bytes 64 -evp sha256 2>/dev/null | tail -1 |
    awk '{ kb = $2; sub(/k$/, "", kb); printf "openssl sha256, 64-byte messages: %.0f hashes/s (%s kB/s, one thread)\n", kb * 1000 / 64, kb }'
else
  echo "openssl not found: no comparison figure"
fi
