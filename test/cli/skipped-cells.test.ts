// Cells a stopped run never finished are counted as skipped in the summary, every output and the
// exit code (issue 8, defect 10): --max-eval-time used to report "8 passed" and exit 0.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli, writeFiles } from '../support/cli.js';
import { decodeReport } from '../viewer/report/report-fixture.js';

// The first `answered` cells reply at once; every later one hangs and ignores its abort signal,
// so the counts do not depend on how fast the machine is.
function hangingSuite(tests: number, answered: number) {
  const testList = Array.from(
    { length: tests },
    (_, i) => `  - description: case ${i}\n    vars: { n: ${i} }\n    assert: [{ type: contains, value: 'n${i}' }]`,
  ).join('\n');
  return writeFiles({
    'provider.mjs': `export default async function (prompt, context) {
  if (Number(context.vars.n) < ${answered}) return { output: prompt };
  return new Promise(() => {});
}\n`,
    'promptfooconfig.yaml': `prompts: ['n{{n}}']\nproviders: [file://provider.mjs]\ntests:\n${testList}\n`,
  });
}

describe('--max-eval-time counts the cells it never ran', () => {
  it('reports them as skipped in the summary, every output format and exit code 100', async () => {
    const dir = hangingSuite(40, 8);
    const outputs = ['out.json', 'out.jsonl', 'out.csv', 'out.html', 'out.xml', 'out.yaml'].map((f) => join(dir, f));
    const run = await runCli(
      ['eval', '--no-progress-bar', '--no-table', '-j', '4', '--max-eval-time', '1500', '-o', ...outputs],
      { cwd: dir },
    );

    expect(run.code).toBe(100);
    expect(run.stdout).toMatch(/8 passed/);
    expect(run.stdout).toMatch(/32 skipped/);

    const json = JSON.parse(readFileSync(outputs[0]!, 'utf8'));
    expect(json.results.stats).toMatchObject({ successes: 8, failures: 0, errors: 0, skipped: 32 });
    expect(json.results.results).toHaveLength(8);

    const lines = readFileSync(outputs[1]!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(40);
    const skippedLines = lines.filter((line) => line.skipped === true);
    expect(skippedLines).toHaveLength(32);
    expect(skippedLines[0].reason).toMatch(/max duration/);
    expect(new Set(lines.map((line) => line.testIdx)).size).toBe(40);

    const csv = readFileSync(outputs[2]!, 'utf8').trim().split('\n');
    expect(csv).toHaveLength(41);
    expect(csv.filter((line) => line.includes(',SKIPPED,'))).toHaveLength(32);

    const html = decodeReport(outputs[3]!).data;
    expect(html.rows.flatMap((row) => row.cells).filter((cell) => cell?.status === 'skipped')).toHaveLength(32);
    expect(html.header.listing).toMatchObject({ status: 'interrupted', skipped: 32 });
    expect(Object.values(html.details).filter((detail) => detail.status === 'skipped')).toHaveLength(32);

    const xml = readFileSync(outputs[4]!, 'utf8');
    expect(xml).toContain('tests="40" failures="0" errors="0" skipped="32"');
    expect(xml.match(/<skipped /g)).toHaveLength(32);

    const yaml = parseYaml(readFileSync(outputs[5]!, 'utf8'));
    expect(yaml.results.stats.skipped).toBe(32);
  });

  it('a run that finishes every cell has nothing skipped and exits 0', async () => {
    const dir = hangingSuite(6, 6);
    const run = await runCli(
      ['eval', '--no-progress-bar', '--max-eval-time', '60000', '-o', join(dir, 'out.xml'), join(dir, 'out.json')],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/skipped/);
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toContain('skipped="0"');
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results.stats.skipped).toBe(0);
  });
});
