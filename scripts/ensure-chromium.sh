#!/usr/bin/env bash
# Install Debian's chromium (the browser the UI smoke tests drive headless) when it is missing. Never a browser
# download: Playwright is only the driver, pointed at /usr/bin/chromium.
set -euo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "chromium is missing: run 'sudo apt-get install chromium' (the UI tests need it)" >&2
  exit 1
fi
echo "installing Debian's chromium"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
