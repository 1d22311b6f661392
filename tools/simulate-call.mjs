#!/usr/bin/env node
// Simulates one Twilio Voice call against a running Ivr (started with: bash scripts/start.sh).
// Every webhook is signed with the official twilio package, exactly as Twilio signs it, so Ivr's
// signature check is exercised for real. Afterwards it shows the hand-off record Ivr stored.
// With --callback the caller presses 1 in the queue and hangs up; the Twilio stand-in start.sh runs then plays
// Ivr's callback (the person it calls first, and this caller's phone), and this waits until the phone rings.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { TableClient, odata } from '@azure/data-tables';

const USAGE = `usage: node tools/simulate-call.mjs [--answer | --hold | --abandon | --no-answer | --callback] [options]
  Places one simulated call on Ivr as started by bash scripts/start.sh (it reads .local/ivr.env), every webhook
  signed as Twilio signs it, and prints the TwiML of each step and then the call's hand-off record.
  A caller Ivr puts in the line's queue waits there as Twilio would hold them (asking the wait URL again and
  again) until a free person takes them (the Twilio stand-in start.sh runs plays that person) or the limit is reached.
  --answer          a person answers (the default)
  --hold            a person answers and stays on the call, busy, until you press Enter
  --abandon         the caller hangs up while it rings
  --no-answer       nobody answers; the caller leaves a voicemail
  --callback        the caller waits in the queue, presses 1 for a callback as soon as it is offered, and hangs up;
                    then it waits (up to 10 minutes) until Ivr calls back: the person first, then this caller
  --callback-answer human | machine | no-answer
                    who answers the caller's phone when Ivr calls back (default: human, and they talk); with
                    machine or no-answer the attempt fails and this stops there, showing the record so far (Ivr
                    tries again after the line's retryAfterMinutes, and the stand-in answers the same way)
  --line <number>   the line called, E.164 (default: the demo line, +31201234567)
  --from <number>   the caller, E.164 (default: +31611112222)
  --url <url>       Ivr's URL (default: IVR_URL from .local/ivr.env)
  --token <token>   the Twilio auth token (default: TWILIO_AUTH_TOKEN from .local/ivr.env)
  -h, --help        print this and exit`;
