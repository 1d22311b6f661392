#!/usr/bin/env node
// A loopback HTTP relay to Table Storage (Azurite) that holds every request back --delay-ms before passing it on,
// like a distant or congested storage account. bench/run.sh points Ivr at it to show that webhook latency does not
// follow storage latency. Prints "listening <port>" once it accepts connections.
// Usage: node bench/slow-storage.mjs --target-port <Azurite's port> --delay-ms 200 [--port 0]
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: { 'target-port': { type: 'string' }, 'delay-ms': { type: 'string', default: '200' }, port: { type: 'string', default: '0' } },
});
if (!opt['target-port']) { console.error('slow-storage: --target-port is required'); process.exit(2); }
const targetPort = Number(opt['target-port']);
const delayMs = Number(opt['delay-ms']);
const agent = new http.Agent({ keepAlive: true });
let relayed = 0;

const server = http.createServer((request, response) => {
  // Buffer the request first so the delay holds back the whole of it, as a slow link would.
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => setTimeout(() => {
    const upstream = http.request({
      host: '127.0.0.1', port: targetPort, method: request.method, path: request.url, headers: request.headers, agent,
    }, (answer) => {
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
      relayed++;
    });
    upstream.on('error', (error) => { response.writeHead(502); response.end(String(error)); });
    upstream.end(Buffer.concat(chunks));
  }, delayMs));
});
server.listen(Number(opt.port), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
// The relayed count on the way out: the report says how many storage requests went through the delay.
const stop = () => { console.log(`relayed ${relayed}`); server.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
