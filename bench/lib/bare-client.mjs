// The bare HTTP client a throughput bench measures Assay against: the same POST requests, at the
// same concurrency, through undici's pooled `request`, with nothing else: no templating, grading,
// results or output. Run as its own process (`node bench/lib/bare-client.mjs <plan.json>`), so its
// wall time includes a Node start-up just as Assay's does. The plan file is
//   { "url": "...", "headers": { ... }, "concurrency": 20, "bodies": [ <one JSON body a request> ] }
// Prints one JSON line: { ok, failed, wallMs } (wallMs from the first request to the last reply).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const dispatcher = new Agent({ connections: plan.concurrency, keepAliveTimeout: 30_000 });
const headers = { 'content-type': 'application/json', ...plan.headers };
let next = 0;
let ok = 0;
let failed = 0;

async function lane() {
  while (next < plan.bodies.length) {
    const body = JSON.stringify(plan.bodies[next++]);
    const reply = await request(plan.url, { method: 'POST', headers, body, dispatcher });
    // Parse the reply as a client must, to be fair to one that uses it.
    await reply.body.json();
    if (reply.statusCode === 200) ok++;
    else failed++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: plan.concurrency }, lane));
const wallMs = performance.now() - started;
await dispatcher.close();
console.log(JSON.stringify({ ok, failed, wallMs }));
