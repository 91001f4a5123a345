#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (tests/browser),
# which drive it through Playwright's `executable_path`. Idempotent. Installs it with
# apt-get when running as root (as CI does); elsewhere it says how, and the browser
# tests skip with that reason. Never `playwright install`: that downloads a browser
# build of its own, which fails offline.
set -u
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  exit $?
fi
echo "ensure-chromium: chromium not found; browser tests will skip" \
  "(install it with: sudo apt-get install chromium)"
[ "${CI:-}" = "true" ] && exit 1
exit 0
