#!/usr/bin/env bash
# The split topology on one machine: Redis (append-only), 3 silos and 2 API instances on loopback
# ports, with a demo supplier. Prints the URLs; Ctrl+C (or SIGTERM) stops everything it started.
# Settings: BASE_PORT (first API port, default 8080), REDIS_PORT (default 6390), NOX_DEMO_API_KEY.
set -euo pipefail
cd "$(dirname "$0")/../.."

base=${BASE_PORT:-8080}
redis_port=${REDIS_PORT:-6390}
api_key=${NOX_DEMO_API_KEY:-demo_$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')}
redirect_url=https://example.com/nox/return
cluster_id="local-$(date +%s)"
run=$(mktemp -d)

command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install -y redis-server)" >&2; exit 1; }

echo "==> building (Release)"
dotnet build src/Silo/Nox.Orleans.Silo.csproj -c Release -nologo -v quiet
dotnet build src/Api/Nox.Orleans.Api.csproj -c Release -nologo -v quiet

pids=()
stop() {
  trap - EXIT INT TERM
  echo; echo "==> stopping"
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
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
for i in 0 1 2; do
  http=$((base + 11 + i))
  env "${common[@]}" \
    Orleans__SiloPort=$((11111 + i)) Orleans__GatewayPort=$((30000 + i)) \
    Nox__Suppliers__0__Name=demo Nox__Suppliers__0__ApiKeys__0="$api_key" \
    Nox__Suppliers__0__AllowedRedirectUrls__0="$redirect_url" \
    dotnet src/Silo/bin/Release/net10.0/Nox.Orleans.Silo.dll --urls "http://127.0.0.1:$http" >"$run/silo$i.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$http/readyz" "silo $i" "$run/silo$i.log"
  echo "    silo $i ready: http://127.0.0.1:$http (silo port $((11111 + i)), gateway $((30000 + i)))"
done
for i in 0 1; do
  http=$((base + i * 10))
  env "${common[@]}" dotnet src/Api/bin/Release/net10.0/Nox.Orleans.Api.dll --urls "http://127.0.0.1:$http" >"$run/api$i.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$http/readyz" "API $i" "$run/api$i.log"
  echo "    API $i ready:  http://127.0.0.1:$http"
done

cat <<INFO

Cluster $cluster_id is up (logs in $run).
  APIs:        http://127.0.0.1:$base  http://127.0.0.1:$((base + 10))
  silos:       http://127.0.0.1:$((base + 11))  http://127.0.0.1:$((base + 12))  http://127.0.0.1:$((base + 13))   (/healthz, /readyz)
  API key:     $api_key   (supplier "demo", redirect URL $redirect_url)

  curl -s -X POST http://127.0.0.1:$base/v2/supplier/link-sessions -H 'Content-Type: application/json' \\
    -H 'x-api-key: $api_key' -d '{"user_id": "customer-1", "redirect_url": "$redirect_url"}'

Stop one silo to see the cluster carry on:  kill -TERM <pid> (pids: ${pids[*]:1:3})
Press Ctrl+C to stop everything.
INFO
wait -n "${pids[@]}" || true
