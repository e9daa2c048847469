// Call policy under faults, through the whole CLI:
//   dead server: 120 tests against a port where nothing listens. The circuit breaker fails the
//     remaining cells at once after a few connection failures; target: the run ends in < 10 s
//     (before it, each cell retried ECONNREFUSED five times: 88 s).
//   rate limit: 40 tests at -j 8 against the OpenAI emulator limited to 20 requests a minute. Half
//     the cells must wait for the one-minute window to free up, so ~60 s is the floor; the figure
//     to watch is wall time over that floor, how many 429s it took, and that every cell passed.
// Figures are reported, never asserted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulators } from '../dist/emulator/index.js';

async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function writeSuite(dir, tests, provider) {
  const rows = ['question', ...Array.from({ length: tests }, (_, i) => `What is fact number ${i} about limits?`)];
  writeFileSync(join(dir, 'tests.csv'), `${rows.join('\n')}\n`);
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    [
      "prompts: ['{{question}}']",
      'providers:',
      ...provider,
      'defaultTest:',
      '  assert:',
      '    - type: icontains',
      '      value: limits',
      'tests: file://tests.csv',
      '',
    ].join('\n'),
  );
}

const count = (pattern, text) => /([\d,]+)/.exec(pattern.exec(text)?.[0] ?? '')?.[1] ?? '?';

async function benchDeadServer({ runCli }) {
  const dir = mkdtempSync(join(tmpdir(), 'assay-dead-server-'));
  try {
    const port = await closedPort();
    writeSuite(dir, 120, [
      '  - id: openai:chat:gpt-4o-mini',
      `    config: { apiBaseUrl: 'http://127.0.0.1:${port}/v1', apiKey: sk-bench-dead-server }`,
    ]);
    const run = await runCli(['eval', '-c', dir, '--no-progress-bar', '--no-table', '--no-cache']);
    const errors = count(/✗ ([\d,]+) errors/, run.stdout);
    return [
      {
        name: 'dead server, 120 tests: wall',
        value: run.wallMs / 1000,
        unit: 's',
        target: 10,
        strict: true,
        note: `nothing listening: ${errors} errors, exit ${run.status}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchRateLimit({ runCli }) {
  const TESTS = 40;
  const RPM = 20;
  const emulators = await startEmulators({ knobs: { openai: { rpm: RPM } } });
  const dir = mkdtempSync(join(tmpdir(), 'assay-rate-limit-'));
  try {
    writeSuite(dir, TESTS, ['  - id: openai:chat:gpt-4o-mini']);
    const run = await runCli(['eval', '-c', dir, '--no-table', '--no-cache', '-j', '8'], {
      ...emulators.env(),
      NO_COLOR: '1',
    });
    const statuses = emulators.openai.requests.map((r) => r.status);
    const limited = statuses.filter((s) => s === 429).length;
    const waits = run.stderr.split('\n').filter((line) => line.startsWith('Waiting')).length;
    const passed = count(/✓ ([\d,]+) passed/, run.stdout);
    if (run.status !== 0)
      throw new Error(`rate limit: exited ${run.status}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`);
    return [
      {
        name: `rate limit, ${TESTS} tests -j 8 at ${RPM}/min: wall`,
        value: run.wallMs / 1000,
        unit: 's',
        note: `floor ~60 s (the one-minute window must free up): ${statuses.length} requests, ${limited} answered 429, ${waits} waiting notices printed, ${passed} passed`,
      },
    ];
  } finally {
    await emulators.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function bench(ctx) {
  return [...(await benchDeadServer(ctx)), ...(await benchRateLimit(ctx))];
}
