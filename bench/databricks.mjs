// Throughput against the emulator: 2,000 Databricks chat tests at concurrency 20 with 20 ms of
// latency per request. The physical floor is tests x latency / concurrency = 2.0 s; the figure
// to watch is wall time as a multiple of it, and peak RSS. Cache off: every test is a request.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulators } from '../dist/emulator/index.js';

const TESTS = 2000;
const CONCURRENCY = 20;
const LATENCY_MS = 20;

export default async function benchDatabricks({ runCli, mb }) {
  const emulators = await startEmulators({ knobs: { databricks: { latencyMs: LATENCY_MS } } });
  const dir = mkdtempSync(join(tmpdir(), 'assay-databricks-'));
  try {
    const rows = ['question'];
    for (let i = 0; i < TESTS; i++) rows.push(`What is fact number ${i} about lakehouses?`);
    writeFileSync(join(dir, 'tests.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(dir, 'promptfooconfig.yaml'),
      [
        "prompts: ['{{question}}']",
        'providers:',
        '  - id: databricks:databricks-meta-llama-3-3-70b-instruct',
        '    config: { isPayPerToken: true, temperature: 0 }',
        'defaultTest:',
        '  assert:',
        '    - type: icontains',
        '      value: lakehouses',
        'tests: file://tests.csv',
        '',
      ].join('\n'),
    );
    const run = await runCli(
      ['eval', '-c', dir, '--no-progress-bar', '--no-table', '--no-cache', '-j', String(CONCURRENCY)],
      emulators.env(),
    );
    if (run.status !== 0) {
      console.error(
        `databricks: the eval exited ${run.status}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`,
      );
      process.exitCode = 1;
    }
    const floorMs = (TESTS * LATENCY_MS) / CONCURRENCY;
    const requests = emulators.databricks.requests.filter((r) => r.path.endsWith('/invocations')).length;
    const passed = /✓ ([\d,]+) passed/.exec(run.stdout)?.[1] ?? '?';
    console.log(
      `databricks ${TESTS} chat tests at -j ${CONCURRENCY}, ${LATENCY_MS} ms latency: ${(run.wallMs / 1000).toFixed(2)} s wall = ` +
        `${(run.wallMs / floorMs).toFixed(2)}x the ${(floorMs / 1000).toFixed(1)} s floor (target <= 1.5x), peak RSS ${mb(run.rss)} (target < 160 MB), ` +
        `${requests} requests, ${passed} passed`,
    );
  } finally {
    await emulators.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
