#!/usr/bin/env bash
# The benchmark of Nox.Orleans: builds Release, starts redis-server, the service in each topology
# (co-hosted: silos serving the API; split: a silo and the API as separate processes), the peer (the
# plain ASP.NET Core + StackExchange.Redis service a team would write without Orleans, bench/Peer)
# and a bare-Kestrel baseline, and measures each step of each topology between two runs of the
# peer's same step. Every figure is reported as a ratio to the peer measured in the same run (and,
# beside it, to bare Kestrel): the machine is shared and noisy, so ratios travel and absolute
# numbers do not.
#
#   ./bench/run.sh            full run (about 25 minutes); writes bench/results.md and the table in
#                             docs/performance.md (between its bench markers)
#   ./bench/run.sh --quick    a few seconds per step, a smoke test; writes only to its work folder (the
#                             table, and a copy of docs/performance.md with the table between its markers)
#   --topology cohosted|split|both   which topologies to measure (default both)
#
# Steps per topology: create; retrieve over thousands of active sessions; retrieve of one hot session
# from every connection (a supplier polling); complete (each pending session once; its ratio is to
# the peer's create); create p50/p99 at half the topology's create rate (open loop); silo memory over
# 1,000,000 creates. Then create on a three-master Redis Cluster (co-hosted).
# Settings (environment): NOX_BENCH_CONNECTIONS (wrk -c, default 32), NOX_BENCH_OUT (table path).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

quick=0
topologies=(cohosted split)
while [ "$#" -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --topology)
      case "${2:-}" in
        both) topologies=(cohosted split) ;;
        cohosted|split) topologies=("$2") ;;
        *) echo "--topology is cohosted, split or both" >&2; exit 2 ;;
      esac
      shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$quick" -eq 1 ]; then
  warmup=2; first_warmup=4; duration=4; baseline_duration=3; memory_creates=30000; settle=3; read_tokens=3000; mode="quick"
else
  warmup=5; first_warmup=45; duration=15; baseline_duration=6; memory_creates=1000000; settle=30; read_tokens=20000; mode="full"
fi
connections=${NOX_BENCH_CONNECTIONS:-32}
work=$(mktemp -d /tmp/nox-bench.XXXXXX)
if [ "$quick" -eq 1 ]; then out=${NOX_BENCH_OUT:-$work/results.md}; else out=${NOX_BENCH_OUT:-$root/bench/results.md}; fi

source "$root/bench/lib.sh"

# --- tools ------------------------------------------------------------------------------------
install_missing_tools

# --- processes: every one started here is stopped on exit ------------------------------------
pids=()
stop_all() {
  local status=$? i
  trap - EXIT INT TERM
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_pid "${pids[i]}"; done
  wait 2>/dev/null || true
  rm -rf "$work/tokens" "$work/redis"
  [ "$status" -eq 0 ] || log "failed; logs in $work"
  exit "$status"
}
trap stop_all EXIT INT TERM

# --- build ------------------------------------------------------------------------------------
log "building Release"
for project in src/Silo/Nox.Orleans.Silo.csproj src/Api/Nox.Orleans.Api.csproj bench/Peer/Nox.Bench.Peer.csproj \
               bench/Baseline/Nox.Bench.Baseline.csproj bench/LoadGenerator/Nox.Bench.LoadGenerator.csproj; do
  dotnet build "$project" -c Release -nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
done

# --- Redis, baseline, peer --------------------------------------------------------------------
redis_port=$(free_port)
log "redis-server on 127.0.0.1:$redis_port (no persistence)"
mkdir -p "$work/tokens"
start_redis "$redis_port" "$work/redis/single"

api_key="bench_$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
redirect_url="https://bench.example/return"
export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production

baseline_http=$(free_port)
baseline="http://127.0.0.1:$baseline_http"
log "baseline on $baseline"
(cd "$(out_dir "$root/bench/Baseline")" && exec dotnet Nox.Bench.Baseline.dll --urls "$baseline") >"$work/baseline.log" 2>&1 &
pids+=($!)
wait_http "$baseline/" baseline "$work/baseline.log" "${pids[-1]}"

start_peer "$redis_port"

# --- measuring helpers ------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }
mean() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (a + b) / 2 }'; }
errors_of() { awk -v a="$(field non2xx "$1")" -v b="$(field socket_errors "$1")" -v c="$(field timeouts "$1")" 'BEGIN { print a + b + c }'; }

