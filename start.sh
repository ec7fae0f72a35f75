#!/usr/bin/env bash
# Starts Nox.Orleans locally on the embedded default (localhost clustering, in-memory storage): one
# silo process that also serves the whole API (co-hosted, the faster topology: docs/architecture.md)
# on http://localhost:8080, with a demo supplier. Ctrl+C stops it.
# Settings: PORT (default 8080), NOX_DEMO_API_KEY, NOX_DEMO_REDIRECT_URL, NOX_ADMIN_KEY (the admin API's
# x-admin-key; generated when unset); NOX_TOPOLOGY=split runs
# the API as a separate process (an Orleans client) in front of the silo instead.
set -euo pipefail
cd "$(dirname "$0")"

port=${PORT:-8080}
topology=${NOX_TOPOLOGY:-cohosted}
api_key=${NOX_DEMO_API_KEY:-demo_$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')}
redirect_url=${NOX_DEMO_REDIRECT_URL:-https://example.com/nox/return}
admin_key=${NOX_ADMIN_KEY:-admin_$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')}
logs=$(mktemp -d)

echo "==> building (Release)"
dotnet build src/Silo/Nox.Orleans.Silo.csproj -c Release -nologo -v quiet

pids=()
stop() { trap - EXIT INT TERM; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

wait_for() { # url name log
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "$2 did not start; its log:" >&2; tail -n 50 "$3" >&2; exit 1
}

supplier=(Nox__Suppliers__0__Name=demo Nox__Suppliers__0__ApiKeys__0="$api_key" Nox__Suppliers__0__AllowedRedirectUrls__0="$redirect_url")
if [ "$topology" = split ]; then
  echo "==> starting the silo (logs: $logs/silo.log)"
  env "${supplier[@]}" dotnet src/Silo/bin/Release/net10.0/Nox.Orleans.Silo.dll --urls http://127.0.0.1:8081 >"$logs/silo.log" 2>&1 &
  pids+=($!)
  wait_for http://127.0.0.1:8081/readyz silo "$logs/silo.log"
  echo "==> starting the API (logs: $logs/api.log)"
  Nox__PublicBaseUrl="http://localhost:$port" Nox__AdminApiKeys__0="$admin_key" \
    dotnet src/Api/bin/Release/net10.0/Nox.Orleans.Api.dll --urls "http://127.0.0.1:$port" >"$logs/api.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/readyz" API "$logs/api.log"
else
  echo "==> starting the silo with the API co-hosted (logs: $logs/silo.log)"
  env "${supplier[@]}" Nox__Api__Enabled=true Nox__PublicBaseUrl="http://localhost:$port" Nox__AdminApiKeys__0="$admin_key" \
    dotnet src/Silo/bin/Release/net10.0/Nox.Orleans.Silo.dll --urls "http://127.0.0.1:$port" >"$logs/silo.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/readyz" silo "$logs/silo.log"
fi

cat <<INFO

Nox.Orleans is running on http://localhost:$port ($topology; OpenAPI: http://localhost:$port/openapi/v1.json)
  supplier:             demo
  API key:              $api_key
  allowed redirect URL: $redirect_url
  admin key:            $admin_key   (x-admin-key; docs/administration.md)

Create a link session:
  curl -s -X POST http://localhost:$port/v2/supplier/link-sessions \\
    -H 'Content-Type: application/json' -H 'x-api-key: $api_key' \\
    -d '{"user_id": "customer-1", "redirect_url": "$redirect_url", "brand": "daikin", "language": "en"}'

Open its link_url in a browser, pick a brand and connect: the sandbox connector needs no
credentials, and the browser lands on the redirect URL with ?data=… (base64url JSON).

Manage suppliers and their keys (docs/administration.md has the whole walk-through):
  curl -s http://localhost:$port/v2/admin/suppliers -H 'x-admin-key: $admin_key'

Press Ctrl+C to stop.
INFO
wait -n "${pids[@]}"
