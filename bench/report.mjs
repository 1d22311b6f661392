#!/usr/bin/env node
// Turns the raw figures bench/run.sh collected into one markdown report (the goals first, then the details)
// and one JSON file; prints the markdown.
// Usage: node bench/report.mjs <raw dir> <results.md> <results.json>
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [raw, mdFile, jsonFile] = process.argv.slice(2);
const read = (file) => (existsSync(join(raw, file)) ? JSON.parse(readFileSync(join(raw, file), 'utf8')) : null);
const byName = (prefix) => Object.fromEntries(readdirSync(raw)
  .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
  .map((f) => [f.slice(prefix.length, -'.json'.length), read(f)]));

const meta = read('meta.json');
// Loads are named <build>.<round> (bench/run.sh alternates the floor and Ivr for several rounds).
const load = byName('load-');
const buildOf = (name) => name.replace(/\.\d+$/, '');
// One build's figures from <build>.<round> entries, each with its round.
const roundsOf = (entries, build) => Object.entries(entries).filter(([name]) => buildOf(name) === build)
  .map(([name, l]) => ({ round: name.slice(build.length + 1), ...l }));
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round1 = (x) => Math.round(x * 10) / 10;
// One build's cold starts over the rounds, as bench/coldstart.mjs reports a build's starts (one failure fails them all).
function pooled(name, rounds) {
  const done = rounds.filter((r) => !r.failure && r.runs > 0);
  const all = done.flatMap((r) => r.allMs);
  const person = done.map((r) => r.medianPersonMs).filter((x) => x !== null);
  return {
    name, runs: all.length, allMs: all,
    medianMs: all.length ? round1(median(all)) : null, minMs: all.length ? Math.min(...all) : null, maxMs: all.length ? Math.max(...all) : null,
    medianCpuMs: done.length ? round1(median(done.map((r) => r.medianCpuMs))) : null,
    dialled: [...new Set(done.flatMap((r) => r.dialled.split('+')))].join('+') || null,
    fallbackFirst: done.reduce((n, r) => n + r.fallbackFirst, 0),
    medianPersonMs: person.length ? round1(median(person)) : null,
    failure: rounds.find((r) => r.failure)?.failure ?? null,
    othersBusyPercent: Math.max(...rounds.map((r) => r.othersBusyPercent ?? 0)),
  };
}
// Cold starts are named <build>.<round> too: one start of each build per round, the builds taking turns.
const starts = byName('coldstart-');
const cold = Object.fromEntries([...new Set(Object.keys(starts).map(buildOf))]
  .map((build) => [build, pooled(build, roundsOf(starts, build))]));
const writer = read('writer.json');
const storage = { direct: read('storage-direct.json'), slow: read('storage-slow.json'), relay: read('storage-relay.json') };

// Which number the curl check's TwiML (before the load) dialled.
for (const [name, l] of Object.entries(load)) {
  const file = join(raw, `twiml-${buildOf(name)}.xml`);
  if (!existsSync(file)) continue;
  const body = readFileSync(file, 'utf8');
  l.dialled = body.includes(meta.person) ? 'person' : body.includes(meta.fallback) ? 'fallback' : 'other';
}

const LABEL = {
  'floor-jit': 'floor, JIT', 'floor-r2r': 'floor, ReadyToRun', 'floor-aot': 'floor, Native AOT', 'ivr-r2r': 'Ivr, ReadyToRun',
  'ivr-aot': 'Ivr, Native AOT', 'ivr-jit': 'Ivr, plain JIT (framework-dependent)',
};
const ms = (us) => (us / 1000).toFixed(2);
const mib = (kb) => (kb / 1024).toFixed(1);
const int = (n) => Math.round(n).toLocaleString('en-US');
const verdict = (ok) => (ok ? '**met**' : '**not met**');
const dialWords = (d) => ({ person: "the line's person", fallback: 'the fallback number', other: 'another number' }[d] ?? d);
const socketErrors = (l) => l.connectErrors + l.readErrors + l.writeErrors + l.timeouts;
// Server CPU time per request: unlike req/s, hardly moved by other processes competing for the cores.
const cpuUs = (l) => (l.serverCpuPercent > 0 ? (l.serverCpuPercent / 100 / l.requestsPerSecond) * 1e6 : null);
const us = (x) => (x === null ? '–' : x.toFixed(0));

