// Large suites (issue 15, rows 3 and 4), each run once as a whole process with a fresh store:
//   50,000 tests written inline in promptfooconfig.yaml, `echo`: wall time (target under 5 s) and
//     peak RSS (under 200 MB);
//   100,000 tests from a CSV file, `echo`, `-o results.jsonl`: wall time (under 5 s) and peak RSS
//     (under 150 MB); the JSONL must hold one line per test.
// Both use the default concurrency and keep the store on, as a user's plain `assay eval` would.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertFinished, toMB } from './lib/cli-runner.mjs';
import { generateEchoSuite, generateInlineEchoSuite } from './generate-suite.mjs';

const INLINE_TESTS = 50_000;
const CSV_TESTS = 100_000;

function countLines(file) {
  const text = readFileSync(file, 'utf8');
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

export async function bench({ runCli, home, log }) {
  const rows = [];
  const inlineDir = generateInlineEchoSuite(mkdtempSync(join(tmpdir(), 'assay-inline-suite-')), INLINE_TESTS);
  try {
    const run = await runCli(['eval', '-c', inlineDir, '--no-progress-bar', '--no-table'], {
      ASSAY_HOME: join(home, 'inline-suite'),
    });
    assertFinished('inline suite eval', run);
    log(
      `inline: ${(run.wallMs / 1000).toFixed(2)} s, CPU ${(run.cpuMs / 1000).toFixed(2)} s, ${toMB(run.rss).toFixed(0)} MB`,
    );
    const label = `${INLINE_TESTS.toLocaleString('en')} inline YAML tests, echo`;
    rows.push(
      { name: `${label}: wall`, value: run.wallMs / 1000, unit: 's', target: 5, strict: true },
      { name: `${label}: peak RSS`, value: toMB(run.rss), unit: 'MB', target: 200, strict: true },
      { name: `${label}: CPU`, value: run.cpuMs / 1000, unit: 's' },
    );
  } finally {
    rmSync(inlineDir, { recursive: true, force: true });
  }

  const csvDir = generateEchoSuite(mkdtempSync(join(tmpdir(), 'assay-csv-suite-')), CSV_TESTS);
  try {
    const out = join(csvDir, 'results.jsonl');
    const run = await runCli(['eval', '-c', csvDir, '--no-progress-bar', '--no-table', '-o', out], {
      ASSAY_HOME: join(home, 'csv-suite'),
    });
    assertFinished('CSV suite eval', run);
    const written = countLines(out);
    if (written !== CSV_TESTS) throw new Error(`results.jsonl holds ${written} lines, expected ${CSV_TESTS}`);
    log(
      `csv: ${(run.wallMs / 1000).toFixed(2)} s, CPU ${(run.cpuMs / 1000).toFixed(2)} s, ${toMB(run.rss).toFixed(0)} MB`,
    );
    const label = `${CSV_TESTS.toLocaleString('en')} CSV tests, echo, -o .jsonl`;
    rows.push(
      { name: `${label}: wall`, value: run.wallMs / 1000, unit: 's', target: 5, strict: true },
      { name: `${label}: peak RSS`, value: toMB(run.rss), unit: 'MB', target: 150, strict: true },
      { name: `${label}: CPU`, value: run.cpuMs / 1000, unit: 's' },
    );
  } finally {
    rmSync(csvDir, { recursive: true, force: true });
  }
  return rows;
}
