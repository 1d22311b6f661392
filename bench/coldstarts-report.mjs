#!/usr/bin/env node
// The report of bench/coldstarts.sh: each build's median start, and every build against the first, round by round and
// in blocks of ten rounds. Usage: node bench/coldstarts-report.mjs <raw folder> <results.md> <baseline> <build>...
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [raw, output, ...names] = process.argv.slice(2);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => value.toFixed(1);

// rounds[round][build] = the start's time to the first dialling answer, in ms
const rounds = new Map();
for (const file of readdirSync(raw)) {
  const [, build, round] = file.match(/^coldstart-(.+)\.(\d+)\.json$/) ?? [];
  if (!names.includes(build)) continue;
  const start = JSON.parse(readFileSync(join(raw, file), 'utf8'));
  if (start.medianMs == null) continue;
  if (!rounds.has(Number(round))) rounds.set(Number(round), {});
  rounds.get(Number(round))[build] = start.medianMs;
}
const ordered = [...rounds.keys()].sort((a, b) => a - b).map((round) => rounds.get(round));

const lines = ['# Cold starts, builds taking turns', '', '| build | starts | median ms |', '|---|---|---|'];
for (const name of names) {
  const starts = ordered.filter((round) => name in round).map((round) => round[name]);
  lines.push(`| ${name} | ${starts.length} | ${starts.length ? ms(median(starts)) : '-'} |`);
}
const [baseline, ...variants] = names;
for (const variant of variants) {
  const paired = ordered.filter((round) => baseline in round && variant in round);
  const differences = paired.map((round) => round[variant] - round[baseline]);
  const sooner = differences.filter((difference) => difference < 0).length;
  const blocks = [];
  for (let first = 0; first < paired.length; first += 10) {
    const block = paired.slice(first, first + 10);
    blocks.push(median(block.map((round) => round[variant])) - median(block.map((round) => round[baseline])));
  }
  lines.push('', `## ${variant} against ${baseline}`, '',
    `- ${paired.length} rounds: median difference ${ms(median(differences))} ms; ${variant} sooner in ${sooner} of them.`,
    `- Blocks of ten rounds, the difference of their medians: ${blocks.map((block) => `${block > 0 ? '+' : ''}${ms(block)}`).join(', ')} ms`
      + ` (${blocks.filter((block) => block < 0).length} of ${blocks.length} sooner).`);
}
writeFileSync(output, `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
