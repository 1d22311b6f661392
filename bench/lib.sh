#!/usr/bin/env bash
# What bench/run.sh and bench/compare.sh share: the processes they start (and stop, only those), waiting for a quiet
# machine, Azurite with the settings Ivr reads (docs/configuration.md), the signed request pool, and one load run.
# Sourced, not run. The sourcing script sets LOGS and RAW (folders), WARMUP and DURATION (seconds), CONNECTIONS,
# THREADS, QUIET_WAIT, POOL_SIZE, and CMD (an associative array: build name -> the command that starts it).

LINE=+31201234567 PERSON=+31612345678 FALLBACK=+15005550006
# Signatures cover Twilio__PublicBaseUrl + path, so a fixed public URL keeps the signed pool valid on any port.
PUBLIC_BASE_URL=https://ivr.bench.example

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

# --- processes we start, and only those, are stopped on exit ---------------------------------------------
PIDS=()
stop_pid() { # <pid> : SIGTERM (Ivr writes what it holds on the way out), SIGKILL after 15 s
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 75; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}
forget_pid() { # <pid> : it has exited and been waited for
  local kept=() p
  for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || kept+=("$p"); done
  PIDS=("${kept[@]+"${kept[@]}"}")
}
cleanup() {
  trap - EXIT INT TERM
  local i
  # Newest first: servers before the Azurite they write to.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_bg() { # <variable for the pid> <log file> <working directory> <command...> : $! is the command itself (exec)
  local var=$1 log=$2 dir=$3
  shift 3
  (cd "$dir" && exec "$@") >"$log" 2>&1 &
  printf -v "$var" %s "$!"
  PIDS+=("$!")
}

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
listening() { (: </dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
wait_port() { # <port> <pid> <what> : until something accepts connections on the port
  local i
  for ((i = 0; i < 300; i++)); do
    listening "$1" && return 0
    kill -0 "$2" 2>/dev/null || die "$3 exited during startup; see $LOGS"
    sleep 0.1
  done
  die "$3 did not listen on port $1 within 30 s; see $LOGS"
}
# How much of the machine (% of all cores) processes other than ours used over one second: others' builds
# here would skew every figure, so each measurement waits (up to BENCH_QUIET_WAIT s) for a quiet machine.
others_busy() {
  local pid mine=0
  read -r _ a1 a2 a3 a4 a5 a6 a7 a8 _ </proc/stat
  for pid in "${PIDS[@]}"; do mine=$((mine - $(cpu_ticks "$pid"))); done
  sleep 1
  read -r _ b1 b2 b3 b4 b5 b6 b7 b8 _ </proc/stat
  for pid in "${PIDS[@]}"; do mine=$((mine + $(cpu_ticks "$pid"))); done
  local busy=$((b1 + b2 + b3 + b6 + b7 + b8 - a1 - a2 - a3 - a6 - a7 - a8)) idle=$((b4 + b5 - a4 - a5))
  busy=$((busy - mine > 0 ? busy - mine : 0))
  echo $((busy * 100 / (busy + mine + idle + 1)))
}
wait_quiet() { # prints the share of the machine others used just before the measurement
  local busy waited=0
  busy=$(others_busy)
  while ((busy > 20 && waited < QUIET_WAIT)); do
    ((waited == 0)) && say "waiting up to ${QUIET_WAIT} s for other processes to leave the CPU (they use ${busy} %)"
    sleep 4
    waited=$((waited + 5))
    busy=$(others_busy)
  done
  echo "$busy"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # utime + stime
HZ=$(getconf CLK_TCK)

# --- tools ------------------------------------------------------------------------------------------------
command -v node >/dev/null || die "Node 20+ is required (node not found)"
command -v dotnet >/dev/null || die ".NET SDK 10 is required (dotnet not found)"
if ! command -v wrk >/dev/null; then
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || die "wrk is required: apt-get install wrk"
  say "installing wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi
# npm writes node_modules/.package-lock.json on install; older than the lockfile means stale.
if [[ ! -f node_modules/.package-lock.json || node_modules/.package-lock.json -ot package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

# Each runs in its own publish folder, as the Functions host runs the handler in the small app folder: from the
# repo root, the configuration file watcher (appsettings.json, reloadOnChange) would first walk node_modules.
run_dir() { dirname "${CMD[$1]##* }"; }

published_builds() { # <usage> <default rounds> [--rounds N] NAME=PUBLISH_FOLDER... : sets ROUNDS, and fills CMD
  # (name -> the folder's Ivr, or its Floor when FLOORS_TOO is set) and NAMES (in the order given); prints the usage
  # and exits 2 on anything else
  local usage=$1 build name folder builds=()
  ROUNDS=$2
  shift 2
  while (($#)); do
    case $1 in
      --rounds) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "$usage" >&2; exit 2; }; ROUNDS=$2; shift 2 ;;
      *=*) builds+=("$1"); shift ;;
      *) echo "$usage" >&2; exit 2 ;;
    esac
  done
  ((${#builds[@]} >= 2)) || { echo "$usage" >&2; exit 2; }
  for build in "${builds[@]}"; do
    name=${build%%=*} folder=${build#*=}
    [[ $name =~ ^[A-Za-z0-9_.-]+$ ]] || die "build name '$name': use letters, digits, '.', '_' or '-'"
    [[ -z ${CMD[$name]:-} ]] || die "build name '$name' given twice"
    if [[ -x $folder/Ivr ]]; then
      CMD[$name]=$(cd "$folder" && pwd)/Ivr
    elif [[ -n ${FLOORS_TOO:-} && -x $folder/Floor ]]; then
      CMD[$name]=$(cd "$folder" && pwd)/Floor
    else
      die "$name: no published Ivr at $folder/Ivr${FLOORS_TOO:+ (nor a Floor)}"
    fi
    NAMES+=("$name")
  done
}

# Cold starts of one build by bench/coldstart.mjs: prints its JSON, appends its log to LOGS/coldstart-<figures' name>.log.
# Ivr is timed until a call rings the line's person; a floor (bench/Floor) until its first dialling answer.
cold_starts() { # <build> <name in the figures> <starts>
  local -a cmd chase=()
  read -r -a cmd <<<"${CMD[$1]}"
  [[ ${cmd[-1]} == */Floor ]] || chase=(--expect-person)
  env "${SETTINGS[@]}" node bench/coldstart.mjs --name "$2" --pool "$POOL" --person "$PERSON" --fallback "$FALLBACK" \
    --runs "$3" --cwd "$(run_dir "$1")" "${chase[@]}" -- "${cmd[@]}" 2>>"$LOGS/coldstart-$2.log"
}

# --- storage and settings ---------------------------------------------------------------------------------
rand_hex() { node -e "process.stdout.write(require('crypto').randomBytes($1).toString('hex'))"; }
AUTH_TOKEN=$(rand_hex 16) ADMIN_KEY=$(rand_hex 24)
start_azurite() { # <pid variable> <port> <log>
  start_bg "$1" "$3" . node node_modules/azurite/dist/src/table/main.js --tableHost 127.0.0.1 --tablePort "$2" \
    --inMemoryPersistence --disableTelemetry --skipApiVersionCheck
  wait_port "$2" "${!1}" Azurite
}
azurite_cs() { echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$1/devstoreaccount1;"; }
start_storage() { # starts an empty Azurite (AZURITE_PORT, AZURITE_PID) and sets SETTINGS, Ivr's settings for it
  AZURITE_PORT=$(free_port)
  start_azurite AZURITE_PID "$AZURITE_PORT" "$LOGS/azurite.log"

  # Ivr's configuration contract (docs/configuration.md): what the Functions host and app settings would give it.
  # Logging at Warning so that writing logs does not dominate the load.
  SETTINGS=(
    ASPNETCORE_ENVIRONMENT=Production
    Twilio__AuthToken="$AUTH_TOKEN"
    Twilio__PublicBaseUrl="$PUBLIC_BASE_URL"
    Storage__ConnectionString="$(azurite_cs "$AZURITE_PORT")"
    Ivr__FallbackNumber="$FALLBACK"
    Privacy__CallerHashKey="$(rand_hex 32)"
    Admin__ApiKeys__0="$ADMIN_KEY"
    Analytics__ApiKeys__0="$(rand_hex 24)"
    RateLimits__AdminPerMinute=100000
    Logging__LogLevel__Default=Warning
  )
}

sign_pool() { # signs POOL_SIZE incoming calls to the line (POOL; FIRST_SIGNATURE and FIRST_BODY are the first)
  POOL=$RAW/requests.tsv
  node bench/sign-requests.mjs --token "$AUTH_TOKEN" --base-url "$PUBLIC_BASE_URL" --line "$LINE" --count "$POOL_SIZE" --out "$POOL"
  IFS=$'\t' read -r FIRST_SIGNATURE FIRST_BODY <"$POOL"
}

start_server() { # <name> <pid variable> <port> : starts a build with the settings, waits until it listens
  local -a cmd
  read -r -a cmd <<<"${CMD[$1]}"
  start_bg "$2" "$LOGS/$1.log" "$(run_dir "$1")" env "${SETTINGS[@]}" FUNCTIONS_CUSTOMHANDLER_PORT="$3" "${cmd[@]}"
  wait_port "$3" "${!2}" "$1"
}

# One signed incoming call by curl: the answer must be TwiML that dials; saved for the report.
check_twiml() { # <name> <port> : prints person|fallback|other, fails on anything but a dialling 200
  local status body=$RAW/twiml-$1.xml
  status=$(curl -s -o "$body" -w '%{http_code}' --max-time 10 -X POST "http://127.0.0.1:$2/api/voice/incoming" \
    -H 'Content-Type: application/x-www-form-urlencoded' -H "X-Twilio-Signature: $FIRST_SIGNATURE" --data-raw "$FIRST_BODY") || true
  [[ $status == 200 ]] && grep -q '<Dial' "$body" || { say "$1 answered $status: $(head -c 300 "$body")"; return 1; }
  if grep -q "$PERSON" "$body"; then echo person; elif grep -q "$FALLBACK" "$body"; then echo fallback; else echo other; fi
}

# The line every call in the pool rings: always open, one person, with a queue (docs/admin-api.md), so every call
# also checks who is free and whether callers wait. Nobody answers under load, so the person stays free and rings.
create_line() { # <port>
  local status
  status=$(curl -s -o "$LOGS/create-line.json" -w '%{http_code}' --max-time 10 -X PUT \
    "http://127.0.0.1:$1/api/admin/lines/%2B${LINE#+}" -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
    --data-raw "{\"name\":\"Bench Support\",\"timeZone\":\"Europe/Amsterdam\",\"ringGroups\":[{\"name\":\"Support\",\"members\":[\"$PERSON\"]}],\"queue\":{\"enabled\":true}}")
  [[ $status == 201 || $status == 200 ]] || die "creating the line answered $status: $(cat "$LOGS/create-line.json")"
}

# --- load -------------------------------------------------------------------------------------------------
wrk_run() { # <seconds> <port> <output>
  BENCH_POOL=$POOL wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1"s --latency -s bench/wrk-signed.lua "http://127.0.0.1:$2" >"$3" 2>&1
}
load() { # <name> <port> <server pid> : warm-up, then the measured run while sampling the server's memory and CPU
  local name=$1 port=$2 pid=$3 busy wrk_pid peak=0 rss hwm json
  say "load: $name (${WARMUP} s warm-up, ${DURATION} s measured, $CONNECTIONS connections)"
  wrk_run "$WARMUP" "$port" "$LOGS/wrk-$name-warmup.txt"
  busy=$(wait_quiet)
  local t0=$EPOCHREALTIME server0 azurite0
  server0=$(cpu_ticks "$pid") azurite0=$(cpu_ticks "$AZURITE_PID")
  wrk_run "$DURATION" "$port" "$LOGS/wrk-$name.txt" &
  wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null) || die "$name exited under load; see $LOGS/$name.log"
    ((rss > peak)) && peak=$rss
    sleep 0.2
  done
  wait "$wrk_pid" || die "wrk failed against $name; see $LOGS/wrk-$name.txt"
  kill -0 "$pid" 2>/dev/null || die "$name exited under load; see $LOGS/$name.log"
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  # Of the resident set at the end: private memory (GC heap, JIT code) and mapped files (the binaries' pages).
  local anon file
  anon=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status") file=$(awk '/^RssFile/ {print $2}' "/proc/$pid/status")
  json=$(sed -n 's/^BENCH //p' "$LOGS/wrk-$name.txt")
  [[ -n $json ]] || die "no figures from wrk against $name; see $LOGS/wrk-$name.txt"
  local elapsed server azurite
  elapsed=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {print b - a}')
  server=$(awk -v t=$(($(cpu_ticks "$pid") - server0)) -v e="$elapsed" -v hz="$HZ" 'BEGIN {printf "%.0f", t * 100 / hz / e}')
  azurite=$(awk -v t=$(($(cpu_ticks "$AZURITE_PID") - azurite0)) -v e="$elapsed" -v hz="$HZ" 'BEGIN {printf "%.0f", t * 100 / hz / e}')
  printf '%s,"name":"%s","peakRssKb":%s,"hwmKb":%s,"rssAnonKb":%s,"rssFileKb":%s,"serverCpuPercent":%s,"azuriteCpuPercent":%s,"othersBusyPercent":%s}\n' \
    "${json%\}}" "$name" "$peak" "$hwm" "$anon" "$file" "$server" "$azurite" "$busy" >"$RAW/load-$name.json"
  grep -E 'Requests/sec|Non-2xx|Socket errors' "$LOGS/wrk-$name.txt" | sed 's/^/    /' >&2 || true
}