// IVR_ENV_FILE points elsewhere (the tests run it against an Ivr of their own).
const ENV_FILE = process.env.IVR_ENV_FILE ?? new URL('../.local/ivr.env', import.meta.url);
const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[0m` : s);

function fail(message) {
  console.error(`simulate-call: ${message}`);
  process.exit(1);
}

// .local/ivr.env is shell syntax (KEY='value'); only the simple form start.sh writes is needed.
function readEnvFile() {
  if (!existsSync(ENV_FILE)) return {};
  const env = {};
  for (const line of readFileSync(ENV_FILE, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const v = m[2].trim();
    env[m[1]] = /^(['"]).*\1$/.test(v) ? v.slice(1, -1) : v;
  }
  return env;
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        answer: { type: 'boolean' }, hold: { type: 'boolean' }, abandon: { type: 'boolean' }, 'no-answer': { type: 'boolean' },
        callback: { type: 'boolean' }, 'callback-answer': { type: 'string' },
        line: { type: 'string' }, from: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    fail(`${err.message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const modes = ['answer', 'hold', 'abandon', 'no-answer', 'callback'].filter((m) => values[m]);
  if (modes.length > 1) fail(`pick one of --answer, --hold, --abandon, --no-answer, --callback (got ${modes.join(', ')})`);
  const callbackAnswer = values['callback-answer'];
  if (callbackAnswer !== undefined && !values.callback) fail('--callback-answer goes with --callback');
  if (callbackAnswer !== undefined && !['human', 'machine', 'no-answer'].includes(callbackAnswer)) {
    fail(`--callback-answer must be human, machine or no-answer (got ${callbackAnswer})`);
  }
  const env = readEnvFile();
  const opts = {
    mode: modes[0] ?? 'answer',
    url: (values.url ?? env.IVR_URL ?? '').replace(/\/+$/, ''),
    token: values.token ?? env.TWILIO_AUTH_TOKEN,
    storage: env.STORAGE_CONNECTION_STRING,
    handoffsTable: env.HANDOFFS_TABLE ?? 'Handoffs',
    standIn: env.TWILIO_STANDIN_URL,
    line: values.line ?? env.DEMO_LINE ?? '+31201234567',
    from: values.from ?? '+31611112222',
    callbackAnswer: callbackAnswer ?? 'human',
  };
  if (!opts.url || !opts.token) fail('no Ivr URL/auth token (.local/ivr.env is missing) - start Ivr first: bash scripts/start.sh');
  return opts;
}

const sid = (prefix) => prefix + randomBytes(16).toString('hex');
// Twilio's status callbacks carry RFC 2822 timestamps in UTC.
const rfc2822Now = () => new Date().toUTCString().replace('GMT', '+0000');
const xmlUnescape = (s) => s
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
  .replace(/&amp;/g, '&');

// Attribute values from a tag's attribute text; undefined when absent.
function attr(attrs, name) {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? xmlUnescape(m[1] ?? m[2]) : undefined;
}

// Just enough TwiML reading for this flow: the Dial action, its targets, a Record action.
function parseTwiml(xml) {
  const dial = /<Dial\b([^>]*)>/.exec(xml);
  const record = /<Record\b([^>]*)>/.exec(xml);
  const targets = [...xml.matchAll(/<(Number|Client|Sip)\b([^>]*)>([\s\S]*?)<\/\1>/g)].map(([, kind, attrs, body]) => {
    const text = xmlUnescape(body.replace(/<[^>]*>/g, '').trim());
    return { to: kind === 'Client' ? `client:${text}` : text, statusCallback: attr(attrs, 'statusCallback') };
  });
  const enqueue = /<Enqueue\b([^>]*)>([^<]*)<\/Enqueue>/.exec(xml);
  return {
    dialAction: dial && attr(dial[1], 'action'),
    recordAction: record && attr(record[1], 'action'),
    targets,
    enqueue: enqueue && { action: attr(enqueue[1], 'action'), waitUrl: attr(enqueue[1], 'waitUrl'), queue: xmlUnescape(enqueue[2]) },
    leave: /<Leave\s*\/?>/.test(xml),
  };
}

// One element per line; leaf elements (<Say>text</Say>) stay on one line.
function prettyTwiml(xml) {
  let depth = 0;
  return (xml.match(/<(\w+)\b[^>]*>[^<]*<\/\1>|<[^>]+>|[^<]+/g) ?? []).map((s) => s.trim()).filter(Boolean).map((part) => {
    if (part.startsWith('</')) depth = Math.max(depth - 1, 0);
    const line = '    ' + '  '.repeat(depth) + part;
    if (/^<[A-Za-z]/.test(part) && !part.endsWith('/>') && !part.includes('</')) depth++;
    return line;
  }).join('\n');
}

// Twilio signs the absolute URL it requested; TwiML URLs are root-relative to Ivr. Keep the
// query byte-for-byte (no URL normalisation) because that is what gets signed.
const absolute = (base, url) => (/^https?:\/\//i.test(url) ? url : base + (url.startsWith('/') ? '' : '/') + url);

async function post(opts, url, params) {
  const fullUrl = absolute(opts.url, url);
  const signature = twilio.getExpectedTwilioSignature(opts.token, fullUrl, params);
  let res;
  try {
    res = await fetch(fullUrl, {
      method: 'POST',
      headers: { 'X-Twilio-Signature': signature, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
  } catch (err) {
    fail(`cannot reach ${fullUrl} (${err.cause?.code ?? err.message}) - start Ivr first: bash scripts/start.sh`);
  }
  const body = await res.text();
  console.log(`  POST ${url} -> ${res.status}`);
  if (!res.ok) fail(`expected 2xx from ${fullUrl}, got ${res.status}:\n${body}`);
  return body;
}

function showTwiml(xml) {
  console.log(xml.trim().startsWith('<') ? prettyTwiml(xml) : `    ${xml || '(empty body)'}`);
}

// The simulated call always ends with the call status callback, so its record is complete once that landed; a call
// that asked for a callback is complete once the callback ended (CallbackResult), or (when this stops after a failed
// attempt) once that attempt is in.
const isFinal = (e, callback) => (callback
  ? Boolean(e.EndStatus && (e.CallbackResult || (callback.failedAttempt && e.CallbackAttempt1Result)))
  : Boolean(e.EndStatus && e.Outcome && e.Outcome !== 'in-progress'));

async function waitForHandoff(opts, callSid, callback, seconds) {
  if (!opts.storage) fail('no STORAGE_CONNECTION_STRING in .local/ivr.env - cannot read the hand-off record');
  const table = TableClient.fromConnectionString(opts.storage, opts.handoffsTable, { allowInsecureConnection: true });
  const filter = odata`PartitionKey eq ${opts.line} and CallSid eq ${callSid}`;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      for await (const e of table.listEntities({ queryOptions: { filter } })) {
        if (isFinal(e, callback)) return e;
      }
    } catch (err) {
      // 404: the table appears with Ivr's first write. Anything else (Azurite down?) is fatal.
      if (err.statusCode !== 404) fail(`cannot read the Handoffs table: ${err.message} (is Azurite running?)`);
    }
    await sleep(250);
  }
  return undefined;
}

function showRecord(entity) {
  const rows = Object.entries(entity).filter(([k, v]) => k !== 'etag' && !k.startsWith('odata') && v != null);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) {
    const text = v instanceof Date ? v.toISOString() : String(v); // Int64 columns arrive as BigInt
    const line = `  ${k.padEnd(width)}  ${text}`;
    console.log(['Outcome', 'TimeToHumanMs', 'WaitMs', 'QueueWaitMs', 'CallbackResult'].includes(k) ? bold(`${line}  <--`) : line);
  }
}

// The stand-in for Twilio that start.sh runs: where a waiting caller is held and taken from (see tools/twilio-standin.mjs).
async function standIn(opts, callSid, what, body) {
  if (!opts.standIn) fail('no TWILIO_STANDIN_URL in .local/ivr.env - restart Ivr with bash scripts/start.sh to try the queue');
  const res = await fetch(`${opts.standIn}/sim/calls/${callSid}/${what}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}),
  });
  return res.json();
}

// The caller's phone, as the stand-in plays it when Ivr calls back (the number URL-encoded: + is %2B in a path).
async function phone(opts, what, body) {
  if (!opts.standIn) fail('no TWILIO_STANDIN_URL in .local/ivr.env - restart Ivr with bash scripts/start.sh to try a callback');
  const res = await fetch(`${opts.standIn}/sim/phones/${encodeURIComponent(opts.from)}/${what}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}),
  });
  if (!res.ok) fail(`the Twilio stand-in answered ${res.status} to ${what}: ${await res.text()}`);
  return res.json();
}

