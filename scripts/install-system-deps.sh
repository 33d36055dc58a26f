#!/usr/bin/env bash
# Installs what the browser and HTML checks need and pip cannot provide:
#   - Debian's Chromium (Playwright drives it; `playwright install` downloads a browser and is
#     never used), with a basic font so pages render text;
#   - the Node checkers pinned in package-lock.json: axe-core and vnu-jar (the Nu HTML checker,
#     run with the system Java).
# Idempotent and quick when everything is present: apt runs only if Chromium is missing, and
# `npm ci` only if node_modules/ is missing or older than package-lock.json.
set -euo pipefail

cd "$(dirname "$0")/.."

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

# --- Chromium and a font (Debian/Ubuntu) ----------------------------------------------------
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
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

# --- Node checkers (axe-core, vnu-jar) ------------------------------------------------------
# The marker is written by `npm ci` itself; a lock file newer than it means the pins changed.
marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-system-deps: npm (Node 18 or later) is required for axe-core and vnu-jar" >&2
    exit 1
  fi
  echo "install-system-deps: npm ci"
  # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the system one is used.
  npm ci --no-audit --no-fund --ignore-scripts
fi