cpu_pids=""
# measured SECONDS SCRIPT URL [args...] -> the RESULT line plus cpu_us: CPU µs per request of $cpu_pids
# (set it for the call: cpu_pids="..." measured ...). CPU per request holds up on a loaded machine where
# req/s does not.
measured() {
  local before result after
  before=$(cpu_ticks_of $cpu_pids)
  result=$(run_wrk "$@")
  after=$(cpu_ticks_of $cpu_pids)
  awk -v line="$result" -v ticks=$((after - before)) -v hz="$clock_ticks" -v n="$(field requests "$result")" \
    'BEGIN { printf "%s cpu_us=%.0f\n", line, (n > 0 ? ticks * 1000000 / hz / n : 0) }'
}

measure() { # warm-up seconds, then a measured run: SCRIPT URL [args...] -> RESULT with cpu_us
  local warm=$1; shift
  run_wrk "$warm" "$@" >/dev/null
  measured "$duration" "$@"
}

mint() { # url count file
  generator mint --url "$1" --key "$api_key" --redirect "$redirect_url" --count "$2" --concurrency "$connections" --out "$3" >/dev/null
}

baseline_rps() { field rps "$(measure 1 plain.lua "$baseline/")"; }

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# Tokens for a step that uses each one once: 1.5 times what the probe's rate needs for the duration.
tokens_for() { awk -v r="$(field rps "$1")" -v d="$duration" 'BEGIN { n = int(r * d * 1.5) + 5000; if (n > 400000) n = 400000; print n }'; }

rows=()      # table rows: step | topology | req/s | peer req/s | × peer | × bare Kestrel | CPU µs/req | target | errors | notes
latency_rows=()
memory_rows=()
add_row() { # step topology result peer_rps peer_cpu_us target notes
  local rps; rps=$(field rps "$3")
  rows+=("| $1 | $2 | $(printf '%.0f' "$rps") | $4 | **$(ratio "$rps" "$4")×** | $(ratio "$rps" "$current_baseline")× | $(field cpu_us "$3") / $5 | $6 | $(errors_of "$3") | $7 |")
}

# The peer's same step (right before and right after the service's); its CPU per request is the peer process's.
peer_step() { cpu_pids=$peer_pid measure "$warmup" "$@"; }

# --- steps per topology -----------------------------------------------------------------------
declare -A target_create=([split]="≥ 0.6×" [cohosted]="≥ 1.0×")
declare -A target_retrieve=([split]="≥ 0.8×" [cohosted]="≥ 1.5×")
declare -A target_hot=([split]="" [cohosted]="≥ 1.0×")
declare -A target_complete=([split]="≥ 0.2× peer create" [cohosted]="≥ 0.4× peer create")
declare -A target_p99=([split]="≤ 10 ms" [cohosted]="≤ 5 ms")

log "peer tokens for the read steps"
mint "$peer" "$read_tokens" "$work/tokens/peer-read.txt"
head -n 1 "$work/tokens/peer-read.txt" >"$work/tokens/peer-hot.txt"
first=1

