#!/usr/bin/env node
// A local stand-in for Twilio, for trying a line's queue and callbacks without a Twilio account (started by
// bash scripts/start.sh). It answers Ivr's REST requests to place calls (POST /2010-04-01/Accounts/{AccountSid}/Calls.json)
// and then plays what Twilio and the person would do on that call, every webhook signed as Twilio signs it: the person
// picks up, presses a key if Ivr asks, and then either Ivr's <Dial><Queue> takes the caller who has waited longest in
// that queue, or (a callback) Ivr's <Dial><Number> rings the caller's phone, which this stand-in plays too: a person,
// a voicemail or nobody answers, as the simulator asked for that number.
// tools/simulate-call.mjs plays the waiting callers: it tells this stand-in when its caller joins or leaves a queue,
// asks it whether a person took them, and, for a callback, how the caller's phone should answer and when it rang.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import twilio from 'twilio';

const USAGE = `usage: node tools/twilio-standin.mjs --url <Ivr URL> --token <auth token> --account <AccountSid> [--port <port>]
  Answers Ivr's requests to place calls as Twilio's REST API does, and plays the person's side of each call; when
  Ivr calls a caller back from that call, it plays the caller's phone too (answered by a person unless
  tools/simulate-call.mjs asked for a voicemail or no answer).
  --port 0 (the default) picks a free port; the line "listening on <URL>" says which.
  For the simulator: POST /sim/calls/{CallSid}/joined|left|bridged|ended (a caller in a queue), and
  POST /sim/phones/{number}/expect {"answer":"human"|"machine"|"no-answer"}, /rang (a long poll), /hangup
  (a caller's phone that Ivr calls back).`;

const fail = (message) => {
  console.error(`twilio-standin: ${message}`);
  process.exit(1);
};

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      url: { type: 'string' }, token: { type: 'string' }, account: { type: 'string' }, port: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  fail(`${err.message}\n${USAGE}`);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!options.url || !options.token || !options.account) fail(`--url, --token and --account are required\n${USAGE}`);

const ivrUrl = options.url.replace(/\/+$/, '');
const sid = (prefix) => prefix + randomBytes(16).toString('hex');
const log = (message) => console.log(`twilio-standin: ${message}`);

/** Twilio's queues, by name: the callers waiting, first in first. */
const queues = new Map();
/** Callers a person took: CallSid -> { person, offerSid, statusCallback, ... }. */
const bridged = new Map();
/** Callers waiting to hear they were taken (long polls). */
const waiters = new Map();
/** Callers' phones that Ivr may call back, by number: how they answer, and their last ring the simulator has not heard of. */
const phones = new Map();
const ANSWERS = ['human', 'machine', 'no-answer'];

