#!/usr/bin/env bash
# Load and cold-start benchmark of Ivr against a floor (bench/Floor: Kestrel answering a constant TwiML dial),
# on loopback. One run: publishes both as ReadyToRun and as Native AOT (each build of Ivr is measured against the
# same build of the floor) and as plain JIT, starts Azurite, drives signed incoming-call webhooks through wrk at both,
# runs Ivr at a steady rate with storage as it is and with every storage request held back (bench/slow-storage.mjs),
# measures cold starts (exec -> first valid TwiML), runs the storage-writer benchmark when bench/Ivr.Benchmarks
# exists, and prints the results against the goals
# (also in artifacts/bench/results.md, raw figures in artifacts/bench/results.json).
#
# Usage: bash bench/run.sh [--quick] [--skip-build]
#   --quick       short durations (3 s warm-up, 5 s measured, 3 cold starts): a smoke run of the pipeline
#   --skip-build  reuse the publish outputs in artifacts/bench/publish
# Env overrides: BENCH_WARMUP, BENCH_DURATION (seconds), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
#   BENCH_COLDSTART_RUNS (starts of each build, the builds taking turns: 30), BENCH_LOAD_ROUNDS (rounds of the floor
#   and Ivr under load, alternated: 3, quick 1), BENCH_POOL_SIZE (2000), BENCH_QUIET_WAIT (seconds to wait for
#   other processes to leave the CPU before each measurement: 120, quick 10), BENCH_STORAGE_DELAY_MS (how much slower
#   storage is made for the storage-latency step: 200), BENCH_STEADY_DELAY_MS (that step's pause per connection
#   between calls: 10)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

quick=false skip_build=false
for arg in "$@"; do
  case $arg in
    --quick) quick=true ;;
    --skip-build) skip_build=true ;;
    *) echo "usage: bash bench/run.sh [--quick] [--skip-build]" >&2; exit 2 ;;
  esac
done
if $quick; then
  warmup_default=3 duration_default=5 runs_default=3 quiet_default=10 rounds_default=1
else
  warmup_default=10 duration_default=20 runs_default=30 quiet_default=120 rounds_default=3
fi
WARMUP=${BENCH_WARMUP:-$warmup_default}
DURATION=${BENCH_DURATION:-$duration_default}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
COLDSTART_RUNS=${BENCH_COLDSTART_RUNS:-$runs_default}
LOAD_ROUNDS=${BENCH_LOAD_ROUNDS:-$rounds_default}
POOL_SIZE=${BENCH_POOL_SIZE:-2000}
QUIET_WAIT=${BENCH_QUIET_WAIT:-$quiet_default}

OUT=artifacts/bench PUB=artifacts/bench/publish RAW=artifacts/bench/raw LOGS=artifacts/bench/logs
# shellcheck source=bench/lib.sh
source bench/lib.sh

rm -rf "$RAW" "$LOGS"
mkdir -p "$PUB" "$RAW" "$LOGS"

# --- build ------------------------------------------------------------------------------------------------
# A private artifacts path keeps our obj/ and bin/ apart from concurrent builds of the same projects.
publish() { # <name> <project> <extra publish arguments...>
  local name=$1 project=$2 attempt log=$LOGS/publish-$1.log
  shift 2
  rm -rf "${PUB:?}/$name"
  for attempt in 1 2 3; do
    say "publishing $name"
    if dotnet publish "$project" -c Release --nologo --artifacts-path "$OUT/build" -o "$PUB/$name" "$@" >"$log" 2>&1; then
      return 0
    fi
    # Others build in this repo too: a locked file is worth a retry, a compile error is not.
    grep -qE 'being used by another process|MSB3021|MSB3027|cannot access the file' "$log" || break
    say "$name: files locked by another build; retrying in 20 s"
    sleep 20
  done
  say "$name: publish failed (see $log):"
  grep -E 'error' "$log" | sort -u | head -5 >&2 || true
  return 1
}
if ! $skip_build; then
  publish floor-jit bench/Floor -r linux-x64 --self-contained -p:PublishReadyToRun=false || die "the floor did not build"
  # Built as Ivr's ReadyToRun profile builds Ivr (composite, trimmed; crossgen2's settings come from the
  # ReadyToRunCodegen.targets that bench/Floor/Floor.csproj imports): the floor that build is measured against.
  publish floor-r2r bench/Floor -r linux-x64 --self-contained -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
    -p:PublishTrimmed=true || die "the floor (ReadyToRun) did not build"
  publish floor-aot bench/Floor -r linux-x64 -p:PublishAot=true || true
  publish ivr-r2r functions/Ivr -p:PublishProfile=ReadyToRun || die "Ivr (ReadyToRun) did not build"
  publish ivr-aot functions/Ivr -p:PublishProfile=NativeAot || true
  publish ivr-jit functions/Ivr || true # framework-dependent: plain JIT, for reference
