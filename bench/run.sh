#!/usr/bin/env bash
# The benchmark of Nox.Orleans in its real topology: builds Release, starts redis-server, a silo and
# the API as separate processes (plus a bare-Kestrel baseline), warms each step up, measures, and
# writes a markdown table in which every figure is also a ratio to the baseline measured in the
# same run, right before and after the step (the machine is shared and noisy: ratios travel,
# absolute numbers do not).
#
#   ./bench/run.sh            full run (about 13 minutes), writes bench/results.md
#   ./bench/run.sh --quick    a few seconds per step, a smoke test; writes only to its work folder
#   --topology cohosted       the API served by the silo process (Nox:Api:Enabled=true; the default)
#   --topology split          the API as its own process, an Orleans client of the silo
#
# Steps: create (wrk), create latency at 50% of the create rate (open loop), silo memory over
# 1,000,000 creates, retrieve (wrk, sessions already active), first retrieve (each read activates
# its grain), complete (wrk, each pending session once); a baseline between every two steps.
# Settings (environment): NOX_BENCH_CONNECTIONS (wrk -c, default 32), NOX_BENCH_OUT (table path).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

quick=0
topology=cohosted
while [ "$#" -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --topology) topology=${2:-}; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$topology" in split|cohosted) ;; *) echo "--topology is split or cohosted" >&2; exit 2 ;; esac

if [ "$quick" -eq 1 ]; then
  warmup=2; first_warmup=4; duration=4; baseline_duration=3; memory_creates=50000; settle=5; read_tokens=5000; mode="quick"
else
  warmup=5; first_warmup=30; duration=15; baseline_duration=6; memory_creates=1000000; settle=30; read_tokens=20000; mode="full"
fi
connections=${NOX_BENCH_CONNECTIONS:-32}
work=$(mktemp -d /tmp/nox-bench.XXXXXX)
if [ "$quick" -eq 1 ]; then out=${NOX_BENCH_OUT:-$work/results.md}; else out=${NOX_BENCH_OUT:-$root/bench/results.md}; fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
log() { printf '==> %s\n' "$*" >&2; }

# --- tools ------------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- processes: every one started here is stopped on exit ------------------------------------
pids=()
stop_all() {
  local status=$? i pid
  trap - EXIT INT TERM
  # Newest first: the baseline and the API go before the silo, the silo before Redis.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work/tokens" "$work/redis"
  [ "$status" -eq 0 ] || log "failed; logs in $work"
  exit "$status"
}
trap stop_all EXIT INT TERM

