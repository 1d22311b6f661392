#!/usr/bin/env node
// Writes a pool of incoming-call webhooks, each signed with the official twilio package exactly as Twilio
// signs it, one per line: "<X-Twilio-Signature>\t<form body>". wrk-signed.lua and coldstart.mjs replay them.
// Usage: node bench/sign-requests.mjs --token <auth token> --base-url <Twilio__PublicBaseUrl>
//          --line <E.164> --count 2000 --out <file>
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import twilio from 'twilio';

const { values: opt } = parseArgs({
  options: {
    token: { type: 'string' }, 'base-url': { type: 'string' }, line: { type: 'string' },
    count: { type: 'string', default: '2000' }, out: { type: 'string' },
    path: { type: 'string', default: '/api/voice/incoming' },
  },
});
for (const name of ['token', 'base-url', 'line', 'out']) {
  if (!opt[name]) { console.error(`sign-requests: --${name} is required`); process.exit(2); }
}

const url = opt['base-url'].replace(/\/+$/, '') + opt.path;
const hex = (bytes) => randomBytes(bytes).toString('hex');
const lines = [];
for (let i = 0; i < Number(opt.count); i++) {
  // The fields Twilio posts for a ringing inbound call (as tests/Ivr.Tests/Infrastructure/SimulatedCall.cs).
  const caller = '+316' + String(10000000 + i).slice(-8);
  const params = {
    AccountSid: 'AC00000000000000000000000000000000',
    ApiVersion: '2010-04-01',
    CallSid: 'CA' + hex(16),
    From: caller,
    To: opt.line,
    Caller: caller,
    Called: opt.line,
    CallStatus: 'ringing',
    Direction: 'inbound',
    FromCountry: 'NL',
    ToCountry: 'NL',
  };
  const signature = twilio.getExpectedTwilioSignature(opt.token, url, params);
  lines.push(`${signature}\t${new URLSearchParams(params).toString()}`);
}
writeFileSync(opt.out, lines.join('\n') + '\n');
