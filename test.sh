#!/usr/bin/env bash
# Runs every test of Nox.Orleans: unit, API, browser, Redis, process and deployment tests.
# Installs what the tests need where it is missing (Debian: redis-server, chromium; needs root
# or sudo), builds Release, and fails loudly if anything is missing. Tests start their own
# redis-server and service processes on free loopback ports and stop them.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v redis-server >/dev/null 2>&1 || { echo "FATAL: redis-server is not installed" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "FATAL: /usr/bin/chromium is not installed" >&2; exit 1; }
command -v kubectl >/dev/null 2>&1 || echo "WARNING: kubectl not found; the Kubernetes manifest tests will fail unless NOX_SKIP_KUBECTL=1" >&2

echo "==> building (Release)"
dotnet build Nox.Orleans.sln -c Release -nologo -v quiet

echo "==> testing"
log=$(mktemp)
set +e
dotnet test Nox.Orleans.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for every project together.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