free_port() { # a loopback port nothing answers on
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
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

# --- build ------------------------------------------------------------------------------------
log "building Release"
for project in src/Silo/Nox.Orleans.Silo.csproj src/Api/Nox.Orleans.Api.csproj \
               bench/Baseline/Nox.Bench.Baseline.csproj bench/LoadGenerator/Nox.Bench.LoadGenerator.csproj; do
  dotnet build "$project" -c Release -nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
done
out_dir() { echo "$root/$1/bin/Release/net10.0"; }
generator() { dotnet "$(out_dir bench/LoadGenerator)/Nox.Bench.LoadGenerator.dll" "$@"; }

# --- start redis, silo, API, baseline ---------------------------------------------------------
redis_port=$(free_port)
log "redis-server on 127.0.0.1:$redis_port (no persistence: --save '' --appendonly no)"
mkdir -p "$work/redis" "$work/tokens"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work/redis" >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$redis_port" ping >/dev/null

api_key="bench_$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
redirect_url="https://bench.example/return"
export ConnectionStrings__redis="127.0.0.1:$redis_port"
export Orleans__ClusterId="bench-$$" Orleans__ServiceId="nox-bench-$$"
export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production

# Each service runs from its output folder, as in its container (WORKDIR /app).
silo_http=$(free_port); silo_port=$(free_port); gateway_port=$(free_port)
silo_env=(Orleans__SiloPort="$silo_port" Orleans__GatewayPort="$gateway_port"
  Nox__Suppliers__0__Name=bench Nox__Suppliers__0__ApiKeys__0="$api_key" Nox__Suppliers__0__AllowedRedirectUrls__0="$redirect_url")
if [ "$topology" = cohosted ]; then
  silo_env+=(Nox__Api__Enabled=true Nox__PublicBaseUrl="https://auth.bench.example")
fi
log "silo on 127.0.0.1:$silo_http (silo port $silo_port, gateway $gateway_port; topology $topology)"
(cd "$(out_dir src/Silo)" && exec env "${silo_env[@]}" dotnet Nox.Orleans.Silo.dll --urls "http://127.0.0.1:$silo_http") >"$work/silo.log" 2>&1 &
silo_pid=$!
pids+=("$silo_pid")
wait_http "http://127.0.0.1:$silo_http/readyz" silo "$work/silo.log" "$silo_pid"

if [ "$topology" = cohosted ]; then
  api="http://127.0.0.1:$silo_http"
else
  api_http=$(free_port)
  api="http://127.0.0.1:$api_http"
  log "API on $api"
  (cd "$(out_dir src/Api)" && Nox__PublicBaseUrl="https://auth.bench.example" \
    exec dotnet Nox.Orleans.Api.dll --urls "$api") >"$work/api.log" 2>&1 &
  api_pid=$!
  pids+=("$api_pid")
  wait_http "$api/readyz" API "$work/api.log" "$api_pid"
fi

baseline_http=$(free_port)
baseline="http://127.0.0.1:$baseline_http"
log "baseline on $baseline"
(cd "$(out_dir bench/Baseline)" && exec dotnet Nox.Bench.Baseline.dll --urls "$baseline") >"$work/baseline.log" 2>&1 &
baseline_pid=$!
pids+=("$baseline_pid")
wait_http "$baseline/" baseline "$work/baseline.log" "$baseline_pid"

# --- measuring helpers ------------------------------------------------------------------------
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $2" | head -n 1; }
sum() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }

# run_wrk SECONDS SCRIPT URL [script args...] -> the RESULT line of report.lua
run_wrk() {
  local seconds=$1 script=$2 url=$3 output
  shift 3
  output=$(wrk -t1 -c"$connections" -d"${seconds}s" --timeout 5s -s "$root/bench/wrk/$script" "$url" -- "$@" 2>&1) \
    || { echo "$output" >&2; return 1; }
  grep '^RESULT ' <<<"$output" || { echo "$output" >&2; return 1; }
}

mint() { # count file
  generator mint --url "$api" --key "$api_key" --redirect "$redirect_url" \
    --count "$1" --concurrency "$connections" --out "$2" >/dev/null
}

# Tokens for a step that uses each one once: 1.5 times what the probe's rate needs for the duration.
tokens_for() { awk -v r="$(field rps "$1")" -v d="$duration" 'BEGIN { n = int(r * d * 1.5) + 5000; if (n > 400000) n = 400000; print n }'; }

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# The baselines measured so far; a step's baseline is the mean of the ones just before and after it.
baselines=()
measure_baseline() { # [warm-up seconds, default 1: it is warm after the first]
  local result
  run_wrk "${1:-1}" plain.lua "$baseline/" >/dev/null
  result=$(run_wrk "$baseline_duration" plain.lua "$baseline/")
  baselines+=("$result")
  log "  baseline: $(field rps "$result") req/s"
}

# --- steps ------------------------------------------------------------------------------------
log "baseline: bare Kestrel GET / (${baseline_duration}s between every two steps)"
measure_baseline "$warmup"

# The first step meets freshly started processes: tiered compilation was still at work 10 s into a
# profile, so it gets a longer warm-up; the steady state is what a long-running service shows.
log "create: POST /v2/supplier/link-sessions (warm-up ${first_warmup}s, ${duration}s)"
run_wrk "$first_warmup" create.lua "$api/v2/supplier/link-sessions" "$api_key" "$redirect_url" >/dev/null
create=$(run_wrk "$duration" create.lua "$api/v2/supplier/link-sessions" "$api_key" "$redirect_url")
log "  $create"
measure_baseline

