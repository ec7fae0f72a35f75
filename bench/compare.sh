#!/usr/bin/env bash
# A/B of two commits of the service on this machine: create and retrieve (spread), each measured as
#   - req/s as a ratio to the peer (bench/Peer, this checkout) measured right before it, and
#   - CPU time per request of the service's processes (utime + stime from /proc, in µs), which a busy
#     machine distorts far less than req/s, and of Redis's (which shares the cores, so it counts in req/s too).
# Rounds alternate the order (A B, B A, …) so drift favours neither. Prints one line per measurement and
# the medians of B / A; writes nothing into the repository.
#
#   ./bench/compare.sh A B [--rounds N] [--seconds S] [--topology cohosted|split] [--paired] [-- KEY=VALUE ...]
#
# --paired starts A and B once, side by side on the same Redis, and alternates their measurements: both see
# the same drift of a shared machine (on a noisy one, restarts per round add spread of their own).
# A and B are commits (anything `git rev-parse` takes). KEY=VALUE after `--` are extra settings for both
# services (e.g. Nox__Webhooks__... ), as environment variables. Installs wrk and redis-server where missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

rounds=3 seconds=10 topology=cohosted paired=false extra=()
[ "$#" -ge 2 ] || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
commit_a=$(git rev-parse --verify "$1^{commit}"); commit_b=$(git rev-parse --verify "$2^{commit}"); shift 2
while [ "$#" -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --topology) topology=$2; shift ;;
    --paired) paired=true ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
case "$topology" in cohosted|split) ;; *) echo "--topology is cohosted or split" >&2; exit 2 ;; esac

work=$(mktemp -d /tmp/nox-compare.XXXXXX)
connections=32
source "$root/bench/lib.sh"
install_missing_tools

pids=()
cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_pid "${pids[i]}"; done
  wait 2>/dev/null || true
  for label in a b; do git -C "$root" worktree remove --force "$work/src-$label" 2>/dev/null || true; done
  rm -rf "$work/redis" "$work/tokens"
  [ "$status" -eq 0 ] || log "failed; logs in $work"
  exit "$status"
}
trap cleanup EXIT INT TERM

# --- builds: each commit in a worktree of its own; the peer and the generator from this checkout -------------
for label in a b; do
  commit=$commit_a; [ "$label" = b ] && commit=$commit_b
  git -C "$root" worktree add -q --detach "$work/src-$label" "$commit"
  log "building $label ($(git -C "$root" log -1 --format='%h %s' "$commit" | cut -c1-80))"
  for project in src/Silo/Nox.Orleans.Silo.csproj src/Api/Nox.Orleans.Api.csproj; do
    dotnet build "$work/src-$label/$project" -c Release -nologo -v quiet >"$work/build-$label.log" 2>&1 \
      || { cat "$work/build-$label.log" >&2; exit 1; }
  done
done
for project in bench/Peer/Nox.Bench.Peer.csproj bench/LoadGenerator/Nox.Bench.LoadGenerator.csproj; do
  dotnet build "$project" -c Release -nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
done

redis_port=$(free_port)
mkdir -p "$work/tokens"
start_redis "$redis_port" "$work/redis"
redis_pid=${pids[-1]}
api_key="bench_$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
redirect_url="https://bench.example/return"
export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
start_peer "$redis_port"
generator mint --url "$peer" --key "$api_key" --redirect "$redirect_url" --count 5000 --concurrency "$connections" --out "$work/tokens/peer.txt" >/dev/null