for topology in "${topologies[@]}"; do
  start_service "$root" "$topology" "127.0.0.1:$redis_port" "$topology"
  current_baseline=$(baseline_rps)
  log "  baseline: $current_baseline req/s"

  # The first step of each topology meets freshly started processes: a longer warm-up. Tiered compilation
  # (with dynamic PGO) of a fresh process takes tens of seconds of CPU under load; profiles of a split API
  # measured after 5 s showed a quarter of its CPU still in the JIT and a quarter of its later throughput.
  service_warmup=$first_warmup
  if [ "$first" -eq 1 ]; then
    first=0
    # The peer started as fresh as the service: the same long warm-up before its first measured step.
    run_wrk "$first_warmup" create.lua "$peer/v2/supplier/link-sessions" "$api_key" "$redirect_url" >/dev/null
  fi

  log "[$topology] create"
  before=$(peer_step create.lua "$peer/v2/supplier/link-sessions" "$api_key" "$redirect_url")
  create=$(cpu_pids="${service_pids[*]}" measure "$service_warmup" create.lua "$api/v2/supplier/link-sessions" "$api_key" "$redirect_url")
  after=$(peer_step create.lua "$peer/v2/supplier/link-sessions" "$api_key" "$redirect_url")
  peer_create=$(mean "$(field rps "$before")" "$(field rps "$after")")
  peer_create_cpu=$(mean "$(field cpu_us "$before")" "$(field cpu_us "$after")")
  log "  $create (peer $peer_create)"
  add_row create "$topology" "$create" "$peer_create" "$peer_create_cpu" "${target_create[$topology]}" "POST with \`x-api-key\`, a new user per request"

  log "[$topology] retrieve over $read_tokens sessions"
  mint "$api" "$read_tokens" "$work/tokens/$topology-read.txt"
  head -n 1 "$work/tokens/$topology-read.txt" >"$work/tokens/$topology-hot.txt"
  before=$(peer_step retrieve.lua "$peer/" "$api_key" "$work/tokens/peer-read.txt")
  retrieve=$(cpu_pids="${service_pids[*]}" measure "$warmup" retrieve.lua "$api/" "$api_key" "$work/tokens/$topology-read.txt")
  after=$(peer_step retrieve.lua "$peer/" "$api_key" "$work/tokens/peer-read.txt")
  peer_retrieve=$(mean "$(field rps "$before")" "$(field rps "$after")")
  log "  $retrieve (peer $peer_retrieve)"
  add_row "retrieve (spread)" "$topology" "$retrieve" "$peer_retrieve" "$(mean "$(field cpu_us "$before")" "$(field cpu_us "$after")")" "${target_retrieve[$topology]}" "GET cycling over $read_tokens sessions (grains active after the warm-up)"

  log "[$topology] retrieve one hot session from $connections connections"
  before=$(peer_step retrieve.lua "$peer/" "$api_key" "$work/tokens/peer-hot.txt")
  hot=$(cpu_pids="${service_pids[*]}" measure "$warmup" retrieve.lua "$api/" "$api_key" "$work/tokens/$topology-hot.txt")
  after=$(peer_step retrieve.lua "$peer/" "$api_key" "$work/tokens/peer-hot.txt")
  peer_hot=$(mean "$(field rps "$before")" "$(field rps "$after")")
  log "  $hot (peer $peer_hot)"
  add_row "retrieve (one hot session)" "$topology" "$hot" "$peer_hot" "$(mean "$(field cpu_us "$before")" "$(field cpu_us "$after")")" "${target_hot[$topology]}" "a supplier polling one session"

  log "[$topology] complete, each pending session once"
  mint "$api" "$((read_tokens / 2))" "$work/tokens/$topology-complete-probe.txt"
  probe=$(run_wrk "$warmup" complete.lua "$api/" "$work/tokens/$topology-complete-probe.txt")
  mint "$api" "$(tokens_for "$probe")" "$work/tokens/$topology-complete.txt"
  complete=$(cpu_pids="${service_pids[*]}" measured "$duration" complete.lua "$api/" "$work/tokens/$topology-complete.txt")
  log "  $complete"
  add_row complete "$topology" "$complete" "$peer_create" "$peer_create_cpu" "${target_complete[$topology]}" "ratio to the peer's create$([ "$(field exhausted "$complete")" != 0 ] && echo '; tokens ran out: a lower bound')"

  rate=$(awk -v r="$(field rps "$create")" 'BEGIN { printf "%.0f", r / 2 }')
  log "[$topology] create latency, open loop at $rate/s (half the create rate)"
  latency=$(generator open --url "$api" --key "$api_key" --redirect "$redirect_url" --rate "$rate" --duration "$duration" --warmup "$warmup")
  log "  $latency"
  latency_rows+=("| $topology | $rate/s | $(field p50_ms "$latency") ms | **$(field p99_ms "$latency") ms** | ${target_p99[$topology]} | $(field p999_ms "$latency") / $(field max_ms "$latency") ms | $(field sent "$latency") / $(field non2xx "$latency") / $(field errors "$latency") |")

  log "[$topology] silo memory over $memory_creates creates, then ${settle}s idle"
  rss_before=$(rss_mb "$silo_pid")
  created=0 memory_errors=0
  deadline=$((SECONDS + 900))
  while [ "$created" -lt "$memory_creates" ] && [ "$SECONDS" -lt "$deadline" ]; do
    chunk=$(awk -v n="$((memory_creates - created))" -v r="$(field rps "$create")" \
      'BEGIN { s = n / (r > 0 ? r : 1000); s = (s > 20 ? 20 : s); print (s < 1 ? 1 : int(s + 0.999)) }')
    result=$(run_wrk "$chunk" create.lua "$api/v2/supplier/link-sessions" "$api_key" "$redirect_url")
    created=$((created + $(field requests "$result")))
    memory_errors=$((memory_errors + $(errors_of "$result")))
  done
  rss_after=$(rss_mb "$silo_pid")
  sleep "$settle"
  rss_settled=$(rss_mb "$silo_pid")
  log "  silo RSS $rss_before -> $rss_after -> $rss_settled MB over $created creates ($memory_errors non-2xx/errors)"
  memory_rows+=("| $topology | $created | $rss_before → $rss_after MB (**$(printf '%+d' $((rss_after - rss_before))) MB**) | $rss_settled MB | < +300 MB per 1,000,000 | $memory_errors |")

  stop_service
