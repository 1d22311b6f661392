#!/usr/bin/env bash
# Runs the reliability scenarios (tests/Ivr.Tests/Reliability) against a real Ivr process and a real Azurite on
# loopback, then prints their figures as a markdown table. By default at CI size (seconds each; they also run in
# scripts/test.sh --all); --full runs them at the sizes in docs/reliability.md (storage down 60 s under 200 calls/s, ...).
# Usage: bash scripts/reliability.sh [--full] [--filter <expression>] [extra dotnet test arguments]
#   --filter narrows the scenarios, e.g. --filter FullyQualifiedName~QueueUnderLoad.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scale=ci
filter="FullyQualifiedName~Ivr.Tests.Reliability"
passed_on=()
while (($#)); do
  case $1 in
    --full) scale=full ;;
    --filter) filter="$filter&(${2:?--filter needs a value})"; shift ;;
    --filter=*) filter="$filter&(${1#--filter=})" ;;
    *) passed_on+=("$1") ;;
  esac
  shift
done

command -v node >/dev/null || { echo "reliability.sh: Node 20+ is required (node not found)" >&2; exit 1; }
command -v dotnet >/dev/null || { echo "reliability.sh: .NET SDK 10 is required (dotnet not found)" >&2; exit 1; }

# npm writes node_modules/.package-lock.json on install; older than the lockfile means stale.
if [[ ! -f node_modules/.package-lock.json || node_modules/.package-lock.json -ot package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

figures=artifacts/reliability
rm -rf "$figures"
mkdir -p "$figures"

dotnet build tests/Ivr.Tests --nologo -v quiet
status=0
start=$SECONDS
IVR_RELIABILITY=$scale dotnet test tests/Ivr.Tests --no-build --nologo --filter "$filter" "${passed_on[@]}" || status=$?
echo "reliability.sh: $scale scenarios ran in $((SECONDS - start)) s (exit $status); figures in $figures/"
echo

node - "$figures" <<'JS'
const fs = require('fs'), path = require('path');
const dir = process.argv[2];
const rows = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort()
  .map(f => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
const v = x => (x === undefined || x === null ? '' : String(x));
const cols = [
  ['scenario', r => r.scenario], ['scale', r => r.scale], ['calls', r => r.calls], ['calls/s', r => r.callsPerSecond],
  ['requests', r => r.requests], ['incoming p50 ms', r => r.incomingP50Ms], ['p99 ms', r => r.incomingP99Ms],
  ['max ms', r => r.incomingMaxMs], ['valid TwiML %', r => r.validTwimlPercent], ['records expected', r => r.recordsExpected],
  ['found', r => r.recordsFound], ['duplicates', r => r.duplicates], ['lost updates', r => r.lostUpdates],
  ['recovery s', r => r.recoverySeconds], ['duration s', r => r.durationSeconds],
];
console.log('| ' + cols.map(c => c[0]).join(' | ') + ' |');
console.log('|' + cols.map(() => '---').join('|') + '|');
for (const r of rows) console.log('| ' + cols.map(c => v(c[1](r))).join(' | ') + ' |');
console.log();
const queues = rows.filter(r => r.queued !== undefined);
if (queues.length > 0) {
  const s = ms => (ms === undefined || ms === null ? undefined : (ms / 1000).toFixed(1));
  const qcols = [
    ['scenario', r => r.scenario], ['scale', r => r.scale], ['callers', r => r.calls], ['queued', r => r.queued],
    ['bridged from queue', r => r.bridgedFromQueue], ['max queue wait s', r => s(r.maxQueueWaitMs)], ['offers', r => r.offers],
    ['dispatch p50 ms', r => r.dispatchP50Ms], ['p99 ms', r => r.dispatchP99Ms], ['samples', r => r.dispatchSamples],
    ['longest free while waiting ms', r => r.longestFreeWhileWaitingMs],
  ];
  console.log('| ' + qcols.map(c => c[0]).join(' | ') + ' |');
  console.log('|' + qcols.map(() => '---').join('|') + '|');
  for (const r of queues) console.log('| ' + qcols.map(c => v(c[1](r))).join(' | ') + ' |');
  console.log();
}
for (const r of rows) console.log(`- **${r.scenario}**: ${r.notes ?? ''}`);
JS
exit "$status"
