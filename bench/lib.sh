# What bench/run.sh and bench/compare.sh share: the processes they start on loopback (Redis, the peer, the
# service in either topology) and how they run and read wrk. Sourced, not run. The caller sets:
#   root (the repository), work (a scratch folder), pids (an array: every process started is added, for the
#   caller's exit trap to stop), api_key, redirect_url, connections (wrk -c).

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
log() { printf '==> %s\n' "$*" >&2; }

install_missing_tools() { # wrk, redis-server, curl
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

stop_pid() {
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

free_port() { # a loopback port nothing answers on (and, for Redis Cluster, whose +10000 is free too)
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 25000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((port + 10000))") 2>/dev/null; then
      echo "$port"; return 0
    fi
  done
  echo "no free port" >&2; return 1
}

wait_http() { # url name log pid
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || { echo "$2 exited; its log:" >&2; tail -n 40 "$3" >&2; return 1; }
    sleep 0.25
  done
  echo "$2 did not answer $1; its log:" >&2; tail -n 40 "$3" >&2; return 1
}

out_dir() { echo "$1/bin/Release/net10.0"; } # a project folder -> its Release output
generator() { dotnet "$(out_dir "$root/bench/LoadGenerator")/Nox.Bench.LoadGenerator.dll" "$@"; }

start_redis() { # port dir [extra args...]: a redis-server without persistence
  local port=$1 dir=$2; shift 2
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" "$@" >"$dir/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  redis-cli -p "$port" ping >/dev/null
}

start_peer() { # redis-port: sets $peer (its URL) and $peer_pid
  peer="http://127.0.0.1:$(free_port)"
  log "peer on $peer"
  (cd "$(out_dir "$root/bench/Peer")" && ConnectionStrings__redis="127.0.0.1:$1" Peer__ApiKey="$api_key" \
    Peer__RedirectUrl="$redirect_url" Peer__PublicBaseUrl="https://auth.bench.example" \
    exec dotnet Nox.Bench.Peer.dll --urls "$peer") >"$work/peer.log" 2>&1 &
  peer_pid=$!
  pids+=("$peer_pid")
  wait_http "$peer/healthz" peer "$work/peer.log" "$peer_pid"
}

# start_service SOURCE TOPOLOGY REDIS NAME [KEY=VALUE...]: the service built in SOURCE (a checkout), co-hosted or
# split, on REDIS, logging to $work/{silo,api}-NAME.log; sets $api (where the API answers), $silo_pid, $service_pids.
service_pids=()
start_service() {
  local source=$1 topology=$2 redis=$3 name=$4 silo_http env
  shift 4
  silo_http=$(free_port)
  env=(ConnectionStrings__redis="$redis" Orleans__ClusterId="bench-$name-$$" Orleans__ServiceId="nox-bench-$name-$RANDOM"
    Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)"
    Nox__PublicBaseUrl="https://auth.bench.example"
    Nox__Suppliers__0__Name=bench Nox__Suppliers__0__ApiKeys__0="$api_key" Nox__Suppliers__0__AllowedRedirectUrls__0="$redirect_url"
    # The benchmark measures capacity, not the limits that protect it.
    Nox__Suppliers__0__RateLimit__PermitsPerSecond=1000000 Nox__Suppliers__0__RateLimit__Burst=1000000
    Nox__RateLimits__AuthenticatorPerMinute=100000000 "$@")
  service_pids=()
  if [ "$topology" = cohosted ]; then env+=(Nox__Api__Enabled=true); fi
  log "silo ($name) on 127.0.0.1:$silo_http"
  # Each service runs from its output folder, as in its container (WORKDIR /app).
  (cd "$(out_dir "$source/src/Silo")" && exec env "${env[@]}" dotnet Nox.Orleans.Silo.dll --urls "http://127.0.0.1:$silo_http") >"$work/silo-$name.log" 2>&1 &
  silo_pid=$!
  pids+=("$silo_pid"); service_pids+=("$silo_pid")
  wait_http "http://127.0.0.1:$silo_http/readyz" silo "$work/silo-$name.log" "$silo_pid"
  if [ "$topology" = cohosted ]; then
    api="http://127.0.0.1:$silo_http"
  else
    api="http://127.0.0.1:$(free_port)"
    log "API on $api"
    (cd "$(out_dir "$source/src/Api")" && exec env "${env[@]}" dotnet Nox.Orleans.Api.dll --urls "$api") >"$work/api-$name.log" 2>&1 &
    pids+=($!); service_pids+=($!)
    wait_http "$api/readyz" API "$work/api-$name.log" "${pids[-1]}"
  fi
}
stop_service() {
  local i
  for ((i = ${#service_pids[@]} - 1; i >= 0; i--)); do stop_pid "${service_pids[i]}"; done
}

field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $2" | head -n 1; }

# run_wrk SECONDS SCRIPT URL [script args...] -> the RESULT line of report.lua
run_wrk() {
  local seconds=$1 script=$2 url=$3 output
  shift 3
  output=$(wrk -t1 -c"$connections" -d"${seconds}s" --timeout 5s -s "$root/bench/wrk/$script" "$url" -- "$@" 2>&1) \
    || { echo "$output" >&2; return 1; }
  grep '^RESULT ' <<<"$output" || { echo "$output" >&2; return 1; }
}

# Process CPU (utime + stime, all threads) of the given pids, in clock ticks (clock_ticks a second).
clock_ticks=$(getconf CLK_TCK)
cpu_ticks_of() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$pid/stat")))
  done
  echo "$total"
}