// One build's load figures over its rounds: the medians, and the highest peak of memory.
const overRounds = (loads) => ({
  requestsPerSecond: median(loads.map((l) => l.requestsPerSecond)),
  cpuUs: median(loads.map(cpuUs)),
  p50: median(loads.map((l) => l.latencyUs.p50)),
  p99: median(loads.map((l) => l.latencyUs.p99)),
  peakKb: Math.max(...loads.map((l) => Math.max(l.hwmKb, l.peakRssKb))),
});

const goals = [];
for (const [floorName, ivrName, build] of [['floor-r2r', 'ivr-r2r', 'ReadyToRun'], ['floor-aot', 'ivr-aot', 'Native AOT']]) {
  const floors = roundsOf(load, floorName);
  const ivrs = roundsOf(load, ivrName);
  if (!floors.length || !ivrs.length) continue;
  const failed = ivrs.find((l) => l.failure);
  if (failed) {
    goals.push([`Load, Ivr ${build}`, `failed in round ${failed.round}: ${failed.failure}`, '', '**not met**']);
    continue;
  }
  // Each round's Ivr against the same round's floor; the goal is judged on the median of those ratios.
  const rounds = ivrs.map((ivr) => ({ ivr, floor: floors.find((f) => f.round === ivr.round) })).filter((r) => r.floor)
    .map((r) => ({ ...r, ratio: (100 * r.ivr.requestsPerSecond) / r.floor.requestsPerSecond }));
  const ratio = median(rounds.map((r) => r.ratio));
  const ivr = {
    ...overRounds(ivrs),
    requests: ivrs.reduce((n, l) => n + l.requests, 0),
    non2xx: ivrs.reduce((n, l) => n + l.non2xx, 0),
    socketErrors: ivrs.reduce((n, l) => n + socketErrors(l), 0),
    dialled: ivrs.every((l) => l.dialled === 'person') ? 'person' : ivrs.find((l) => l.dialled !== 'person')?.dialled,
  };
  const floor = overRounds(floors);
  const eachRound = rounds.length > 1 ? `; rounds: ${rounds.map((r) => `${r.ratio.toFixed(0)} %`).join(', ')}` : '';
  goals.push(
    [`Throughput, Ivr ${build} vs ${LABEL[floorName]}`,
      `${int(ivr.requestsPerSecond)} vs ${int(floor.requestsPerSecond)} req/s, **${ratio.toFixed(0)} %** `
        + `(${rounds.length > 1 ? `median of ${rounds.length} alternated rounds` : 'one round'}${eachRound}; `
        + `server CPU per request: Ivr ${us(ivr.cpuUs)} µs, floor ${us(floor.cpuUs)} µs)`, '≥ 60 %', verdict(ratio >= 60)],
    [`Latency at ${meta.connections} connections, Ivr ${build}`,
      `p50 ${ms(ivr.p50)} ms, **p99 ${ms(ivr.p99)} ms** (floor: p50 ${ms(floor.p50)}, p99 ${ms(floor.p99)} ms${rounds.length > 1 ? '; medians of the rounds' : ''})`,
      'p99 < 2 ms', verdict(ivr.p99 < 2000)],
    [`Peak working set under load, Ivr ${build}`,
      `**${mib(ivr.peakKb)} MiB** (VmHWM${rounds.length > 1 ? ', highest round' : ''}; floor ${mib(floor.peakKb)} MiB)`,
      '< 100 MB', verdict(ivr.peakKb < 100 * 1024)],
    [`Failed requests under load, Ivr ${build}`,
      `${int(ivr.non2xx)} non-2xx/3xx, ${int(ivr.socketErrors)} socket errors of ${int(ivr.requests)}; curl check dialled ${dialWords(ivr.dialled)}`,
      '0, dials the person', verdict(ivr.non2xx === 0 && ivr.socketErrors === 0 && ivr.dialled === 'person')],
  );
}
for (const [name, goalMs] of [['ivr-aot', 50], ['ivr-r2r', 200]]) {
  const c = cold[name];
  const label = `Cold start to first TwiML, ${LABEL[name]}`;
  if (!c) { goals.push([label, 'not measured (no build)', `< ${goalMs} ms`, '**not met**']); continue; }
  if (c.failure || c.medianMs === null) { goals.push([label, `failed: ${(c.failure ?? '').split('\n')[0]}`, `< ${goalMs} ms`, '**not met**']); continue; }
  const wrongNumber = c.fallbackFirst > 0;
  // The same machine's floor in the same run: start-up times differ several-fold between machines.
  const floorName = name === 'ivr-aot' ? 'floor-aot' : 'floor-r2r';
  const floor = cold[floorName]?.medianMs ? cold[floorName] : null;
  goals.push([label,
    `median **${c.medianMs} ms** (min ${c.minMs}, max ${c.maxMs}; ${c.runs} runs; ${c.medianCpuMs} ms CPU), first TwiML dialled `
      + (wrongNumber ? `the fallback number in ${c.fallbackFirst} of ${c.runs} runs; the line's person from ${c.medianPersonMs} ms` : "the line's person")
      + (floor ? `; ${LABEL[floorName]}: ${floor.medianMs} ms (Ivr ${(c.medianMs / floor.medianMs).toFixed(1)}×)` : ''),
    `< ${goalMs} ms`, verdict(c.medianMs < goalMs && !wrongNumber) + (wrongNumber && c.medianMs < goalMs ? ' (fast, but not the line\'s person)' : '')]);
  if (name === 'ivr-aot' && floor) {
    const behind = round1(c.medianMs - floor.medianMs);
    goals.push([`Cold start, ${LABEL[name]} behind ${LABEL[floorName]}`,
      `**${behind} ms** (medians of ${c.runs} and ${floor.runs} starts, the builds taking turns)`, 'within 15 ms', verdict(behind <= 15 && !wrongNumber)]);
  }
}
if (writer?.absent) {
  goals.push(['Storage writer throughput', 'not measured (bench/Ivr.Benchmarks absent)', '≥ 5 000 events/s', '–']);
} else if (writer?.eventsPerSecond !== undefined) {
  goals.push(['Storage writer throughput (Azurite)', `**${int(writer.eventsPerSecond)} events/s** (${int(writer.events)} events in ${writer.seconds} s)`,
    '≥ 5 000 events/s', verdict(writer.eventsPerSecond >= 5000)]);
} else {
  goals.push(['Storage writer throughput', `failed: ${writer?.failure ?? 'no figures'}`, '≥ 5 000 events/s', '**not met**']);
}

