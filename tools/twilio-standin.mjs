#!/usr/bin/env node
// A local stand-in for Twilio, for trying a line's queue without a Twilio account (started by bash scripts/start.sh).
// It answers Ivr's REST requests to place calls (POST /2010-04-01/Accounts/{AccountSid}/Calls.json) and then plays
// what Twilio and the person would do on that call, every webhook signed as Twilio signs it: the person picks up,
// presses a key if Ivr asks, and Ivr's <Dial><Queue> takes the caller who has waited longest in that queue.
// tools/simulate-call.mjs plays the waiting callers: it tells this stand-in when its caller joins or leaves a queue,
// and asks it whether a person took them.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import twilio from 'twilio';

const USAGE = `usage: node tools/twilio-standin.mjs --url <Ivr URL> --token <auth token> --account <AccountSid> [--port <port>]
  Answers Ivr's requests to place calls as Twilio's REST API does, and plays the person's side of each call.
  --port 0 (the default) picks a free port; the line "listening on <URL>" says which.`;

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

const absolute = (url, base) => (/^https?:\/\//i.test(url) ? url : new URL(url, base).href);
const attr = (attrs, name) => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1]?.replace(/&amp;/g, '&');

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
    log(`${call.To} hears the offer and presses 1`);
    await sleep(500);
    twiml = await post(absolute(attr(gather[1], 'action'), call.Url), { ...fields, CallStatus: 'in-progress', Digits: '1' });
  }
  const queue = /<Queue\b([^>]*)>([^<]*)<\/Queue>/.exec(twiml);
  if (!queue) {
    log(`no queue to take a caller from; ${call.To} hangs up`);
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
    json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
  } catch (err) {
    json(res, 500, { message: err.message });
  }
});

server.listen(Number(options.port), '127.0.0.1', () => log(`listening on http://127.0.0.1:${server.address().port}`));
