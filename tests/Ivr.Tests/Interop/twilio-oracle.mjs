// The official twilio package as a test oracle. One JSON request per stdin line, one JSON answer per stdout line:
//   {"op":"sign","token":"…","url":"…","params":{"Name":"value" | ["v1","v2"]}}        -> {"signature":"…"}
//   {"op":"validate","token":"…","signature":"…","url":"…","params":{…}}              -> {"valid":true|false}
//   {"op":"twiml","verbs":[{"verb":"dial","attrs":{…},"nouns":[{"noun":"number","attrs":{…},"text":"…"}]}, …]}
//                                                                                      -> {"xml":"…"}
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

function answer(request) {
  switch (request.op) {
    case 'sign': return { signature: twilio.getExpectedTwilioSignature(request.token, request.url, request.params) };
    case 'validate': return { valid: twilio.validateRequest(request.token, request.signature, request.url, request.params) };
    case 'twiml': return { xml: twiml(request.verbs) };
    default: throw new Error(`unknown op ${request.op}`);
  }
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', line => {
  let reply;
  try { reply = answer(JSON.parse(line)); } catch (error) { reply = { error: String(error?.stack ?? error) }; }
  process.stdout.write(JSON.stringify(reply) + '\n');
});
