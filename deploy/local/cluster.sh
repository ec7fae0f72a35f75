#!/usr/bin/env bash
# A Redis-backed cluster on one machine: Redis (append-only) and 3 silos on loopback ports, with a
# demo supplier. Co-hosted by default, as in Kubernetes: each silo serves the whole HTTP API on its
# own HTTP port (docs/architecture.md says why). NOX_TOPOLOGY=split runs the split topology instead:
# silos without the API, and 2 API processes (Orleans clients) in front of them.
# Prints the URLs; Ctrl+C (or SIGTERM) stops everything it started.
# Settings: NOX_TOPOLOGY (cohosted | split), BASE_PORT (first API port, default 8080),
# REDIS_PORT (default 6390), NOX_DEMO_API_KEY.
set -euo pipefail
cd "$(dirname "$0")/../.."

topology=${NOX_TOPOLOGY:-cohosted}
base=${BASE_PORT:-8080}
redis_port=${REDIS_PORT:-6390}
api_key=${NOX_DEMO_API_KEY:-demo_$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')}
redirect_url=https://example.com/nox/return
cluster_id="local-$(date +%s)"

case "$topology" in
  cohosted|split) ;;
  *) echo "NOX_TOPOLOGY must be cohosted or split, not '$topology'" >&2; exit 2 ;;
esac
command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install -y redis-server)" >&2; exit 1; }

echo "==> building (Release)"
# The silo references the Api project, so this builds both executables.
dotnet build src/Silo/Nox.Orleans.Silo.csproj -c Release -nologo -v quiet

run=$(mktemp -d)
pids=()
stop() {
  trap - EXIT INT TERM
  echo; echo "==> stopping"
  # Silos and APIs first, Redis (pids[0]) once they are gone: a leaving silo hands off its grains and
  # marks itself dead in the membership table, which it cannot do with Redis already stopped.
  for pid in "${pids[@]:1}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]:1}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${#pids[@]}" -gt 0 ]; then kill -TERM "${pids[0]}" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$run"
}
trap stop EXIT INT TERM

wait_for() { # url name log
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "$2 did not become ready; its log:" >&2; tail -n 40 "$3" >&2; exit 1
}

echo "==> redis on 127.0.0.1:$redis_port (append-only, fsync always; data in $run)"
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$run" --appendonly yes --appendfsync always --save "" >"$run/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

common=(
  "ConnectionStrings__redis=127.0.0.1:$redis_port"
  "Orleans__ClusterId=$cluster_id"
  "Nox__PublicBaseUrl=http://localhost:$base"
  "Nox__ShutdownDrainDelay=00:00:02"
)
apis=() silos=()
for i in 0 1 2; do
  if [ "$topology" = cohosted ]; then
    http=$((base + i * 10)); role=(Nox__Api__Enabled=true); apis+=("http://127.0.0.1:$http")
  else
    http=$((base + 11 + i)); role=(Nox__Api__Enabled=false)
  fi
  silos+=("http://127.0.0.1:$http")
  env "${common[@]}" "${role[@]}" \
    Orleans__SiloPort=$((11111 + i)) Orleans__GatewayPort=$((30000 + i)) \
    Nox__Suppliers__0__Name=demo Nox__Suppliers__0__ApiKeys__0="$api_key" \
    Nox__Suppliers__0__AllowedRedirectUrls__0="$redirect_url" \
    dotnet src/Silo/bin/Release/net10.0/Nox.Orleans.Silo.dll --urls "http://127.0.0.1:$http" >"$run/silo$i.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$http/readyz" "silo $i" "$run/silo$i.log"
  echo "    silo $i ready: http://127.0.0.1:$http (silo port $((11111 + i)), gateway $((30000 + i)))"
done
if [ "$topology" = split ]; then
  for i in 0 1; do
    http=$((base + i * 10))
    env "${common[@]}" dotnet src/Api/bin/Release/net10.0/Nox.Orleans.Api.dll --urls "http://127.0.0.1:$http" >"$run/api$i.log" 2>&1 &
    pids+=($!)
    wait_for "http://127.0.0.1:$http/readyz" "API $i" "$run/api$i.log"
    echo "    API $i ready:  http://127.0.0.1:$http"
    apis+=("http://127.0.0.1:$http")
  done
fi

cat <<INFO

Cluster $cluster_id is up ($topology; logs in $run).
  API:         ${apis[*]}
  silos:       ${silos[*]}   (/healthz, /readyz, /metrics)
  API key:     $api_key   (supplier "demo", redirect URL $redirect_url)

  curl -s -X POST http://127.0.0.1:$base/v2/supplier/link-sessions -H 'Content-Type: application/json' \\
    -H 'x-api-key: $api_key' -d '{"user_id": "customer-1", "redirect_url": "$redirect_url"}'

Stop one silo to see the cluster carry on:  kill -TERM <pid> (silo pids: ${pids[*]:1:3})
Press Ctrl+C to stop everything.
INFO
# Runs until Ctrl+C, or until Redis exits; a silo or API process that stops leaves the rest running.
wait "${pids[0]}" || true