fi
# name -> command that starts it (empty when its build is missing)
declare -A CMD=(
  [floor-jit]=$PWD/$PUB/floor-jit/Floor [floor-r2r]=$PWD/$PUB/floor-r2r/Floor [floor-aot]=$PWD/$PUB/floor-aot/Floor
  [ivr-r2r]=$PWD/$PUB/ivr-r2r/Ivr [ivr-aot]=$PWD/$PUB/ivr-aot/Ivr [ivr-jit]="dotnet $PWD/$PUB/ivr-jit/Ivr.dll"
)
for name in "${!CMD[@]}"; do
  binary=${CMD[$name]##* }
  [[ -f $binary ]] || { say "$name: no build at $binary; skipped"; CMD[$name]=''; }
done
[[ -n ${CMD[floor-r2r]} && -n ${CMD[ivr-r2r]} ]] || die "the floor and Ivr ReadyToRun builds are required"

start_storage
sign_pool

# One load of one build in one round: started afresh (Ivr creates the line on the round's empty storage), stopped after.
load_once() { # <build> <round>
  local name=$1 round=$2 port pid dialled attempt
  port=$(free_port)
  start_server "$name" pid "$port"
  if [[ $name == ivr-* ]]; then
    [[ -s $LOGS/create-line.json ]] || create_line "$port"
    # Should the rules not be in yet, an instance answers with the fallback number (for 2 s at most): ask again.
    for attempt in 1 2 3 4 5; do
      dialled=$(check_twiml "$name" "$port") || break
      [[ $dialled == person ]] && break
      sleep 1
    done
    if [[ $dialled != person ]]; then
      say "$name does not answer a signed call by dialling the line's person; no load for it (log: $LOGS/$name.log)"
      echo "{\"name\":\"$name.$round\",\"failure\":\"no TwiML dialling the line's person before the load\"}" >"$RAW/load-$name.$round.json"
      stop_pid "$pid"
      return 1
    fi
  fi
  load "$name.$round" "$port" "$pid"
  stop_pid "$pid"
}
# LOAD_ROUNDS rounds of the floor and Ivr one after the other, the order swapped every round: one run's ratio moves
# with what the rest of the host does at the time, so the report takes the median of the rounds' ratios.
load_pair() { # <floor build> <ivr build>
  local floor=$1 ivr=$2 round
  [[ -n ${CMD[$floor]} && -n ${CMD[$ivr]} ]] || return 0
  for ((round = 1; round <= LOAD_ROUNDS; round++)); do
    # A new, empty Azurite every round: an instance that meets calls already stored reads their rows before writing,
    # which would make later rounds measure that as well.
    stop_pid "$AZURITE_PID"
    start_storage
    rm -f "$LOGS/create-line.json"
    if ((round % 2)); then
      load_once "$floor" "$round" && load_once "$ivr" "$round" || return 0
    else
      load_once "$ivr" "$round" && load_once "$floor" "$round" || return 0
    fi
  done
}
load_pair floor-r2r ivr-r2r
load_pair floor-aot ivr-aot

# --- webhook latency against storage latency -------------------------------------------------------------
# Ivr ReadyToRun twice at the same steady rate, once straight to Azurite and once through bench/slow-storage.mjs,
# which holds every storage request back STORAGE_DELAY_MS. Every call is new (warm-up and measurement each get their
# own signed pool, split between wrk's threads), so the writer has records to write all through the measurement.
STORAGE_DELAY_MS=${BENCH_STORAGE_DELAY_MS:-200}
STEADY_DELAY_MS=${BENCH_STEADY_DELAY_MS:-10}
steady_pool() { # <seconds> <file> : enough distinct calls for that long at the steady rate, with room to spare
  node bench/sign-requests.mjs --token "$AUTH_TOKEN" --base-url "$PUBLIC_BASE_URL" --line "$LINE" \
    --count $((CONNECTIONS * $1 * 1000 / STEADY_DELAY_MS * 3 / 2 + 1000)) --out "$2"
}
steady_pool "$WARMUP" "$RAW/requests-steady-warmup.tsv"
steady_pool "$DURATION" "$RAW/requests-steady.tsv"
steady_wrk() { # <seconds> <port> <pool> <output>
  BENCH_POOL=$3 BENCH_DELAY_MS=$STEADY_DELAY_MS BENCH_SPLIT=$THREADS \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1"s --latency -s bench/wrk-signed.lua "http://127.0.0.1:$2" >"$4" 2>&1
}
health() { curl -s --max-time 5 "http://127.0.0.1:$1/api/health" || echo '{}'; }
storage_latency() { # <name> <table endpoint port> <its added delay ms> : one steady run of Ivr ReadyToRun against that storage endpoint
  local name=$1 port pid json drained=0 after i
  port=$(free_port)
  local -a saved=("${SETTINGS[@]}")
  SETTINGS+=(Storage__ConnectionString="$(azurite_cs "$2")")
  start_server ivr-r2r pid "$port"
  SETTINGS=("${saved[@]}")
  # Its own name for the answer kept: the report reads the load step's (twiml-ivr-r2r.xml) to say whom the load dialled.
  check_twiml "ivr-r2r-$name" "$port" >/dev/null || { say "$name: no dialling TwiML; skipped"; stop_pid "$pid"; return 0; }
  say "storage latency: $name (${WARMUP} s warm-up, ${DURATION} s measured, ${STEADY_DELAY_MS} ms between calls per connection)"
  steady_wrk "$WARMUP" "$port" "$RAW/requests-steady-warmup.tsv" "$LOGS/wrk-$name-warmup.txt"
  busy=$(wait_quiet)
  steady_wrk "$DURATION" "$port" "$RAW/requests-steady.tsv" "$LOGS/wrk-$name.txt" || die "wrk failed against $name"
  json=$(sed -n 's/^BENCH //p' "$LOGS/wrk-$name.txt")
  [[ -n $json ]] || die "no figures from wrk against $name; see $LOGS/wrk-$name.txt"
  local at_end
  at_end=$(health "$port")
  # How long the writer takes to catch up once the calls stop: everything queued must reach storage.
  local t0=$EPOCHREALTIME
  for ((i = 0; i < 600; i++)); do
    after=$(health "$port")
    [[ $after == *'"queuedUpdates":0,'*'"pendingCalls":0,'* ]] && { drained=1; break; }
    sleep 0.1
  done
  printf '%s,"name":"%s","storageDelayMs":%s,"healthAtEnd":%s,"healthAfter":%s,"drained":%s,"drainSeconds":%s,"othersBusyPercent":%s}\n' \
    "${json%\}}" "$name" "$3" "$at_end" "$after" "$drained" "$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')" "$busy" \
    >"$RAW/storage-$name.json"
  stop_pid "$pid"
}
if [[ -n ${CMD[ivr-r2r]} ]]; then
  storage_latency direct "$AZURITE_PORT" 0
  slow_port=$(free_port)
  start_bg slow_pid "$LOGS/slow-storage.log" . node bench/slow-storage.mjs --target-port "$AZURITE_PORT" --delay-ms "$STORAGE_DELAY_MS" --port "$slow_port"
  wait_port "$slow_port" "$slow_pid" "the slow storage relay"
  storage_latency slow "$slow_port" "$STORAGE_DELAY_MS"
  stop_pid "$slow_pid"
  echo "{\"relayed\":$(sed -n 's/^relayed //p' "$LOGS/slow-storage.log" | tail -n 1 | grep . || echo null),\"delayMs\":$STORAGE_DELAY_MS}" >"$RAW/storage-relay.json"
fi

# --- cold start -------------------------------------------------------------------------------------------
# Ivr reads the line from Azurite at each start; every run is a new process on a new port.
# The JIT floor too: the issue's reference point for a build without precompiled code.
# One start of each build per round, the builds taking turns (the order rotating every round): a start's time moves
# with what the rest of the host does, so ten starts of one build in a row measured that build's moment as much as
# the build (one run's floor took 39 ms, another's 76).
starters=()
for name in floor-aot floor-r2r floor-jit ivr-aot ivr-r2r ivr-jit; do
  [[ -n ${CMD[$name]} ]] && starters+=("$name")
done
say "cold start: ${starters[*]} ($COLDSTART_RUNS rounds, one start each)"
for ((round = 1; round <= COLDSTART_RUNS; round++)); do
  busy=$(wait_quiet)
  for ((k = 0; k < ${#starters[@]}; k++)); do
    name=${starters[(k + round - 1) % ${#starters[@]}]}
    json=$(cold_starts "$name" "$name" 1) || say "$name: cold start failed; see $LOGS/coldstart-$name.log"
    [[ -n $json ]] || json="{\"name\":\"$name\",\"runs\":0,\"medianMs\":null,\"failure\":\"no figures; see $LOGS/coldstart-$name.log\"}"
    printf '%s,"othersBusyPercent":%s}\n' "${json%\}}" "$busy" >"$RAW/coldstart-$name.$round.json"
  done
done

# --- storage writer (bench/Ivr.Benchmarks, when present) ---------------------------------------------------
# Its own Azurite, so the load's hand-off records do not slow it down.
if compgen -G 'bench/Ivr.Benchmarks/*.csproj' >/dev/null; then
  say "storage writer: bench/Ivr.Benchmarks writer"
  port=$(free_port)
  start_azurite writer_azurite "$port" "$LOGS/azurite-writer.log"
  start_bg writer_pid "$LOGS/writer.log" . timeout 900 dotnet run -c Release --project bench/Ivr.Benchmarks -- writer --connection-string "$(azurite_cs "$port")"
  wait "$writer_pid" && status=ok || status=failed
  forget_pid "$writer_pid"
  stop_pid "$writer_azurite"
  # "writer: N events in X s = Y events/s"
  sed -nE 's#^writer: ([0-9]+) events in ([0-9.]+) s = ([0-9.]+) events/s.*#{"events":\1,"seconds":\2,"eventsPerSecond":\3}#p' "$LOGS/writer.log" | tail -n 1 >"$RAW/writer.json"
  [[ -s $RAW/writer.json ]] || echo "{\"failure\":\"dotnet run $status, no 'writer: ... events/s' line; see $LOGS/writer.log\"}" >"$RAW/writer.json"
else
  echo '{"absent":true}' >"$RAW/writer.json"
fi

# --- report -----------------------------------------------------------------------------------------------
cat >"$RAW/meta.json" <<EOF
{"quick":$quick,"warmupSeconds":$WARMUP,"durationSeconds":$DURATION,"connections":$CONNECTIONS,"threads":$THREADS,
 "loadRounds":$LOAD_ROUNDS,"coldStartRuns":$COLDSTART_RUNS,"poolSize":$POOL_SIZE,"cores":$(nproc),"commit":"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$([[ -n $(git status --porcelain 2>/dev/null) ]] && echo +changes)",
 "dotnet":"$(dotnet --version)","line":"$LINE","person":"$PERSON","fallback":"$FALLBACK","date":"$(date -u +%Y-%m-%dT%H:%M:%SZ)","wrk":"$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f2)"}
EOF
node bench/report.mjs "$RAW" "$OUT/results.md" "$OUT/results.json"