// The webhook's latency must not follow storage's: the same steady load with and without slow storage.
if (storage.direct && storage.slow) {
  const [d, s] = [storage.direct, storage.slow];
  // A call that waited on storage would take at least the added delay: the slowest must stay below it, and the median
  // must not move beyond run-to-run noise (half a millisecond or a quarter, whichever is larger).
  const delayUs = s.storageDelayMs * 1000;
  const unchanged = s.latencyUs.max < delayUs && s.latencyUs.p50 <= d.latencyUs.p50 + Math.max(500, d.latencyUs.p50 / 4);
  const lost = (x) => x.healthAfter?.droppedUpdates ?? null;
  goals.push([`Webhook latency with storage ${s.storageDelayMs} ms slower, Ivr ReadyToRun, ${int(s.requestsPerSecond)} calls/s`,
    `p50 ${ms(s.latencyUs.p50)} ms, p99 ${ms(s.latencyUs.p99)} ms, **slowest ${ms(s.latencyUs.max)} ms** against p50 ${ms(d.latencyUs.p50)}, `
      + `p99 ${ms(d.latencyUs.p99)}, slowest ${ms(d.latencyUs.max)} ms with storage as it is (same rate, same run); `
      + `${storage.relay?.relayed ?? '?'} storage requests went through the delay; records dropped: ${lost(s) ?? '?'} (direct: ${lost(d) ?? '?'})`,
    `median unchanged, no call near ${s.storageDelayMs} ms`, verdict(unchanged && s.non2xx === 0 && lost(s) === 0)]);
}

const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const loadRows = Object.values(load).filter((l) => !l.failure).map((l) => [
  (LABEL[buildOf(l.name)] ?? buildOf(l.name)) + (l.name === buildOf(l.name) ? '' : `, round ${l.name.slice(buildOf(l.name).length + 1)}`),
  int(l.requestsPerSecond),
  ms(l.latencyUs.p50), ms(l.latencyUs.p90), ms(l.latencyUs.p99), ms(l.latencyUs.p999), ms(l.latencyUs.max), int(l.requests),
  int(l.non2xx), int(socketErrors(l)), mib(l.hwmKb), mib(l.peakRssKb),
  l.rssAnonKb === undefined ? '–' : `${mib(l.rssAnonKb)} / ${mib(l.rssFileKb)}`, l.serverCpuPercent, us(cpuUs(l)), l.azuriteCpuPercent, l.othersBusyPercent]);