done

# --- Redis Cluster ----------------------------------------------------------------------------
log "Redis Cluster: three masters on loopback"
cluster_ports=()
for i in 1 2 3; do
  port=$(free_port)
  cluster_ports+=("$port")
  start_redis "$port" "$work/redis/cluster-$port" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000
done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${cluster_ports[@]}") --cluster-replicas 0 --cluster-yes >"$work/redis-cluster.log" 2>&1
for _ in $(seq 1 100); do
  redis-cli -p "${cluster_ports[0]}" cluster info | grep -q 'cluster_state:ok' && break
  sleep 0.2
done
start_service "$root" cohosted "$(printf '127.0.0.1:%s,' "${cluster_ports[@]}" | sed 's/,$//')" cohosted
current_baseline=$(baseline_rps)
before=$(peer_step create.lua "$peer/v2/supplier/link-sessions" "$api_key" "$redirect_url")
cluster_create=$(cpu_pids="${service_pids[*]}" measure "$first_warmup" create.lua "$api/v2/supplier/link-sessions" "$api_key" "$redirect_url")
after=$(peer_step create.lua "$peer/v2/supplier/link-sessions" "$api_key" "$redirect_url")
peer_create=$(mean "$(field rps "$before")" "$(field rps "$after")")
log "  $cluster_create (peer on one Redis $peer_create)"
add_row create "cohosted, Redis Cluster (3 masters)" "$cluster_create" "$peer_create" "$(mean "$(field cpu_us "$before")" "$(field cpu_us "$after")")" "" "the peer on one Redis"
stop_service

# --- the table --------------------------------------------------------------------------------
cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
memory_total=$(awk '/^MemTotal:/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
runtime=$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')
{
  echo "Benchmark ($mode run): $(nproc) cores ($cpu), $memory_total RAM, $(uname -sr), .NET $runtime, redis-server $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p'), $(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }'); load generators on the same machine; $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "Release builds on 127.0.0.1, Redis without persistence. \`wrk -t1 -c$connections\`, ${warmup} s warm-up (the first step of each topology, on fresh processes: ${first_warmup} s), ${duration} s measured."
  echo "**Peer**: bench/Peer, the plain ASP.NET Core + StackExchange.Redis service, measured right before and after each step of the service (its ratio is to the mean of the two); **bare Kestrel**: \`GET /\` answering a small JSON body, measured once per topology."
  echo
  echo "**CPU µs/req**: process CPU (utime + stime from /proc) of the service (co-hosted: the silo; split: silo + API) / of the peer, per request of the measured run; Redis and the load generator are not counted."
  echo
  echo "| step | topology | req/s | peer req/s | × peer | × bare Kestrel | CPU µs/req (service / peer) | target (× peer) | non-2xx / errors | notes |"
  echo "|---|---|---:|---:|---:|---:|---:|---|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "| create latency, open loop | rate (half the create rate) | p50 | p99 | target | p99.9 / max | sent / non-2xx / errors |"
  echo "|---|---:|---:|---:|---|---:|---:|"
  printf '%s\n' "${latency_rows[@]}"
  echo
  echo "| silo memory | creates | RSS before → after | ${settle} s later | target | non-2xx / errors |"
  echo "|---|---:|---:|---:|---|---:|"
  printf '%s\n' "${memory_rows[@]}"
} >"$out"
echo
cat "$out"
# The table also goes into docs/performance.md, between its markers: the file itself after a full run,
# a copy in the work folder after a quick one (so the smoke test exercises this step too).
if [ "$quick" -eq 0 ] && [ -z "${NOX_BENCH_OUT:-}" ]; then
  doc="$root/docs/performance.md"
else
  doc="$work/performance.md"
  cp "$root/docs/performance.md" "$doc"
fi
python3 - "$out" "$doc" <<'PY'
import sys
table = open(sys.argv[1]).read().strip()
path = sys.argv[2]
text = open(path).read()
begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
if text.count(begin) != 1 or text.count(end) != 1 or text.index(begin) > text.index(end):
    sys.exit(f"{path}: expected one {begin} before one {end}; the table was not written there")
text = text[:text.index(begin) + len(begin)] + "\n" + table + "\n" + text[text.index(end):]
open(path, "w").write(text)
PY
log "table written between the markers of $doc"
log "table written to $out; logs in $work"