create_rps=$(field rps "$create")
latency_rate=$(awk -v r="$create_rps" 'BEGIN { printf "%.0f", r / 2 }')
log "create latency: open loop at $latency_rate/s, 50% of the create rate (warm-up ${warmup}s, ${duration}s)"
latency=$(generator open --url "$api" --key "$api_key" --redirect "$redirect_url" \
  --rate "$latency_rate" --duration "$duration" --warmup "$warmup")
log "  $latency"

# wrk runs for a fixed time, so the creates go in chunks sized by the create rate until enough.
log "silo memory over $memory_creates creates at full rate, then ${settle}s idle"
rss_before=$(rss_mb "$silo_pid")
memory_created=0 memory_errors=0 memory_seconds=0
deadline=$((SECONDS + 900))
while [ "$memory_created" -lt "$memory_creates" ] && [ "$SECONDS" -lt "$deadline" ]; do
  chunk=$(awk -v n="$((memory_creates - memory_created))" -v r="$create_rps" \
    'BEGIN { s = n / (r > 0 ? r : 1000); s = (s > 20 ? 20 : s); print (s < 1 ? 1 : int(s + 0.999)) }')
  result=$(run_wrk "$chunk" create.lua "$api/v2/supplier/link-sessions" "$api_key" "$redirect_url")
  memory_created=$((memory_created + $(field requests "$result")))
  memory_errors=$(awk -v e="$memory_errors" -v a="$(field non2xx "$result")" -v b="$(field socket_errors "$result")" -v c="$(field timeouts "$result")" 'BEGIN { print e + a + b + c }')
  memory_seconds=$(sum "$memory_seconds" "$(field duration_s "$result")")
done
rss_after=$(rss_mb "$silo_pid")
sleep "$settle"
rss_settled=$(rss_mb "$silo_pid")
redis_mb=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/ { printf "%.0f", $2 / 1048576 }')
memory_rate=$(awk -v n="$memory_created" -v s="$memory_seconds" 'BEGIN { printf "%.0f", n / s }')
log "  $memory_created creates at $memory_rate/s, $memory_errors non-2xx or errors"
log "  silo RSS $rss_before MB -> $rss_after MB -> $rss_settled MB after ${settle}s; Redis $redis_mb MB"

log "retrieve: GET /v2/supplier/link-sessions/{token} over $read_tokens sessions (warm-up ${warmup}s activates them, ${duration}s)"
mint "$read_tokens" "$work/tokens/read.txt"
measure_baseline
run_wrk "$warmup" retrieve.lua "$api/" "$api_key" "$work/tokens/read.txt" >/dev/null
retrieve=$(run_wrk "$duration" retrieve.lua "$api/" "$api_key" "$work/tokens/read.txt")
log "  $retrieve"
measure_baseline

log "first retrieve: each read is its session's first, so its grain activates and reads storage"
mint "$((read_tokens / 2))" "$work/tokens/first-probe.txt"
probe=$(run_wrk "$warmup" retrieve.lua "$api/" "$api_key" "$work/tokens/first-probe.txt" once)
mint "$(tokens_for "$probe")" "$work/tokens/first.txt"
measure_baseline
first=$(run_wrk "$duration" retrieve.lua "$api/" "$api_key" "$work/tokens/first.txt" once)
log "  $first"
measure_baseline

complete="" complete_note=""
mint 1 "$work/tokens/complete-check.txt"
check_status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d '{"brand":"daikin"}' "$api/v2/link-sessions/$(head -n 1 "$work/tokens/complete-check.txt")/complete" || true)
if [ "$check_status" = "200" ]; then
  log "complete: POST /v2/link-sessions/{token}/complete, each pending session once"
  mint "$((read_tokens / 2))" "$work/tokens/complete-probe.txt"
  probe=$(run_wrk "$warmup" complete.lua "$api/" "$work/tokens/complete-probe.txt")
  mint "$(tokens_for "$probe")" "$work/tokens/complete.txt"
  measure_baseline
  complete=$(run_wrk "$duration" complete.lua "$api/" "$work/tokens/complete.txt")
  log "  $complete"
  measure_baseline
else
  complete_note="not measured yet: this build has no such endpoint (a pending session's token got $check_status)"
  log "complete: $complete_note"
fi

