// Scale: a 10,000-test echo suite from CSV at -j 16 with `-o out.jsonl`: wall time and peak RSS
// (target under 150 MB), and that every result was written.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertFinished, toMB } from './lib/cli-runner.mjs';
import { generateEchoSuite } from './generate-suite.mjs';

const TESTS = 10_000;

export async function bench({ runCli }) {
  const dir = generateEchoSuite(mkdtempSync(join(tmpdir(), 'assay-scale-')), TESTS);
  try {
    const run = await runCli(['eval', '-c', dir, '--no-progress-bar', '-j', '16', '-o', join(dir, 'out.jsonl')]);
    assertFinished('scale eval', run);
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trimEnd().split('\n').length;
    if (lines !== TESTS) throw new Error(`out.jsonl holds ${lines} results, expected ${TESTS}`);
    return [
      { name: '10,000 CSV tests, echo, -j 16: wall', value: run.wallMs / 1000, unit: 's' },
      { name: '10,000 CSV tests, echo, -j 16: CPU', value: run.cpuMs / 1000, unit: 's' },
      { name: '10,000 CSV tests, echo, -j 16: peak RSS', value: toMB(run.rss), unit: 'MB', target: 150, strict: true },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
