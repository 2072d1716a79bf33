#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/GigGossip.Web.Tests drive it through Playwright; they never
# download a browser and skip with a reason when /usr/bin/chromium is missing).
set -euo pipefail
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version
