// Start-up (issue 15, row 1): a one-test eval as a whole process, median of 10 runs after a warm-up:
// against the Databricks emulator (20 ms latency, the setting; target under 0.18 s), with
// `echo` (target under 0.25 s), and `node -e 0` as the floor Node itself sets. The three are run
// in turn within each round, so a busy moment on the machine touches all of them alike.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulators } from '../dist/emulator/index.js';
import { assertFinished, runProcess, toMB } from './lib/cli-runner.mjs';
import { DATABRICKS_MODEL } from './lib/databricks-load.mjs';
import { median } from './lib/table.mjs';

const RUNS = 10;
const LATENCY_MS = 20;

function writeOneTest(dir, provider) {
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    `prompts: ['Tell me about {{topic}}']\nproviders:\n  - ${provider}\ntests:\n  - vars: { topic: lakehouses }\n    assert:\n      - type: icontains\n        value: lakehouses\n`,
  );
  return dir;
}

export async function bench({ runCli }) {
  const emulators = await startEmulators({ knobs: { databricks: { latencyMs: LATENCY_MS } } });
  const dbDir = writeOneTest(
    mkdtempSync(join(tmpdir(), 'assay-startup-db-')),
    `{ id: 'databricks:${DATABRICKS_MODEL}', config: { isPayPerToken: true, temperature: 0 } }`,
  );
  const echoDir = writeOneTest(mkdtempSync(join(tmpdir(), 'assay-startup-echo-')), 'echo');
  const evalArgs = (dir) => ['eval', '-c', dir, '--no-progress-bar'];
  const db = [];
  const echo = [];
  const bare = [];
  try {
    // Warm the file-system cache (and any compile cache) first; not counted.
    assertFinished('databricks one-test eval', await runCli(evalArgs(dbDir), emulators.env()));
    assertFinished('echo one-test eval', await runCli(evalArgs(echoDir)));
    for (let i = 0; i < RUNS; i++) {
      const dbRun = await runCli(evalArgs(dbDir), emulators.env());
      assertFinished('databricks one-test eval', dbRun);
      db.push(dbRun);
      const echoRun = await runCli(evalArgs(echoDir));
      assertFinished('echo one-test eval', echoRun);
      echo.push(echoRun);
      bare.push(await runProcess(process.execPath, ['-e', '0']));
    }
  } finally {
    await emulators.close();
    rmSync(dbDir, { recursive: true, force: true });
    rmSync(echoDir, { recursive: true, force: true });
  }
  const wall = (runs) => median(runs.map((r) => r.wallMs)) / 1000;
  return [
    {
      name: '1-test Databricks eval, whole process',
      value: wall(db),
      unit: 's',
      target: 0.18,
      strict: true,
      note: `median of ${RUNS} runs after a warm-up, emulator latency ${LATENCY_MS} ms`,
    },
    // CPU time is far steadier than wall time on a shared machine: the figure to compare builds by.
    { name: '1-test Databricks eval, CPU', value: median(db.map((r) => r.cpuMs)), unit: 'ms' },
    { name: '1-test echo eval, whole process', value: wall(echo), unit: 's', target: 0.25, strict: true },
    { name: '1-test echo eval, CPU', value: median(echo.map((r) => r.cpuMs)), unit: 'ms' },
    { name: 'node -e 0 (floor)', value: wall(bare), unit: 's' },
    { name: '1-test echo eval, peak RSS', value: toMB(median(echo.map((r) => r.rss))), unit: 'MB' },
  ];
}
