// The official twilio package as a test oracle. One JSON request per stdin line, one JSON answer per stdout line:
//   {"op":"sign","token":"…","url":"…","params":{"Name":"value" | ["v1","v2"]}}        -> {"signature":"…"}
//   {"op":"validate","token":"…","signature":"…","url":"…","params":{…}}              -> {"valid":true|false}
//   {"op":"twiml","verbs":[{"verb":"dial","attrs":{…},"nouns":[{"noun":"number","attrs":{…},"text":"…"}]}, …]}
//                                                                                      -> {"xml":"…"}
//   {"op":"createCall","baseUrl":"http://127.0.0.1:…","username":"AC…|SK…","password":"…","accountSid":"AC…","params":{…}}
//     client.calls.create(params) with the package's own REST client, its requests sent to baseUrl instead of
//     https://api.twilio.com (same path, query, headers and body)      -> {"sid":"CA…"} | {"rest":{"status":…,"code":…,"message":"…"}}
import readline from 'node:readline';
import twilio from 'twilio';

function twiml(verbs) {
  const response = new twilio.twiml.VoiceResponse();
  for (const { verb, attrs = {}, text, nouns = [] } of verbs) {
    if (verb === 'hangup') { response.hangup(); continue; }
    const element = text === undefined ? response[verb](attrs) : response[verb](attrs, text);
    for (const { noun, attrs: nounAttrs = {}, text: address } of nouns) element[noun](nounAttrs, address);
  }
  return response.toString();
}

/** The package's RequestClient, with only the scheme, host and port of each request replaced by baseUrl's. */
function redirectedTo(baseUrl) {
  const inner = new twilio.RequestClient();
  inner.axios.defaults.proxy = false; // straight to the loopback listener, whatever HTTP_PROXY says
  return {
    request(opts) {
      const target = new URL(opts.uri);
      const base = new URL(baseUrl);
      target.protocol = base.protocol;
      target.host = base.host;
      return inner.request({ ...opts, uri: target.href });
    },
  };
}

async function createCall({ baseUrl, username, password, accountSid, params }) {
  const client = twilio(username, password, { accountSid, httpClient: redirectedTo(baseUrl) });
  try {
    const call = await client.calls.create(params);
    return { sid: call.sid };
  } catch (error) {
    if (error instanceof twilio.RestException) return { rest: { status: error.status, code: error.code ?? null, message: error.message } };
    throw error;
  }
}

function answer(request) {
  switch (request.op) {
    case 'sign': return { signature: twilio.getExpectedTwilioSignature(request.token, request.url, request.params) };
    case 'validate': return { valid: twilio.validateRequest(request.token, request.signature, request.url, request.params) };
    case 'twiml': return { xml: twiml(request.verbs) };
    case 'createCall': return createCall(request);
    default: throw new Error(`unknown op ${request.op}`);
  }
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', async line => {
  let reply;
  try { reply = await answer(JSON.parse(line)); } catch (error) { reply = { error: String(error?.stack ?? error) }; }
  process.stdout.write(JSON.stringify(reply) + '\n');
});
