#!/usr/bin/env bash
# Prepares the browser tests: Debian's chromium (Playwright's own browser download cannot
# work offline) and its locale files (chromium-l10n: without them every date input shows
# the US format mm/dd/yyyy), installed through apt when missing.
set -euo pipefail

CHROMIUM=${KURS_CHROMIUM:-/usr/bin/chromium}
LOCALES=${KURS_CHROMIUM_LOCALES:-/usr/lib/chromium/locales}
packages=()
if [[ ! -x "$CHROMIUM" ]]; then
    packages+=(chromium)
fi
# Only for Debian's own chromium: a browser named by KURS_CHROMIUM brings its own locales.
if [[ "$CHROMIUM" == /usr/bin/chromium && ! -f "$LOCALES/de.pak" ]]; then
    packages+=(chromium-l10n)
fi
if [[ ${#packages[@]} -eq 0 ]]; then
    exit 0
fi
echo "e2e/setup.sh: installing ${packages[*]} with apt-get" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
if [[ ! -x "$CHROMIUM" ]]; then
    echo "e2e/setup.sh: chromium is still missing at $CHROMIUM" >&2
    exit 1
fi
echo "e2e/setup.sh: installed $("$CHROMIUM" --version)" >&2