# --- the table --------------------------------------------------------------------------------
# baseline_around I: mean of baselines I and I+1, the ones measured right before and after a step.
baseline_around() { awk -v a="$(field rps "${baselines[$1]}")" -v b="$(field rps "${baselines[$1 + 1]}")" 'BEGIN { printf "%.0f", (a + b) / 2 }'; }
errors_of() { awk -v a="$(field non2xx "$1")" -v b="$(field socket_errors "$1")" -v c="$(field timeouts "$1")" 'BEGIN { print a + b + c }'; }
row() { # name result baseline target note
  local rps; rps=$(field rps "$2")
  printf '| %s | %.0f | %s | **%s×** | %s | %s | %s |\n' "$1" "$rps" "$3" \
    "$(awk -v a="$rps" -v b="$3" 'BEGIN { printf "%.2f", a / b }')" "$4" "$(errors_of "$2")" "$5"
}
all_baselines=$(for b in "${baselines[@]}"; do printf '%.0f ' "$(field rps "$b")"; done)
cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
memory_total=$(awk '/^MemTotal:/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
runtime=$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')
{
  echo "# Nox.Orleans benchmark ($mode run, $topology)"
  echo
  echo "Machine: $(nproc) cores ($cpu), $memory_total RAM, $(uname -sr), .NET $runtime, redis-server $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p'), $(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }'); load generators on the same machine; $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  if [ "$topology" = cohosted ]; then
    echo "Release build; topology **co-hosted**: redis-server and one silo process serving the API, on 127.0.0.1; Redis without persistence."
  else
    echo "Release build; topology **split**: redis-server, silo and API as separate processes on 127.0.0.1; Redis without persistence."
  fi
  echo "\`wrk -t1 -c$connections\`, ${warmup} s warm-up (the first step, on fresh processes: ${first_warmup} s) then ${duration} s per step. Baseline: bare Kestrel \`GET /\` answering"
  echo "\`{\"message\":\"pong\",\"version\":1}\` for ${baseline_duration} s right before and after each step; a step's ratio is to the mean of those two."
  echo "Baselines in order (req/s): $all_baselines."
  echo
  echo "| step | req/s | baseline req/s | × baseline | target | non-2xx / errors | notes |"
  echo "|---|---:|---:|---:|---|---:|---|"
  row "create" "$create" "$(baseline_around 0)" "≥ 0.30×" "POST with \`x-api-key\`, a new user per request"
  row "retrieve" "$retrieve" "$(baseline_around 2)" "≥ 0.60×" "GET over $read_tokens sessions whose grains are active"
  row "first retrieve" "$first" "$(baseline_around 4)" "" "each read activates its grain (one storage read)$([ "$(field exhausted "$first")" != 0 ] && echo '; tokens ran out: a lower bound')"
  if [ -n "$complete" ]; then
    row "complete" "$complete" "$(baseline_around 6)" "≥ 0.20×" "each pending session once$([ "$(field exhausted "$complete")" != 0 ] && echo '; tokens ran out: a lower bound')"
  else
    echo "| complete | – | – | – | ≥ 0.20× | – | $complete_note |"
  fi
  echo
  echo "| latency and memory | measured | target |"
  echo "|---|---:|---|"
  echo "| create p50 at $latency_rate/s (50% of the create rate, open loop) | $(field p50_ms "$latency") ms | |"
  echo "| create p99 at $latency_rate/s | $(field p99_ms "$latency") ms | ≤ 10 ms |"
  echo "| create p99.9 / max at $latency_rate/s | $(field p999_ms "$latency") / $(field max_ms "$latency") ms | |"
  echo "| open-loop requests sent / non-2xx / errors | $(field sent "$latency") / $(field non2xx "$latency") / $(field errors "$latency") | 0 |"
  echo "| silo RSS before → after $memory_created creates ($memory_rate/s, $memory_errors non-2xx / errors) | $rss_before → $rss_after MB ($(printf "%+d" $((rss_after - rss_before))) MB) | < +300 MB |"
  echo "| silo RSS ${settle} s later | $rss_settled MB | |"
  echo "| Redis used memory after them | $redis_mb MB | |"
} >"$out"
echo
cat "$out"
log "table written to $out; logs in $work"
