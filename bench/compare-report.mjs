#!/usr/bin/env node
// The report of bench/compare.sh: per build, the median over the rounds of each figure, and for every build but the
// first, its change against the first, taken round by round: the median change, and the lowest and highest.
// Usage: node bench/compare-report.mjs <raw folder> <results.md> <baseline name> <name>...
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [raw, out, ...names] = process.argv.slice(2);
if (!raw || !out || names.length < 2) {
  console.error('usage: node bench/compare-report.mjs <raw folder> <results.md> <baseline name> <name>...');
  process.exit(2);
}

const median = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

// build -> round -> figures
const rounds = new Map(names.map((name) => [name, new Map()]));
for (const file of readdirSync(raw)) {
  const match = /^(load|coldstart)-(.+)\.(\d+)\.json$/.exec(file);
  if (!match || !rounds.has(match[2])) continue;
  const [, kind, name, round] = match;
  const figures = JSON.parse(readFileSync(join(raw, file), 'utf8'));
  const of = rounds.get(name).get(round) ?? {};
  if (kind === 'load') {
    of.requestsPerSecond = figures.requestsPerSecond;
    // serverCpuPercent is of one core, over the measured seconds.
    of.cpuUsPerRequest = (figures.serverCpuPercent / 100) * 1e6 / figures.requestsPerSecond;
    of.peakMiB = figures.hwmKb / 1024;
    of.failed = figures.non2xx + figures.connectErrors + figures.readErrors + figures.writeErrors + figures.timeouts;
  } else {
    of.coldStartMs = figures.medianMs;
    of.coldStartCpuMs = figures.medianCpuMs;
  }
  rounds.get(name).set(round, of);
}

const figure = (name, key) => median([...rounds.get(name).values()].map((r) => r[key]));
const percent = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)} %`;
// Each round's change of the build against the baseline's figure in the same round.
const change = (name, key) => {
  const base = rounds.get(names[0]);
  const changes = [...rounds.get(name)].filter(([round]) => base.has(round))
    .map(([round, r]) => (r[key] / base.get(round)[key] - 1) * 100).filter(Number.isFinite);
  if (changes.length === 0) return 'n/a';
  return `${percent(median(changes))} (${percent(Math.min(...changes))} … ${percent(Math.max(...changes))})`;
};

const lines = [
  `# Builds compared (${rounds.get(names[0]).size} rounds; baseline ${names[0]})`,
  '',
  '| build | requests/s | CPU per request | peak working set | cold start (its CPU) | failed requests |',
  '|---|---|---|---|---|---|',
  ...names.map((name) => `| ${name} | ${figure(name, 'requestsPerSecond').toFixed(0)} | ${figure(name, 'cpuUsPerRequest').toFixed(1)} µs `
    + `| ${figure(name, 'peakMiB').toFixed(1)} MiB | ${figure(name, 'coldStartMs').toFixed(1)} ms (${figure(name, 'coldStartCpuMs').toFixed(1)} ms) `
    + `| ${[...rounds.get(name).values()].reduce((sum, r) => sum + (r.failed ?? 0), 0)} |`),
  '',
  `Against ${names[0]}, round by round: median change (lowest … highest). Faster is more requests, less CPU, a shorter start.`,
  '',
  '| build | requests/s | CPU per request | peak working set | cold start |',
  '|---|---|---|---|---|',
  ...names.slice(1).map((name) => `| ${name} | ${change(name, 'requestsPerSecond')} | ${change(name, 'cpuUsPerRequest')} `
    + `| ${change(name, 'peakMiB')} | ${change(name, 'coldStartMs')} |`),
  '',
];
writeFileSync(out, lines.join('\n'));
console.log(lines.join('\n'));
