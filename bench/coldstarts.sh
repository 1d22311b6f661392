#!/usr/bin/env bash
# Which of two or more builds of Ivr starts sooner, on this noisy machine: cold starts only, one start of each build
# per round, in an order that rotates every round, against one Azurite holding the benchmark line. A single start
# moves by ±15 ms from one to the next, so a few milliseconds between builds take many rounds to see: the report
# compares every build with the first round by round, and in blocks of ten rounds (medians), and a change counts
# when every block, or all but one, agrees on its sign (docs/performance.md).
# A folder may hold a published floor (bench/Floor) instead: put it first, and every build is compared with the floor,
# which is how the cold start goal is set (docs/performance.md). Ivr is timed until a call rings the line's person,
# the floor until its first dialling answer.
# Results in artifacts/bench/coldstarts/<UTC time>/results.md, with the raw figures and logs beside it.
#
# Usage: bash bench/coldstarts.sh [--rounds N] NAME=PUBLISH_FOLDER NAME=PUBLISH_FOLDER [...]   (60 rounds by default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

POOL_SIZE=50 QUIET_WAIT=${BENCH_QUIET_WAIT:-30}
OUT=artifacts/bench/coldstarts/$(date -u +%Y%m%dT%H%M%SZ) RAW=$OUT/raw LOGS=$OUT/logs
# shellcheck source=bench/lib.sh
source bench/lib.sh
declare -A CMD=()
NAMES=()
FLOORS_TOO=1 published_builds "usage: bash bench/coldstarts.sh [--rounds N] NAME=PUBLISH_FOLDER NAME=PUBLISH_FOLDER [...]" 60 "$@"
mkdir -p "$RAW" "$LOGS"
ivr= # the line is created through the first build of Ivr
for name in "${NAMES[@]}"; do [[ ${CMD[$name]} == */Ivr ]] && { ivr=$name; break; }; done
[[ -n $ivr ]] || die "no build of Ivr among ${NAMES[*]}"

sign_pool
start_storage
port=$(free_port)
start_server "$ivr" pid "$port"
create_line "$port"
stop_pid "$pid"
for ((round = 1; round <= ROUNDS; round++)); do
  for ((k = 0; k < ${#NAMES[@]}; k++)); do
    name=${NAMES[(k + round - 1) % ${#NAMES[@]}]}
    wait_quiet >/dev/null
    cold_starts "$name" "$name" 1 >"$RAW/coldstart-$name.$round.json" || die "$name: cold start failed; see $LOGS/coldstart-$name.log"
  done
  say "round $round of $ROUNDS done"
done

node bench/coldstarts-report.mjs "$RAW" "$OUT/results.md" "${NAMES[@]}"