// Waits in the line's queue as Twilio holds a caller: the wait URL asked again and again, until a person takes the
// caller or the queue's limit sends them on (or, with --callback, the caller presses 1 for a callback and leaves).
// Returns the TwiML after the queue, how long the call lasted, and whether the caller is to be called back.
async function waitInQueue(opts, caller, enqueue) {
  const since = Date.now();
  const { position } = await standIn(opts, caller.CallSid, 'joined', { queue: enqueue.queue, line: opts.line, from: opts.from });
  console.log(`waiting in queue ${enqueue.queue}, number ${position}`);
  let shown = '';
  let presses = 0;
  for (;;) {
    const waited = String(Math.round((Date.now() - since) / 1000));
    const queued = {
      QueueSid: 'QU' + caller.CallSid.slice(2), QueuePosition: String(position), QueueTime: waited,
      AvgQueueTime: waited, CurrentQueueSize: String(position), MaxQueueSize: '1000',
    };
    const wait = await post(opts, enqueue.waitUrl, { ...caller, CallStatus: 'in-progress', ...queued });
    if (wait !== shown) showTwiml((shown = wait));
    // The wait listens for a key once a callback is offered; the caller presses 1. Ivr refuses a press when storage
    // cannot keep the callback in time (the caller keeps their place in the queue): as a caller would, this presses
    // again when the offer plays again, three times at most.
    const gather = /<Gather\b([^>]*)>/.exec(wait);
    const offer = gather && attr(gather[1], 'action');
    if (opts.mode === 'callback' && presses < 3 && offer?.includes('callback-request')) {
      presses += 1;
      console.log(`${bold('a callback is offered:')} the caller presses 1`);
      const answer = await post(opts, offer, { ...caller, CallStatus: 'in-progress', Digits: '1', ...queued });
      showTwiml(answer);
      if (parseTwiml(answer).leave) {
        await standIn(opts, caller.CallSid, 'left');
        console.log('the caller leaves the queue, keeping their place, and hears the confirmation');
        const queueTime = String(Math.round((Date.now() - since) / 1000));
        const twiml = await post(opts, enqueue.action, { ...caller, CallStatus: 'in-progress', QueueResult: 'leave', QueueTime: queueTime });
        return { twiml, seconds: Number(queueTime) + 3, calledBack: true };
      }
      console.log(`Ivr did not take the press: the caller keeps waiting${presses < 3 ? ', and presses again when offered again' : ''}`);
    }
    if (parseTwiml(wait).leave) {
      await standIn(opts, caller.CallSid, 'left');
      console.log('the queue\'s limit is reached: the caller leaves the queue');
      return { twiml: await post(opts, enqueue.action, { ...caller, CallStatus: 'in-progress', QueueResult: 'leave', QueueTime: waited }), seconds: Number(waited) };
    }
    const taken = await standIn(opts, caller.CallSid, 'bridged');
    if (taken.bridged) {
      console.log(`${bold('a person took the call from the queue:')} ${taken.person}`);
      await sleep(2000);
      console.log('they talk, then hang up');
      const queueTime = String(Math.round((Date.now() - since) / 1000));
      await standIn(opts, caller.CallSid, 'ended');
      showTwiml(await post(opts, enqueue.action, { ...caller, CallStatus: 'completed', QueueResult: 'bridged', QueueTime: queueTime }));
      return { twiml: '', seconds: Number(queueTime) + 2 };
    }
  }
}

