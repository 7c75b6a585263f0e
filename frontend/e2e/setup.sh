#!/usr/bin/env bash
# Prepares the browser tests: Debian's chromium (Playwright's own browser download cannot
# work offline), installed through apt when /usr/bin/chromium is missing.
set -euo pipefail

CHROMIUM=${KURS_CHROMIUM:-/usr/bin/chromium}
if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi
echo "e2e/setup.sh: $CHROMIUM not found; installing chromium with apt-get" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
if [[ ! -x "$CHROMIUM" ]]; then
    echo "e2e/setup.sh: chromium is still missing at $CHROMIUM" >&2
    exit 1
fi
echo "e2e/setup.sh: installed $("$CHROMIUM" --version)" >&2
