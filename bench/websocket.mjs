// WebSocket provider throughput: 1,000 calls at concurrency 50 against the emulator's streaming
// /chunks endpoint. Needs a build first (`npm run build`); imports the compiled files from dist/.

import { startWebSocketEmulator } from '../dist/emulator/websocket.js';
import { createProvider } from '../dist/providers/registry.js';

const CALLS = Number(process.env.CALLS ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 50);

const emulator = await startWebSocketEmulator();
const provider = await createProvider({
  id: `${emulator.url}/chunks`,
  env: {},
  basePath: process.cwd(),
  config: {
    messageTemplate: '{"prompt": {{ prompt | dump }} }',
    streamResponse: `(accumulator, data) => {
      const msg = JSON.parse(data.data);
      const previous = typeof accumulator?.output === 'string' ? accumulator.output : '';
      if (msg.type === 'chunk') return [{ output: previous + msg.text }, false];
      return [{ output: previous }, msg.type === 'done'];
    }`,
  },
});

let next = 0;
let errors = 0;
let wrong = 0;
const firstErrors = new Set();
const latencies = [];
const started = performance.now();
async function worker() {
  while (next < CALLS) {
    const i = next++;
    const prompt = `question number ${i} about streams`;
    const response = await provider.call(prompt, { vars: { i }, prompt: { raw: prompt, label: 'bench' }, repeatIndex: 0 });
    if (response.error) {
      errors++;
      if (firstErrors.size < 3) firstErrors.add(response.error);
    } else if (response.output !== `You said: ${prompt}`) wrong++;
    latencies.push(response.latencyMs ?? 0);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const wallMs = performance.now() - started;

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(`websocket /chunks: ${CALLS} calls, concurrency ${CONCURRENCY}`);
console.log(`wall time ${wallMs.toFixed(0)} ms (${((CALLS / wallMs) * 1000).toFixed(0)} calls/s)`);
console.log(`errors ${errors}, wrong outputs ${wrong}; latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`);
for (const message of firstErrors) console.log(`  e.g. ${message}`);

await provider.close?.();
const until = Date.now() + 5000;
while (emulator.connections > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
console.log(`server connections left open: ${emulator.connections}`);
await emulator.close();
