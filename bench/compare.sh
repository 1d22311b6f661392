#!/usr/bin/env bash
# Which of two or more builds of Ivr is faster, on this noisy machine: builds are alternated round after round,
# each serving the signed incoming-call load through wrk and then starting cold a few times, in an order that
# rotates every round so a slow spell of the machine falls on all of them alike. The first build is the baseline;
# every other build is compared with it round by round (a ratio per round, since the machine's speed moves between
# rounds more than between builds within one), and the report gives the median ratio with its lowest and highest.
# Results in artifacts/bench/compare/<UTC time>/results.md, with the raw figures and logs beside it.
#
# Usage: bash bench/compare.sh [--rounds N] NAME=PUBLISH_FOLDER NAME=PUBLISH_FOLDER [...]
#   each folder holds a published Ivr, for example
#   dotnet publish functions/Ivr -c Release -p:PublishProfile=ReadyToRun -o /tmp/ivr-base
# Env overrides: BENCH_WARMUP (4 s), BENCH_DURATION (10 s), BENCH_COLDSTART_RUNS (starts per build and round: 4),
#   BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_POOL_SIZE (2000), BENCH_QUIET_WAIT (60 s)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

WARMUP=${BENCH_WARMUP:-4}
DURATION=${BENCH_DURATION:-10}
COLDSTART_RUNS=${BENCH_COLDSTART_RUNS:-4}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
POOL_SIZE=${BENCH_POOL_SIZE:-2000}
QUIET_WAIT=${BENCH_QUIET_WAIT:-60}
# Each comparison keeps its own folder, so one never overwrites another's figures.
OUT=artifacts/bench/compare/$(date -u +%Y%m%dT%H%M%SZ) RAW=$OUT/raw LOGS=$OUT/logs
# shellcheck source=bench/lib.sh
source bench/lib.sh
declare -A CMD=()
NAMES=()
published_builds "usage: bash bench/compare.sh [--rounds N] NAME=PUBLISH_FOLDER NAME=PUBLISH_FOLDER [...]" 4 "$@"
mkdir -p "$RAW" "$LOGS"

sign_pool
for ((round = 1; round <= ROUNDS; round++)); do
  for ((k = 0; k < ${#NAMES[@]}; k++)); do
    name=${NAMES[(k + round - 1) % ${#NAMES[@]}]}
    say "round $round of $ROUNDS: $name"
    # A new Azurite for every run: one kept for all grows slower with every run's records, and would make the last
    # rounds measure storage rather than the builds.
    start_storage
    port=$(free_port)
    start_server "$name" pid "$port"
    create_line "$port"
    check_twiml "$name" "$port" >/dev/null || die "$name does not answer a signed call with a dial; see $LOGS/$name.log"
    load "$name.$round" "$port" "$pid"
    stop_pid "$pid"

    busy=$(wait_quiet)
    json=$(cold_starts "$name" "$name.$round" "$COLDSTART_RUNS") || die "$name: cold start failed; see $LOGS/coldstart-$name.$round.log"
    printf '%s,"othersBusyPercent":%s}\n' "${json%\}}" "$busy" >"$RAW/coldstart-$name.$round.json"
    stop_pid "$AZURITE_PID"
  done
done

node bench/compare-report.mjs "$RAW" "$OUT/results.md" "${NAMES[@]}"
