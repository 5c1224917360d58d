#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests (never a browser download).
# As root: install it with apt when missing. Otherwise: say so; the browser tests then skip,
# except under CI=true, where a missing browser fails them.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null && exit 0
  echo "Could not install chromium with apt-get." >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
fi
echo "Chromium is not installed and this user cannot install it: browser tests will be skipped." >&2
echo "Install it with: sudo apt-get install chromium" >&2
[ "${CI:-}" = "true" ] && exit 1
exit 0
