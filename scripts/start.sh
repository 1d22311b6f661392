#!/usr/bin/env bash
# Start Ivr locally: Azurite (Table Storage) + the Ivr custom handler, with a demo line.
# Usage: bash scripts/start.sh        (env overrides: AZURITE_PORT, IVR_PORT)
# Stays in the foreground streaming the app's output; Ctrl-C stops everything.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
LOCAL=.local
DEMO_LINE=+31201234567
AZURITE_PID='' IVR_PID='' STANDIN_PID=''

die() { echo "start.sh: $*" >&2; exit 1; }
command -v node >/dev/null || die "Node 20+ is required (node not found)"
command -v dotnet >/dev/null || die ".NET SDK 10 is required (dotnet not found)"

# Stop whatever we started, by PID, and drop ivr.env so the simulator can't target a dead Ivr.
cleanup() {
  trap - EXIT INT TERM
  rm -f "$LOCAL/ivr.env"
  # Ivr first, and Azurite only once Ivr is gone: Ivr writes its pending hand-off updates on the way out
  # (up to 10 s), which needs storage still running. Azurite saves its data to disk only when stopped with
  # SIGINT (SIGTERM would drop the last seconds of writes). Our children stay unreaped until `wait`, so their
  # PIDs cannot have been reused by anyone else.
  stop "$IVR_PID" TERM 75
  stop "$STANDIN_PID" TERM 25
  stop "$AZURITE_PID" INT 50
}
stop() { # <pid or empty> <signal> <tries of 0.2 s before SIGKILL>
  local i
  [[ -n $1 ]] || return 0
  kill -"$2" "$1" 2>/dev/null || true
  for ((i = 0; i < $3; i++)); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# npm writes node_modules/.package-lock.json on install; older than the lockfile = stale.
if [[ ! -f node_modules/.package-lock.json || node_modules/.package-lock.json -ot package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

# Secrets are random per machine, created once and reused (so stored caller hashes stay comparable).
mkdir -p "$LOCAL"
if [[ ! -f $LOCAL/secrets.env ]]; then
  rand() { node -e "process.stdout.write(require('crypto').randomBytes($1).toString('hex'))"; }
  (umask 077; printf 'TWILIO_AUTH_TOKEN=%s\nCALLER_HASH_KEY=%s\n' "$(rand 16)" "$(rand 32)" > "$LOCAL/secrets.env")
fi
# Keys added by later versions are appended to an existing secrets file. CALLBACK_KEY is an AES-256 key, so it is the
# base64 of exactly 32 bytes (Ivr refuses anything else); the others are hex.
for name in ADMIN_API_KEY ANALYST_API_KEY CALLBACK_KEY; do
  if ! grep -q "^$name=" "$LOCAL/secrets.env"; then
    encoding=hex; [[ $name == CALLBACK_KEY ]] && encoding=base64
    (umask 077; printf '%s=%s\n' "$name" "$(node -e "process.stdout.write(require('crypto').randomBytes(32).toString('$encoding'))")" >> "$LOCAL/secrets.env")
  fi
done
# shellcheck source=/dev/null
source "$LOCAL/secrets.env"

# Build before starting anything, so a compile error leaves nothing running.
dotnet build functions/Ivr/Ivr.csproj -c Debug --nologo -v q
APP_DLL=functions/Ivr/bin/Debug/net10.0/Ivr.dll
[[ -f $APP_DLL ]] || die "build succeeded but $APP_DLL is missing (did the output path change?)"

in_use() { (: </dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
# An explicit port must be free; a default one moves up to the next free port.
pick_port() { # <env value or empty> <default> <name>
  local port=${1:-$2}
  if [[ -n $1 ]]; then in_use "$port" && die "$3=$port is already in use"; echo "$port"; return; fi
  while in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}
AZURITE_PORT=$(pick_port "${AZURITE_PORT:-}" 10002 AZURITE_PORT)
IVR_PORT=$(pick_port "${IVR_PORT:-}" 7071 IVR_PORT)
IVR_URL=http://127.0.0.1:$IVR_PORT
STANDIN_PORT=$(pick_port "${STANDIN_PORT:-}" 10100 STANDIN_PORT)
STANDIN_URL=http://127.0.0.1:$STANDIN_PORT
ACCOUNT_SID=AC$(node -e "process.stdout.write(require('crypto').randomBytes(16).toString('hex'))")
# Azurite's fixed, publicly documented development account key (not a secret).
STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1;"

# Run Azurite's entry point with node itself (not npx) so $! is the server, not a wrapper; in its own session,
# so Ctrl-C reaches Ivr but not Azurite, which cleanup stops after Ivr has written what it holds.
setsid node node_modules/azurite/dist/src/table/main.js --tableHost 127.0.0.1 --tablePort "$AZURITE_PORT" \
  --location "$LOCAL/azurite" --disableTelemetry --skipApiVersionCheck --loose >"$LOCAL/azurite.log" 2>&1 &
AZURITE_PID=$!
for ((i = 0; ; i++)); do
  in_use "$AZURITE_PORT" && break
  kill -0 "$AZURITE_PID" 2>/dev/null || die "Azurite exited during startup; see $LOCAL/azurite.log"
  ((i < 100)) || die "Azurite did not listen on port $AZURITE_PORT within 20 s; see $LOCAL/azurite.log"
  sleep 0.2
done

# The app's configuration contract ('__' separates configuration sections).
# A stand-in for Twilio's REST API, so the demo line's queue can call its free person (tools/twilio-standin.mjs).
node tools/twilio-standin.mjs --port "$STANDIN_PORT" --url "$IVR_URL" --token "$TWILIO_AUTH_TOKEN" --account "$ACCOUNT_SID" \
  >"$LOCAL/twilio-standin.log" 2>&1 &
STANDIN_PID=$!

FUNCTIONS_CUSTOMHANDLER_PORT=$IVR_PORT \
ASPNETCORE_ENVIRONMENT=Development \
Twilio__AuthToken=$TWILIO_AUTH_TOKEN \
Twilio__PublicBaseUrl=$IVR_URL \
Twilio__AccountSid=$ACCOUNT_SID \
Twilio__ApiBaseUrl=$STANDIN_URL \
Storage__ConnectionString=$STORAGE_CONNECTION_STRING \
Ivr__FallbackNumber=+15005550006 \
Privacy__CallerHashKey=$CALLER_HASH_KEY \
Privacy__CallbackKey=$CALLBACK_KEY \
Admin__ApiKeys__0=$ADMIN_API_KEY \
Analytics__ApiKeys__0=$ANALYST_API_KEY \
Analytics__RunTimersInProcess=true \
  dotnet "$APP_DLL" &
IVR_PID=$!

# Any HTTP answer (even 404) means the app is serving.
answers() { node -e "fetch(process.argv[1],{signal:AbortSignal.timeout(1000)}).then(()=>process.exit(0),()=>process.exit(1))" "$1/"; }
for ((i = 0; ; i++)); do
  answers "$IVR_URL" && break
  kill -0 "$IVR_PID" 2>/dev/null || die "Ivr exited during startup; see its output above"
  ((i < 120)) || die "Ivr did not answer on $IVR_URL within 60 s; see its output above"
  sleep 0.5
done

# The demo line is created through the admin API, as an admin would; an existing one (428: it needs If-Match) is kept.
node -e '
  const [url, key, line, file] = process.argv.slice(1);
  fetch(`${url}/api/admin/lines/${encodeURIComponent(line)}`, {
    method: "PUT", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: require("fs").readFileSync(file, "utf8"),
  }).then(async r => {
    if (r.status === 201 || r.status === 428) process.exit(0);
    console.error(`creating the demo line failed: ${r.status} ${await r.text()}`); process.exit(1);
  }, e => { console.error(e.message); process.exit(1); });
' "$IVR_URL" "$ADMIN_API_KEY" "$DEMO_LINE" tools/demo-line.json || die "could not create the demo line"

# Single-quoted so the file is safe to `source` and trivial for tools/simulate-call.mjs to parse;
# owner-only because it holds the auth token.
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
umask 077
{
  echo "IVR_URL=$(q "$IVR_URL")"
  echo "TWILIO_AUTH_TOKEN=$(q "$TWILIO_AUTH_TOKEN")"
  echo "ADMIN_API_KEY=$(q "$ADMIN_API_KEY")"
  echo "ANALYST_API_KEY=$(q "$ANALYST_API_KEY")"
  echo "STORAGE_CONNECTION_STRING=$(q "$STORAGE_CONNECTION_STRING")"
  echo "DEMO_LINE=$(q "$DEMO_LINE")"
  echo "TWILIO_STANDIN_URL=$(q "$STANDIN_URL")"
  echo "AZURITE_PID=$AZURITE_PID"
  echo "IVR_PID=$IVR_PID"
} >"$LOCAL/ivr.env"

cat <<EOF

  Ivr listens on   $IVR_URL   (Azurite tables on 127.0.0.1:$AZURITE_PORT)
  Admin console    $IVR_URL/admin   (sign in with ADMIN_API_KEY: in .local/secrets.env and .local/ivr.env)
  Demo line        $DEMO_LINE  "Demo Support" -> +31612345678, then its queue
  Try next         node tools/simulate-call.mjs   (or --abandon / --no-answer)
  The queue        node tools/simulate-call.mjs --hold   keeps the demo person busy until you press Enter;
                   meanwhile, in another terminal, node tools/simulate-call.mjs   waits in the queue and is
                   put through once the first call ends (Twilio's side is played by $STANDIN_URL)
  A callback       the same, with node tools/simulate-call.mjs --callback --from +31611113333   in the other
                   terminal: it presses 1, hangs up, and is called back and connected once the first call ends
  Admin API        curl -H "Authorization: Bearer \$ADMIN_API_KEY" $IVR_URL/api/admin/lines
                   (source .local/ivr.env for the keys; the OpenAPI document is at $IVR_URL/openapi/v1.json)
  Dashboard        $IVR_URL/dashboard   (sign in with ANALYST_API_KEY from .local/ivr.env)
  Analytics API    curl -H "Authorization: Bearer \$ANALYST_API_KEY" "$IVR_URL/api/analytics/summary?line=%2B31201234567"
  Ctrl-C stops both.

EOF

# Block until either process exits; wait returns early on Ctrl-C/SIGTERM so the traps run.
status=0
wait -n "$AZURITE_PID" "$IVR_PID" "$STANDIN_PID" || status=$?
if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
  die "Azurite stopped (exit $status); see $LOCAL/azurite.log"
fi
if ! kill -0 "$STANDIN_PID" 2>/dev/null; then
  die "the Twilio stand-in stopped (exit $status); see $LOCAL/twilio-standin.log"
fi
die "Ivr stopped (exit $status); see its output above"
