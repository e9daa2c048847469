// Throughput against the emulator (issue 15, row 2): 2,000 Databricks chat tests at -j 20 with
// 20 ms of latency per request, cache off so every test is a request. Assay's whole-process wall
// time is set against a bare undici client loop (bench/lib/bare-client.mjs, its own process) that
// sends exactly the requests Assay sent, at the same concurrency, to the same emulator, in the
// same run: rounds of Assay then bare client, the ratio of each pair, the median ratio reported.
// The latency floor is tests x latency / concurrency = 2.0 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulators } from '../dist/emulator/index.js';
import { assertFinished, toMB } from './lib/cli-runner.mjs';
import { replayPlan, runBareClient, writeDatabricksSuite } from './lib/databricks-load.mjs';
import { median } from './lib/table.mjs';

const TESTS = 2000;
const CONCURRENCY = 20;
const LATENCY_MS = 20;
const ROUNDS = 3;

export async function bench({ runCli, log }) {
  const emulators = await startEmulators({ knobs: { databricks: { latencyMs: LATENCY_MS } } });
  const dir = writeDatabricksSuite(mkdtempSync(join(tmpdir(), 'assay-databricks-')), TESTS);
  const args = ['eval', '-c', dir, '--no-progress-bar', '--no-table', '--no-cache', '-j', String(CONCURRENCY)];
  const assay = [];
  const bare = [];
  let plan;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      emulators.databricks.reset();
      const run = await runCli(args, emulators.env());
      assertFinished('databricks eval', run);
      const requests = emulators.databricks.requests.filter((r) => r.path.endsWith('/invocations')).length;
      if (requests !== TESTS) throw new Error(`expected ${TESTS} invocation requests, the emulator saw ${requests}`);
      plan ??= replayPlan(emulators, CONCURRENCY, TESTS);
      const client = await runBareClient(join(dir, 'plan.json'), plan);
      assay.push(run);
      bare.push(client);
      log(
        `round ${round + 1}: Assay ${(run.wallMs / 1000).toFixed(2)} s (CPU ${(run.cpuMs / 1000).toFixed(2)} s), bare client ${(client.wallMs / 1000).toFixed(2)} s`,
      );
    }
  } finally {
    await emulators.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const floorMs = (TESTS * LATENCY_MS) / CONCURRENCY;
  const assayWall = median(assay.map((r) => r.wallMs));
  const bareWall = median(bare.map((r) => r.wallMs));
  const cpuPerCell = median(assay.map((r) => r.cpuMs)) / TESTS;
  return [
    {
      name: `${TESTS} tests -j ${CONCURRENCY}, ${LATENCY_MS} ms: wall / bare client`,
      value: median(assay.map((r, i) => r.wallMs / bare[i].wallMs)),
      unit: 'x',
      target: 1.25,
      strict: true,
      note: `Assay ${(assayWall / 1000).toFixed(2)} s vs bare undici loop ${(bareWall / 1000).toFixed(2)} s, both whole processes sending the same ${TESTS} requests at -j ${CONCURRENCY}; median of ${ROUNDS} back-to-back pairs`,
    },
    { name: 'Assay wall', value: assayWall / 1000, unit: 's' },
    { name: 'bare client wall', value: bareWall / 1000, unit: 's' },
    {
      name: 'wall / latency floor',
      value: assayWall / floorMs,
      unit: 'x',
      target: 1.5,
      note: `floor = ${TESTS} x ${LATENCY_MS} ms / ${CONCURRENCY} = ${(floorMs / 1000).toFixed(1)} s`,
    },
    {
      name: 'Assay CPU per cell',
      value: cpuPerCell,
      unit: 'ms',
      note: 'user + system CPU time of the whole Assay process (start-up included) / tests',
    },
    { name: 'peak RSS', value: toMB(median(assay.map((r) => r.rss))), unit: 'MB', target: 160, strict: true },
  ];
}
