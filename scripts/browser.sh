#!/usr/bin/env bash
# Print the path of a headless browser for the report tests (tests/test_profile_report.py), installing
# Debian's chromium package first when it is missing: as root with apt-get, otherwise with sudo.
# Exits 1 with one clear line on stderr when it cannot. Usage: scripts/browser.sh
set -euo pipefail

find_browser() {
  local name
  for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
  done
  return 1
}

if find_browser; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "no chromium on the PATH and no apt-get to install it: install Chromium (the report tests run it headless)" >&2
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "no chromium on the PATH, and installing it needs root: run 'apt-get install -y chromium' as root" >&2
  exit 1
fi

echo "installing Debian's chromium package (headless browser for the report tests)..." >&2
install() {
  ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >&2
}
if ! install; then  # a fresh image may have no package lists yet
  ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
  if ! install; then
    echo "could not install chromium with apt-get: install it by hand ('apt-get install -y chromium')" >&2
    exit 1
  fi
fi

if ! find_browser; then
  echo "apt-get installed chromium but no chromium binary is on the PATH" >&2
  exit 1
fi
