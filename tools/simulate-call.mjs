#!/usr/bin/env node
// Simulates one Twilio Voice call against a running Ivr (started with: bash scripts/start.sh).
// Every webhook is signed with the official twilio package, exactly as Twilio signs it, so Ivr's
// signature check is exercised for real. Afterwards it shows the hand-off record Ivr stored.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { TableClient, odata } from '@azure/data-tables';

const USAGE = `usage: node tools/simulate-call.mjs [--answer | --abandon | --no-answer] [options]
  Places one simulated call on Ivr as started by bash scripts/start.sh (it reads .local/ivr.env), every webhook
  signed as Twilio signs it, and prints the TwiML of each step and then the call's hand-off record.
  --answer          a person answers (the default)
  --abandon         the caller hangs up while it rings
  --no-answer       nobody answers; the caller leaves a voicemail
  --line <number>   the line called, E.164 (default: the demo line, +31201234567)
  --from <number>   the caller, E.164 (default: +31611112222)
  --url <url>       Ivr's URL (default: IVR_URL from .local/ivr.env)
  --token <token>   the Twilio auth token (default: TWILIO_AUTH_TOKEN from .local/ivr.env)
  -h, --help        print this and exit`;
const ENV_FILE = new URL('../.local/ivr.env', import.meta.url);
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
        answer: { type: 'boolean' }, abandon: { type: 'boolean' }, 'no-answer': { type: 'boolean' },
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
  const modes = ['answer', 'abandon', 'no-answer'].filter((m) => values[m]);
  if (modes.length > 1) fail(`pick one of --answer, --abandon, --no-answer (got ${modes.join(', ')})`);
  const env = readEnvFile();
  const opts = {
    mode: modes[0] ?? 'answer',
    url: (values.url ?? env.IVR_URL ?? '').replace(/\/+$/, ''),
    token: values.token ?? env.TWILIO_AUTH_TOKEN,
    storage: env.STORAGE_CONNECTION_STRING,
    line: values.line ?? env.DEMO_LINE ?? '+31201234567',
    from: values.from ?? '+31611112222',
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
  return { dialAction: dial && attr(dial[1], 'action'), recordAction: record && attr(record[1], 'action'), targets };
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

async function waitForHandoff(opts, callSid) {
  if (!opts.storage) fail('no STORAGE_CONNECTION_STRING in .local/ivr.env - cannot read the hand-off record');
  const table = TableClient.fromConnectionString(opts.storage, 'Handoffs', { allowInsecureConnection: true });
  const filter = odata`PartitionKey eq ${opts.line} and CallSid eq ${callSid}`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      for await (const e of table.listEntities({ queryOptions: { filter } })) {
        // The simulated call always ends with the call status callback, so its record is complete once that landed.
        if (e.EndStatus && e.Outcome && e.Outcome !== 'in-progress') return e;
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
    console.log(['Outcome', 'TimeToHumanMs', 'WaitMs'].includes(k) ? bold(`${line}  <--`) : line);
  }
}

async function main() {
  const opts = readOptions();
  const account = sid('AC');
  const callSid = sid('CA');
  const caller = { AccountSid: account, CallSid: callSid, Direction: 'inbound', From: opts.from, To: opts.line };

  console.log(`${bold('Incoming call')} ${opts.from} -> ${opts.line} (${callSid}) at ${opts.url}  [${opts.mode}]`);
  const incoming = await post(opts, '/api/voice/incoming', {
    ...caller, ApiVersion: '2010-04-01', CallStatus: 'ringing', Caller: opts.from, Called: opts.line,
  });
  showTwiml(incoming);
  const { dialAction, targets } = parseTwiml(incoming);
  if (!dialAction) return console.log('No <Dial action> in the answer, so the call ends here.');

  const hangUp = (duration) => post(opts, '/api/voice/call-status', {
    ...caller, CallStatus: 'completed', CallDuration: String(duration), Timestamp: rfc2822Now(),
  });

  if (opts.mode === 'answer') {
    const target = targets[0];
    if (!target?.statusCallback) fail('the Dial has no target with a statusCallback to answer');
    console.log('ringing…');
    await sleep(1500);
    const childSid = sid('CA');
    await post(opts, target.statusCallback, {
      AccountSid: account, CallSid: childSid, ParentCallSid: callSid, CallStatus: 'in-progress',
      Direction: 'outbound-dial', From: opts.line, To: target.to, CallbackSource: 'call-progress-events',
      SequenceNumber: '0', Timestamp: rfc2822Now(),
    });
    console.log(`a person answered: ${target.to}`);
    await sleep(1000);
    showTwiml(await post(opts, dialAction, {
      ...caller, CallStatus: 'in-progress', DialCallSid: childSid, DialCallStatus: 'completed',
      DialCallDuration: '1', DialBridged: 'true',
    }));
    await hangUp(2);
  } else if (opts.mode === 'abandon') {
    console.log('ringing…');
    await sleep(2000);
    console.log('the caller hangs up while it rings');
    showTwiml(await post(opts, dialAction, { ...caller, CallStatus: 'completed', DialCallStatus: 'canceled', DialBridged: 'false' }));
    await hangUp(0);
  } else {
    console.log('ringing… nobody answers');
    await sleep(1500);
    const answer = await post(opts, dialAction, { ...caller, CallStatus: 'in-progress', DialCallStatus: 'no-answer', DialBridged: 'false' });
    showTwiml(answer);
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
  console.log('the call ended');

  console.log(`\n${bold('Hand-off record')} (Handoffs table)`);
  const entity = await waitForHandoff(opts, callSid);
  if (!entity) fail(`no final hand-off record for ${callSid} on ${opts.line} after 10 s`);
  showRecord(entity);
}

main().catch((err) => fail(err.stack ?? String(err)));