measure() { # label step script args... -> prints "label step rps=… peer=… ratio=… cpu_us=… redis_us=… non2xx=…"
  local label=$1 step=$2 script=$3 peer_result result t0 t1 r0 r1; shift 3
  local peer_args=("$@") args=("$@")
  if [ "$step" = retrieve ]; then peer_args=("$api_key" "$work/tokens/peer.txt"); args=("$api_key" "$work/tokens/$label.txt"); fi
  local path=/; [ "$step" = create ] && path=/v2/supplier/link-sessions
  run_wrk 3 "$script" "$peer$path" "${peer_args[@]}" >/dev/null
  peer_result=$(run_wrk "$seconds" "$script" "$peer$path" "${peer_args[@]}")
  run_wrk 3 "$script" "$api$path" "${args[@]}" >/dev/null
  t0=$(cpu_ticks_of "${service_pids[@]}") r0=$(cpu_ticks_of "$redis_pid")
  result=$(run_wrk "$seconds" "$script" "$api$path" "${args[@]}")
  t1=$(cpu_ticks_of "${service_pids[@]}") r1=$(cpu_ticks_of "$redis_pid")
  awk -v l="$label" -v s="$step" -v r="$(field rps "$result")" -v p="$(field rps "$peer_result")" -v t=$((t1 - t0)) -v rt=$((r1 - r0)) -v hz="$clock_ticks" \
    -v n="$(field requests "$result")" -v e="$(field non2xx "$result")" \
    'BEGIN { printf "%s %s rps=%.0f peer=%.0f ratio=%.3f cpu_us=%.1f redis_us=%.1f non2xx=%d\n", l, s, r, p, r / p, t / hz * 1e6 / n, rt / hz * 1e6 / n, e }'
}

results="$work/results.txt"
warm_up() { # label: tiered compilation with dynamic PGO: 10 s left a build with more code still in the JIT (its
  # CPU per create read 1.59× where a profile after 30 s read 1.30×); then the tokens its reads use.
  run_wrk 30 create.lua "$api/v2/supplier/link-sessions" "$api_key" "$redirect_url" >/dev/null
  generator mint --url "$api" --key "$api_key" --redirect "$redirect_url" --count 5000 --concurrency "$connections" --out "$work/tokens/$1.txt" >/dev/null
}
if $paired; then
  declare -A api_of pids_of
  for label in a b; do
    start_service "$work/src-$label" "$topology" "127.0.0.1:$redis_port" "compare-$label" "${extra[@]}"
    api_of[$label]=$api pids_of[$label]="${service_pids[*]}"
  done
  for label in a b; do api=${api_of[$label]}; warm_up "$label"; done
fi
for round in $(seq 1 "$rounds"); do
  order=(a b); [ $((round % 2)) -eq 0 ] && order=(b a)
  for label in "${order[@]}"; do
    if $paired; then
      api=${api_of[$label]}; read -ra service_pids <<<"${pids_of[$label]}"
    else
      start_service "$work/src-$label" "$topology" "127.0.0.1:$redis_port" "compare-$label" "${extra[@]}"
      warm_up "$label"
    fi
    measure "$label" create create.lua "$api_key" "$redirect_url" | tee -a "$results"
    measure "$label" retrieve retrieve.lua | tee -a "$results"
    $paired || stop_service
  done
done

echo
echo "A = $(git -C "$root" log -1 --format='%h %s' "$commit_a" | cut -c1-90)"
echo "B = $(git -C "$root" log -1 --format='%h %s' "$commit_b" | cut -c1-90)"
echo "$topology$($paired && echo ', paired'), wrk -t1 -c32, ${seconds} s per measurement, $rounds rounds; medians over rounds:"
median_of() { # label step metric
  awk -v l="$1" -v s="$2" -v m="$3" '$1 == l && $2 == s { for (i = 3; i <= NF; i++) if (index($i, m "=") == 1) print substr($i, length(m) + 2) }' "$results" \
    | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for step in create retrieve; do
  for metric in ratio cpu_us redis_us; do
    awk -v s="$step" -v m="$metric" -v a="$(median_of a "$step" "$metric")" -v b="$(median_of b "$step" "$metric")" \
      'BEGIN { printf "  %-8s %-7s A %-8s B %-8s B/A %.3f\n", s, m, a, b, b / a }'
  done
done
