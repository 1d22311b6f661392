#!/usr/bin/env node
// Cold start on the caller's clock: from exec of the handler to the first valid TwiML (a 200 whose body
// holds <Dial) for a signed incoming call. Spawns the command --runs times, each on a fresh free loopback
// port (FUNCTIONS_CUSTOMHANDLER_PORT; the rest of the environment is inherited), polls it every --poll-ms
// (1 by default: polling without pause kept one of this 2-core machine's cores busy, and the process being
// measured starting on the other took 30 % longer), then stops it. Also notes the CPU time the process had used by
// then (robust to other processes on the machine), and with --expect-person, when the first TwiML rang the
// fallback number (rules not loaded yet), how long until a call rings the line's person. Prints one JSON line.
// Usage: node bench/coldstart.mjs --name ivr-r2r --pool <signed pool> --person +31612345678
//          [--fallback +15005550006] [--runs 10] [--timeout-ms 30000] [--poll-ms 1] [--cwd <dir>] [--expect-person]
//          -- <command> [args...]
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';

const { values: opt, positionals: command } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' }, pool: { type: 'string' }, person: { type: 'string' },
    fallback: { type: 'string', default: '+15005550006' }, runs: { type: 'string', default: '10' },
    'timeout-ms': { type: 'string', default: '30000' }, 'poll-ms': { type: 'string', default: '1' }, cwd: { type: 'string' },
    'expect-person': { type: 'boolean', default: false }, path: { type: 'string', default: '/api/voice/incoming' },
  },
});
if (!opt.name || !opt.pool || !opt.person || command.length === 0) {
  console.error('usage: node bench/coldstart.mjs --name <n> --pool <file> --person <E.164> [--runs N] -- <command> [args...]');
  process.exit(2);
}

const pool = readFileSync(opt.pool, 'utf8').split('\n').filter(Boolean).map((line) => {
  const [signature, body] = line.split('\t');
  return { signature, body };
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// One attempt on a new connection: resolves { status, body }, or null when nothing listens yet.
function post(port, call) {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, path: opt.path, method: 'POST', agent: false,
      headers: {
        'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': call.signature,
        'content-length': Buffer.byteLength(call.body), connection: 'close',
      },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (err) => (['ECONNREFUSED', 'ECONNRESET'].includes(err.code) ? resolve(null) : reject(err)));
    req.end(call.body);
  });
}

// CPU time of all the process's threads so far (ns on CPU, from each thread's schedstat), in ms.
function cpuMs(pid) {
  let ns = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try { ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]); } catch { /* thread ended */ }
    }
  } catch { return null; }
  return ns / 1e6;
}

const dialledIn = (body) => (body.includes(opt.person) ? 'person' : body.includes(opt.fallback) ? 'fallback' : 'other');

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
    const kill = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.once('exit', () => { clearTimeout(kill); resolve(); });
    child.kill('SIGTERM');
  });
}

async function once(run) {
  const port = await freePort();
  const call = pool[run % pool.length];
  await post(port, call); // warms node's HTTP client up (refused: nothing listens yet)
  const [file, ...args] = command;
  let output = '';
  const started = process.hrtime.bigint();
  const child = spawn(file, args, {
    cwd: opt.cwd,
    env: { ...process.env, FUNCTIONS_CUSTOMHANDLER_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => { output = (output + chunk).slice(-4000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const deadline = started + BigInt(opt['timeout-ms']) * 1_000_000n;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`);
      if (process.hrtime.bigint() > deadline) throw new Error(`no valid TwiML within ${opt['timeout-ms']} ms:\n${output}`);
      const answer = await post(port, call);
      if (answer === null) {
        await new Promise((resolve) => setTimeout(resolve, Number(opt['poll-ms'])));
        continue;
      }
      if (answer.status === 200 && answer.body.includes('<Dial')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const cpu = cpuMs(child.pid);
        const dialled = dialledIn(answer.body);
        let personMs = dialled === 'person' ? ms : null;
        // Rules still loading: how long do callers keep getting the fallback number?
        while (opt['expect-person'] && personMs === null && process.hrtime.bigint() < deadline) {
          const next = await post(port, pool[(run + 1) % pool.length]);
          if (next?.status === 200 && dialledIn(next.body) === 'person') personMs = Number(process.hrtime.bigint() - started) / 1e6;
        }
        return { ms, cpuMs: cpu, dialled, personMs, body: answer.body };
      }
      // Anything else is a wrong answer, not a slow one (403: the signature does not match; 500: a crash).
      throw new Error(`answered ${answer.status}: ${answer.body.slice(0, 500)}\n${output}`);
    }
  } finally {
    await stop(child);
  }
}

const runs = Number(opt.runs);
const results = [];
let failure = null;
for (let i = 0; i < runs; i++) {
  try {
    const r = await once(i);
    results.push(r);
    console.error(`  ${opt.name} #${i + 1}: ${r.ms.toFixed(1)} ms, ${r.cpuMs?.toFixed(1)} ms CPU, dialled ${r.dialled}`
      + (r.dialled === 'person' ? '' : `; the person from ${r.personMs?.toFixed(1)} ms`));
  } catch (err) {
    failure = err.message;
    console.error(`  ${opt.name} #${i + 1}: FAILED ${err.message}`);
    break;
  }
}
const median = (xs) => {
  const v = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const round = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
const ms = results.map((r) => r.ms);
console.log(JSON.stringify({
  name: opt.name, runs: ms.length, medianMs: round(median(ms)), minMs: round(Math.min(...ms)), maxMs: round(Math.max(...ms)),
  allMs: ms.map(round), medianCpuMs: round(median(results.map((r) => r.cpuMs))),
  dialled: [...new Set(results.map((r) => r.dialled))].join('+') || null,
  fallbackFirst: results.filter((r) => r.dialled !== 'person').length,
  medianPersonMs: round(median(results.map((r) => r.personMs))),
  firstBody: results[0]?.body ?? null, failure,
}));
process.exitCode = failure ? 1 : 0;
