// The model mapping on a real run: `assay eval` of a small echo suite with failing assertions,
// written as results.json and report.html; every cell of the report matches its result, and
// `assay show <id> -o report.html` writes the same report from the store.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvalResult } from '../../../src/results/types.js';
import { runCli, tempDir, writeFiles } from '../../support/cli.js';
import { decodeReport } from './report-fixture.js';

const CONFIG = `description: echo <b>suite</b>
prompts: ['Say {{word}}', 'Shout {{word}}']
providers: [echo]
tests:
  - description: a greeting
    vars: { word: hello }
    metadata: { topic: greetings }
    assert:
      - { type: contains, value: hello, metric: mentions }
  - description: a farewell that fails twice
    vars: { word: bye }
    assert:
      - { type: contains, value: hello, metric: mentions }
      - { type: icontains, value: SAY }
  - vars: { word: '</script><img src=x onerror=alert(1)>' }
    assert:
      - { type: javascript, value: "output.length > 1000" }
`;

describe('the report of a real eval', () => {
  it('maps each result to its matrix cell and details; show -o report.html writes the same file', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': CONFIG });
    const env = { ASSAY_HOME: join(tempDir(), 'home') };
    const ran = await runCli(['eval', '--no-table', '--no-progress-bar', '-o', 'out.json', 'report.html'], {
      cwd: dir,
      env,
    });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(100);
    const results = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results.results as EvalResult[];
    const { data, outsidePayload } = decodeReport(join(dir, 'report.html'));
    expect(outsidePayload).not.toContain('onerror');

    expect(data.header.columns.map((c) => [c.provider, c.promptLabel])).toEqual([
      ['echo', 'Say {{word}}'],
      ['echo', 'Shout {{word}}'],
    ]);
    expect(data.header.varNames).toEqual(['word']);
    expect(data.header.metricNames).toEqual(['mentions']);
    expect(data.header.metadataKeys).toEqual(['topic']);
    expect(data.header.listing).toMatchObject({ description: 'echo <b>suite</b>', status: 'complete', cells: 6 });
    expect(data.rows.map((row) => [row.description, row.vars.word, row.metadata])).toEqual([
      ['a greeting', 'hello', { topic: 'greetings' }],
      ['a farewell that fails twice', 'bye', undefined],
      [undefined, '</script><img src=x onerror=alert(1)>', undefined],
    ]);
    expect(results).toHaveLength(6);
    for (const result of results) {
      const cell = data.rows[result.testIdx]!.cells[result.promptIdx]!;
      expect(cell).toMatchObject({
        cellId: result.cellId,
        status: result.success ? 'pass' : 'fail',
        score: result.score,
        output: result.response?.output,
        outputTruncated: false,
        namedScores: result.namedScores,
        attempts: 1,
      });
      const failedReasons = (result.gradingResult?.componentResults ?? []).filter((c) => !c.pass).map((c) => c.reason);
      expect(cell.failureReasons).toEqual(failedReasons);
      const detail = data.details[result.cellId!]!;
      expect(detail.final.kind === 'result' && detail.final.result).toEqual(result);
    }
    // "Say bye" fails one assertion, "Shout bye" both: one reason per failed assertion.
    expect(data.rows[1]!.cells.map((cell) => cell!.failureReasons.length)).toEqual([1, 2]);
    expect(data.summary.columns.map((c) => [c.pass, c.fail, c.error])).toEqual([
      [1, 2, 0],
      [1, 2, 0],
    ]);

    const shown = await runCli(['show', 'latest', '--no-table', '-o', 'shown.html'], { cwd: dir, env });
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(decodeReport(join(dir, 'shown.html')).data).toEqual(data);
    expect(readFileSync(join(dir, 'shown.html'), 'utf8')).toBe(readFileSync(join(dir, 'report.html'), 'utf8'));
  });
});