const waitForEnter = (prompt) => new Promise((resolve) => {
  console.log(prompt);
  process.stdin.resume();
  process.stdin.once('data', () => {
    process.stdin.destroy(); // a paused pipe would keep this process alive once the call is over
    resolve();
  });
});

async function main() {
  const opts = readOptions();
  const account = sid('AC');
  const callSid = sid('CA');
  const caller = { AccountSid: account, CallSid: callSid, Direction: 'inbound', From: opts.from, To: opts.line };

  console.log(`${bold('Incoming call')} ${opts.from} -> ${opts.line} (${callSid}) at ${opts.url}  [${opts.mode}]`);
  // Told before the call, so the phone answers as asked even if Ivr calls back the moment the caller hangs up.
  if (opts.mode === 'callback') await phone(opts, 'expect', { answer: opts.callbackAnswer });
  const incoming = await post(opts, '/api/voice/incoming', {
    ...caller, ApiVersion: '2010-04-01', CallStatus: 'ringing', Caller: opts.from, Called: opts.line,
  });
  showTwiml(incoming);
  const { dialAction, targets, enqueue } = parseTwiml(incoming);

  const hangUp = (duration) => post(opts, '/api/voice/call-status', {
    ...caller, CallStatus: 'completed', CallDuration: String(duration), Timestamp: rfc2822Now(),
  });

  if (enqueue) {
    console.log('nobody on the line is free: the caller waits in its queue');
    const { twiml, seconds, calledBack } = await waitInQueue(opts, caller, enqueue);
    if (twiml) showTwiml(twiml);
    await hangUp(seconds);
    if (calledBack) return awaitCallback(opts, callSid);
  } else if (!dialAction) {
    return console.log('No <Dial action> in the answer, so the call ends here.');
  } else if (opts.mode === 'answer' || opts.mode === 'hold' || opts.mode === 'callback') {
    if (opts.mode === 'callback') console.log('a person is free, so there is no queue to ask for a callback in: they answer');
    const target = targets[0];
    if (!target?.statusCallback) fail('the Dial has no target with a statusCallback to answer');
    console.log('ringing…');
    await sleep(1500);
    const childSid = sid('CA');
    const leg = {
      AccountSid: account, CallSid: childSid, ParentCallSid: callSid, Direction: 'outbound-dial', From: opts.line, To: target.to,
      CallbackSource: 'call-progress-events',
    };
    await post(opts, target.statusCallback, { ...leg, CallStatus: 'in-progress', SequenceNumber: '0', Timestamp: rfc2822Now() });
    console.log(`a person answered: ${target.to}`);
    const started = Date.now();
    if (opts.mode === 'hold') {
      await waitForEnter(`${target.to} is on the call, and busy, until you press Enter here.`);
    } else {
      await sleep(1000);
    }
    const talked = String(Math.max(1, Math.round((Date.now() - started) / 1000)));
    console.log('they hang up');
    // Twilio reports the person's leg ending (which frees them), then the dial's end.
    await post(opts, target.statusCallback, { ...leg, CallStatus: 'completed', CallDuration: talked, SequenceNumber: '1', Timestamp: rfc2822Now() });
    showTwiml(await post(opts, dialAction, {
      ...caller, CallStatus: 'in-progress', DialCallSid: childSid, DialCallStatus: 'completed',
      DialCallDuration: talked, DialBridged: 'true',
    }));
    await hangUp(Number(talked) + 1);
  } else if (opts.mode === 'abandon') {
    console.log('ringing…');
    await sleep(2000);
    console.log('the caller hangs up while it rings');
    showTwiml(await post(opts, dialAction, { ...caller, CallStatus: 'completed', DialCallStatus: 'canceled', DialBridged: 'false' }));
    await hangUp(0);
  } else {
    console.log('ringing… nobody answers');
    await sleep(1500);
    let answer = await post(opts, dialAction, { ...caller, CallStatus: 'in-progress', DialCallStatus: 'no-answer', DialBridged: 'false' });
    showTwiml(answer);
    const queued = parseTwiml(answer).enqueue;
    if (queued) {
      console.log('the caller waits in the line\'s queue');
      answer = (await waitInQueue(opts, caller, queued)).twiml;
      if (!answer) return finish(opts, callSid, hangUp, 0);
      showTwiml(answer);
    }
    const { recordAction } = parseTwiml(answer);
    if (recordAction) {
      console.log('the caller leaves a 7 s message and hangs up');
      const recordingSid = sid('RE');
      showTwiml(await post(opts, recordAction, {
        ...caller, CallStatus: 'completed', RecordingSid: recordingSid, RecordingDuration: '7', Digits: 'hangup',
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${account}/Recordings/${recordingSid}`,
      }));
    }
    await hangUp(recordAction ? 30 : 22);
  }
  await finish(opts, callSid);
}

async function finish(opts, callSid, hangUp, duration, callback) {
  if (hangUp) await hangUp(duration);
  if (!callback) console.log('the call ended');

  console.log(`\n${bold('Hand-off record')} (Handoffs table)`);
  const seconds = callback ? 30 : 10;
  const entity = await waitForHandoff(opts, callSid, callback, seconds);
  if (!entity) fail(`no final hand-off record for ${callSid} on ${opts.line} after ${seconds} s`);
  showRecord(entity);
}

// The caller hung up after asking for a callback. When its turn comes Ivr calls a free person, who presses a key, and
// then Ivr dials this caller's phone, which the stand-in plays as --callback-answer says; this waits for that ring.
async function awaitCallback(opts, callSid) {
  console.log('the call ended');
  console.log(`\nwaiting for Ivr to call ${opts.from} back (a free person first; up to 10 minutes)…`);
  const started = Date.now();
  let ring = { rang: false };
  for (let minute = 1; !ring.rang; ) {
    if (Date.now() - started > 10 * 60_000) fail(`nobody called ${opts.from} back within 10 minutes`);
    if (Date.now() - started > minute * 60_000) console.log(`still waiting for the callback (${minute++} min)…`);
    ring = await phone(opts, 'rang');
  }
  if (ring.connected) {
    console.log(`${bold('called back:')} ${ring.person} pressed a key, Ivr called ${opts.from}, the caller answered, and they are connected`);
    await sleep(2000);
    console.log('they talk, then the caller hangs up');
    await phone(opts, 'hangup');
    return finish(opts, callSid, undefined, 0, { failedAttempt: false });
  }
  const who = ring.answered === 'machine' ? 'its voicemail answered' : 'nobody answered';
  console.log(`${bold('called back:')} ${ring.person} pressed a key and Ivr called ${opts.from}, but ${who}: not connected`);
  console.log('Ivr tries again after the line\'s retryAfterMinutes, up to its attempts (the stand-in answers the same way each time); this simulator stops here');
  return finish(opts, callSid, undefined, 0, { failedAttempt: true });
}

main().catch((err) => fail(err.stack ?? String(err)));