const absolute = (url, base) => (/^https?:\/\//i.test(url) ? url : new URL(url, base).href);
const unescapeXml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
// An attribute's value in a tag's attribute text, in either quotes, wherever it stands; undefined when absent.
const attr = (attrs, name) => {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? unescapeXml(m[1] ?? m[2]) : undefined;
};
// What a TwiML answer says, for the log.
const spoken = (twiml) => [...twiml.matchAll(/<Say\b[^>]*>([^<]*)<\/Say>/g)].map((m) => `"${unescapeXml(m[1])}"`).join(' ') || '(nothing)';

async function post(url, params) {
  const signature = twilio.getExpectedTwilioSignature(options.token, url, params);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'X-Twilio-Signature': signature, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${body}`);
  return body;
}

// The person's side of a call Ivr placed: pick up, press a key when asked, take the caller the queue gives.
async function playCall(call) {
  const fields = { AccountSid: options.account, ApiVersion: '2010-04-01', CallSid: call.sid, Direction: 'outbound-api', From: call.From, To: call.To };
  const end = (status, duration) => post(call.StatusCallback, { ...fields, CallStatus: status, CallDuration: String(duration) })
    .catch((err) => log(`status callback failed: ${err.message}`));
  await sleep(1000);
  log(`${call.To} picks up the call from ${call.From}`);
  let twiml = await post(call.Url, { ...fields, CallStatus: 'in-progress' });
  const gather = /<Gather\b([^>]*)>/.exec(twiml);
  if (gather) {
    log(`${call.To} hears ${spoken(twiml)} and presses 1`);
    await sleep(500);
    twiml = await post(absolute(attr(gather[1], 'action'), call.Url), { ...fields, CallStatus: 'in-progress', Digits: '1' });
  }
  const dial = /<Dial\b([^>]*)>([\s\S]*?)<\/Dial>/.exec(twiml);
  const number = dial && /<Number\b([^>]*)>([^<]*)<\/Number>/.exec(dial[2]);
  if (number) return callBack(call, fields, end, dial[1], number[1], unescapeXml(number[2]).trim());
  const queue = /<Queue\b([^>]*)>([^<]*)<\/Queue>/.exec(twiml);
  if (!queue) {
    log(`no caller to take; ${call.To} hears ${spoken(twiml)} and hangs up`);
    return end('completed', 2);
  }
  const waiting = queues.get(queue[2]) ?? [];
  const caller = waiting.shift();
  if (!caller) {
    log(`queue ${queue[2]} is empty; ${call.To} hangs up`);
    return end('completed', 5);
  }
  const url = attr(queue[1], 'url');
  if (url) {
    await post(absolute(url, call.Url), {
      AccountSid: options.account, ApiVersion: '2010-04-01', CallSid: caller.callSid, From: caller.from, To: caller.line,
      QueueSid: sid('QU'), QueueTime: String(Math.round((Date.now() - caller.since) / 1000)), DequeingCallSid: call.sid,
    });
  }
  log(`${call.To} is put through to ${caller.callSid} from queue ${queue[2]}`);
  bridged.set(caller.callSid, { person: call.To, end, since: Date.now() });
  waiters.get(caller.callSid)?.forEach((wake) => wake());
}

const phoneOf = (number) => {
  if (!phones.has(number)) phones.set(number, { answer: 'human', ring: undefined, polledAt: 0, waiters: [], hangUp: undefined });
  return phones.get(number);
};

// Notes a ring for the simulator and wakes its long poll; true when it is listening (polling now, or a moment ago).
function rang(phone, ring) {
  const listening = phone.waiters.length > 0 || Date.now() - phone.polledAt < 10_000;
  phone.ring = ring;
  phone.waiters.splice(0).forEach((wake) => wake());
  return listening;
}

// Ivr calls a caller back from the person's call (<Dial><Number url=… machineDetection>): the caller's phone answers as
// the simulator asked (a person when it did not), the answer is posted to the Number's url with what machine detection
// made of it, and the Dial's action hears how the dial ended, as Twilio would do.
async function callBack(call, fields, end, dialAttrs, numberAttrs, to) {
  const phone = phoneOf(to);
  const { answer } = phone;
  const callerId = attr(dialAttrs, 'callerId') ?? call.From;
  const action = attr(dialAttrs, 'action');
  const answeredUrl = attr(numberAttrs, 'url');
  const childSid = sid('CA');
  const dialEnded = async (result) => {
    if (!action) return;
    const twiml = await post(absolute(action, call.Url), { ...fields, CallStatus: 'in-progress', DialCallSid: childSid, ...result });
    log(/<Say\b/.test(twiml) ? `${call.To} hears ${spoken(twiml)}` : `the call of ${call.To} ends`);
  };
  log(`${call.To} pressed: Ivr dials ${to} from ${callerId}`);
  await sleep(1000);
  if (answer === 'no-answer') {
    log(`${to} rings; nobody answers`);
    rang(phone, { answered: answer, person: call.To, connected: false });
    await dialEnded({ DialCallStatus: 'no-answer', DialBridged: 'false' });
    return end('completed', 4);
  }

  const answeredBy = answer === 'machine' ? 'machine_start' : 'human';
  log(`${to} answers: ${answer === 'machine' ? 'its voicemail' : 'the caller'} (AnsweredBy ${answeredBy})`);
  const twiml = answeredUrl
    ? await post(absolute(answeredUrl, call.Url), {
      AccountSid: options.account, ApiVersion: '2010-04-01', CallSid: childSid, ParentCallSid: call.sid, Direction: 'outbound-dial',
      From: callerId, To: to, CallStatus: 'in-progress', AnsweredBy: answeredBy,
    })
    : '<Response/>';
  if (/<Hangup\b/.test(twiml)) {
    log(`Ivr hangs up on ${to}`);
    rang(phone, { answered: answer, person: call.To, connected: false });
    await dialEnded({ DialCallStatus: 'completed', DialBridged: 'false' });
    return end('completed', 3);
  }

  log(`${call.To} and ${to} are connected`);
  const started = Date.now();
  // Up until the simulator hangs up for the caller; a short call when nobody plays that phone.
  const hungUp = new Promise((resolve) => {
    const listening = rang(phone, { answered: answer, person: call.To, connected: true });
    const timer = setTimeout(() => resolve(false), listening ? 60_000 : 3000);
    phone.hangUp = () => {
      clearTimeout(timer);
      resolve(true);
    };
  });
  const byCaller = await hungUp;
  phone.hangUp = undefined;
  const talked = Math.max(1, Math.round((Date.now() - started) / 1000));
  log(`${byCaller ? to : call.To} hangs up after ${talked} s`);
  await dialEnded({ DialCallStatus: 'completed', DialBridged: 'true', DialCallDuration: String(talked) });
  return end('completed', talked + 3);
}

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

const readForm = async (req) => Object.fromEntries(new URLSearchParams(await readBody(req)));
const readJson = async (req) => JSON.parse((await readBody(req)) || '{}');

const server = createServer(async (req, res) => {
  try {
    const path = new URL(req.url, 'http://localhost').pathname;
    const create = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/.exec(path);
    if (req.method === 'POST' && create) {
      const expected = `Basic ${Buffer.from(`${options.account}:${options.token}`).toString('base64')}`;
      if (create[1] !== options.account || req.headers.authorization !== expected) {
        return json(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
      }
      const form = await readForm(req);
      if (!form.To || !form.From || !form.Url) return json(res, 400, { code: 21201, message: 'To, From and Url are required', status: 400 });
      const call = { ...form, sid: sid('CA') };
      log(`Ivr places a call to ${form.To} (${call.sid})`);
      playCall(call).catch((err) => log(`the call to ${form.To} failed: ${err.message}`));
      return json(res, 201, { sid: call.sid, account_sid: options.account, to: form.To, from: form.From, status: 'queued', direction: 'outbound-api' });
    }

    // The waiting callers' side, for tools/simulate-call.mjs.
    const sim = /^\/sim\/calls\/([^/]+)\/(joined|left|bridged|ended)$/.exec(path);
    if (sim) {
      const [, callSid, what] = sim;
      if (what === 'joined') {
        const { queue, line, from } = await readJson(req);
        if (!queues.has(queue)) queues.set(queue, []);
        queues.get(queue).push({ callSid, line, from, since: Date.now() });
        return json(res, 200, { position: queues.get(queue).length });
      }
      if (what === 'left') {
        for (const waiting of queues.values()) waiting.splice(0, waiting.length, ...waiting.filter((c) => c.callSid !== callSid));
        return json(res, 200, {});
      }
      if (what === 'bridged') {
        if (!bridged.has(callSid)) {
          await new Promise((resolve) => {
            const wake = () => resolve();
            waiters.set(callSid, [...(waiters.get(callSid) ?? []), wake]);
            setTimeout(resolve, 4000);
          });
        }
        const taken = bridged.get(callSid);
        return json(res, 200, taken ? { bridged: true, person: taken.person } : { bridged: false });
      }
      const taken = bridged.get(callSid);
      bridged.delete(callSid);
      if (taken) await taken.end('completed', Math.round((Date.now() - taken.since) / 1000));
      return json(res, 200, {});
    }
    // The phone of a caller who asked for a callback, for tools/simulate-call.mjs (the number is URL-encoded: %2B31…).
    const ph = /^\/sim\/phones\/([^/]+)\/(expect|rang|hangup)$/.exec(path);
    if (req.method === 'POST' && ph) {
      const number = decodeURIComponent(ph[1]);
      const phone = phoneOf(number);
      if (ph[2] === 'expect') {
        const { answer } = await readJson(req);
        if (!ANSWERS.includes(answer)) return json(res, 400, { message: `answer must be one of ${ANSWERS.join(', ')}` });
        phone.answer = answer;
        phone.ring = undefined; // a ring from before is not this caller's
        log(`${number} will answer a callback as: ${answer}`);
        return json(res, 200, { answer });
      }
      if (ph[2] === 'rang') {
        phone.polledAt = Date.now();
        if (!phone.ring) {
          await new Promise((resolve) => {
            const wake = () => {
              clearTimeout(timer);
              resolve();
            };
            const timer = setTimeout(() => {
              phone.waiters = phone.waiters.filter((w) => w !== wake);
              resolve();
            }, 4000);
            phone.waiters.push(wake);
          });
        }
        phone.polledAt = Date.now();
        const { ring } = phone;
        phone.ring = undefined;
        return json(res, 200, ring ? { rang: true, ...ring } : { rang: false });
      }
      phone.hangUp?.();
      return json(res, 200, {});
    }
    json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
  } catch (err) {
    json(res, 500, { message: err.message });
  }
});

server.listen(Number(options.port), '127.0.0.1', () => log(`listening on http://127.0.0.1:${server.address().port}`));