const firstDials = (c) => (c.failure ? `failed: ${c.failure.split('\n')[0]}`
  : c.name.startsWith('floor') ? 'its constant TwiML'
    : c.fallbackFirst ? `the fallback number in ${c.fallbackFirst} of ${c.runs}` : dialWords(c.dialled));
const coldRows = Object.values(cold).map((c) => [LABEL[c.name] ?? c.name, c.medianMs ?? '–', c.minMs ?? '–', c.maxMs ?? '–',
  c.medianCpuMs ?? '–', c.runs, firstDials(c), c.name.startsWith('floor') ? '–' : c.medianPersonMs ?? '–', c.othersBusyPercent]);
const storageRows = [storage.direct, storage.slow].filter(Boolean).map((x) => [x.name === 'slow' ? `${x.storageDelayMs} ms slower` : 'as it is',
  int(x.requestsPerSecond), ms(x.latencyUs.p50), ms(x.latencyUs.p90), ms(x.latencyUs.p99), ms(x.latencyUs.p999), ms(x.latencyUs.max),
  int(x.requests), int(x.non2xx), x.healthAtEnd?.queuedUpdates ?? '–', x.healthAtEnd?.pendingCalls ?? '–',
  x.drained ? x.drainSeconds : `not within ${x.drainSeconds}`, x.healthAfter?.droppedUpdates ?? '–', x.othersBusyPercent]);
const busy = [...Object.values(load), ...Object.values(cold), ...[storage.direct, storage.slow].filter(Boolean)].filter((x) => x.othersBusyPercent > 20);
const md = [
  `## Ivr load and cold start (${meta.quick ? 'quick run' : 'full run'}, ${meta.date})`,
  '',
  table(['measure', 'result', 'goal', ''], goals),
  '',
  `### Load: signed incoming calls, ${meta.connections} connections, ${meta.threads} wrk threads, ${meta.warmupSeconds} s warm-up + ${meta.durationSeconds} s measured`
    + `, ${meta.loadRounds ?? 1} round(s): the floor and Ivr one after the other, each started afresh, the order swapped every round`,
  '',
  table(['build', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'requests', 'non-2xx', 'socket errors',
    'VmHWM MiB', 'max VmRSS MiB', 'RSS at end: private / file MiB', 'server CPU %', 'server CPU µs/request', 'Azurite CPU %', 'others\' CPU before %'], loadRows),
  '',
  ...(storageRows.length ? [
    `### Webhook latency against storage latency: Ivr ReadyToRun, every call new, ${meta.connections} connections each pausing between calls`,
    '',
    table(['storage', 'calls/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'calls', 'non-2xx', 'queued at end',
      'calls pending at end', 's until all written', 'records dropped', 'others\' CPU before %'], storageRows),
    '',
  ] : []),
  `### Cold start: exec to the first 200 with \`<Dial\` for a signed incoming call (${meta.coldStartRuns} starts of each build, the builds taking turns)`,
  '',
  table(['build', 'median ms', 'min ms', 'max ms', 'CPU ms used by then', 'runs', 'first TwiML dials', 'median ms until it rings the person', 'others\' CPU before %'], coldRows),
  '',
  `Machine: ${meta.cores} cores, .NET SDK ${meta.dotnet}, wrk ${meta.wrk}; commit ${meta.commit}; loopback only. `
    + `The floor is bench/Floor (constant TwiML, no parsing, signature or storage). CPU % is of one core. `
    + `The pool holds ${meta.poolSize} signed calls with distinct CallSids, sent alike to the floor and Ivr.`,
  'The pool\'s calls repeat once it has been sent through, and Ivr writes a repeated incoming call only once: '
    + 'storage writes happen in the first pass only (see the Azurite CPU column), as designed the webhook never waits on them.',
  ...(busy.length ? ['', `**Warning:** other processes used ${busy.map((x) => `${x.othersBusyPercent} % of the machine before ${x.name}`).join(', ')}: `
    + 'they competed for the CPU, so those figures understate what a quiet machine gives.'] : []),
  '',
].join('\n');

writeFileSync(mdFile, md);
writeFileSync(jsonFile, JSON.stringify({ meta, load, coldStart: cold, writer }, null, 2) + '\n');
process.stdout.write(md);
