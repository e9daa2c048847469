// WebSocket: an eval of 1,000 tests against the emulator's streaming endpoint (/chunks: several
// frames then `done`, assembled by streamResponse) at concurrency 50. Reports wall time and errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebSocketEmulator } from '../dist/emulator/websocket.js';

const TESTS = 1000;
const CONCURRENCY = 50;

export async function bench({ runCli, toMB }) {
  const emulator = await startWebSocketEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'assay-websocket-'));
  try {
    const rows = ['question'];
    for (let i = 0; i < TESTS; i++) rows.push(`question number ${i} about streams`);
    writeFileSync(join(dir, 'tests.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(dir, 'promptfooconfig.yaml'),
      [
        "prompts: ['{{question}}']",
        'providers:',
        `  - id: '${emulator.url}/chunks'`,
        '    config:',
        '      messageTemplate: \'{"prompt": {{ prompt | dump }}}\'',
        '      streamResponse: |',
        '        (accumulator, event) => {',
        '          const frame = JSON.parse(event.data);',
        "          const text = (accumulator?.output ?? '') + (frame.type === 'chunk' ? frame.text : '');",
        "          return [{ output: text }, frame.type === 'done'];",
        '        }',
        'defaultTest:',
        '  assert:',
        '    - type: javascript',
        '      value: "output === \'You said: \' + context.vars.question"',
        'tests: file://tests.csv',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'results.json');
    const run = await runCli([
      'eval',
      '-c',
      dir,
      '--no-progress-bar',
      '--no-table',
      '-j',
      String(CONCURRENCY),
      '-o',
      out,
    ]);
    const stats =
      run.status === 0 || run.status === 100 ? JSON.parse(readFileSync(out, 'utf8')).results.stats : undefined;
    if (!stats || run.status !== 0) {
      throw new Error(
        `websocket: the eval exited ${run.status}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`,
      );
    }
    const label = `${TESTS} streamed tests -j ${CONCURRENCY}`;
    return [
      {
        name: `${label}: wall`,
        value: run.wallMs / 1000,
        unit: 's',
        note: `${stats.successes} passed, ${stats.failures} failed, ${stats.errors} errors`,
      },
      { name: `${label}: peak RSS`, value: toMB(run.rss), unit: 'MB' },
      { name: 'connections left open after the run', value: emulator.connections, unit: '', target: 0 },
    ];
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
