import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleTableSink } from '../../../src/results/sinks/console-table.js';
import { makeInfo, makeResult, runSink, scrambledResults } from '../factory.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { stream, text: () => out };
}

describe('ConsoleTableSink', () => {
  it('prints the header, at most 25 rows in test order and a "more rows" line', async () => {
    const { stream, text } = capture();
    const info = makeInfo(40, 2);
    await runSink(new ConsoleTableSink(stream, { width: 200 }), info, scrambledResults(40, 2));
    const out = text();
    expect(out).toContain('[echo] prompt-0');
    expect(out).toContain('[Mock Labelled] prompt-1');
    expect(out).toContain('question 24');
    expect(out).not.toContain('question 25 ');
    // One line in an 80-column terminal (the longer wording wrapped its last word).
    expect(out).toContain('… 15 more rows not shown; -o results.html (or .csv, .json) keeps every row\n');
    expect(out.indexOf('question 3 ')).toBeLessThan(out.indexOf('question 4 '));
    expect(out).toContain('[PASS] answer 0/0');
    expect(out).toContain('[FAIL] Expected output to contain "x"');
    expect(out).toContain('[ERROR] HTTP 500: boom');
    // Not a TTY: no colour codes.
    expect(out).not.toContain('\u001b[');
  });

  it('ellipsizes long cells and marks cached responses', async () => {
    const { stream, text } = capture();
    const long = makeResult(0, 0, 'pass', { response: { output: 'word '.repeat(200), cached: true } });
    await runSink(new ConsoleTableSink(stream, { maxCellLength: 40, width: 200 }), makeInfo(1, 1), [long]);
    const out = text();
    expect(out).toContain('…');
    expect(out).toContain('(cached)');
    expect(out.match(/word/g)!.length).toBeLessThan(10);
  });

  it('colours cells when asked', async () => {
    const { stream, text } = capture();
    await runSink(new ConsoleTableSink(stream, { color: true, width: 120 }), makeInfo(1, 1), [
      makeResult(0, 0, 'fail'),
    ]);
    expect(text()).toContain('\u001b[31m[FAIL]');
  });

  it('shows incomplete rows of an aborted run', async () => {
    const { stream, text } = capture();
    await runSink(new ConsoleTableSink(stream, { width: 160 }), makeInfo(3, 2), [makeResult(1, 1)]);
    expect(text()).toContain('(not run)');
    expect(text()).not.toContain('more rows');
  });
});

const strip = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('ConsoleTableSink in an 80-column terminal', () => {
  it('names the output files that hold the rows it leaves out', async () => {
    const { stream, text } = capture();
    await runSink(
      new ConsoleTableSink(stream, { width: 80, outputs: ['out/results.json', 'out/results.csv'] }),
      makeInfo(30, 1),
      scrambledResults(30, 1),
    );
    expect(text()).toContain('… 5 more rows not shown; every row is in out/results.json, out/results.csv');
  });

  it('keeps a two-column matrix as the full table, within 80 columns', async () => {
    const { stream, text } = capture();
    await runSink(
      new ConsoleTableSink(stream, { width: 80, color: true }),
      makeInfo(3, 1, { varNames: ['q'] }),
      scrambledResults(3, 1),
    );
    const lines = strip(text()).trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(strip(text())).toContain('[PASS] answer 0/0');
  });

  it('turns a wide matrix into a pass/fail grid with a legend and the reasons below', async () => {
    const { stream, text } = capture();
    const info = makeInfo(4, 6);
    const results = [];
    for (let t = 0; t < 4; t++)
      for (let p = 0; p < 6; p++)
        results.push(makeResult(t, p, t === 1 && p === 2 ? 'fail' : t === 3 && p === 5 ? 'error' : 'pass'));
    results[23] = makeResult(3, 5, 'error', {
      error:
        'Databricks API error: HTTP 429 Too Many Requests from x.cloud.databricks.com/serving-endpoints/m/invocations: ' +
        'The endpoint is receiving more requests than it allows for this workspace tier right now (code: REQUEST_LIMIT_EXCEEDED). Lower -j.',
    });
    await runSink(new ConsoleTableSink(stream, { width: 80, color: true }), info, results);
    const out = strip(text());
    const lines = out.trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    // One line per row: the marks line up under numbered columns.
    const row1 = lines.find((l) => l.includes('q=question 1'))!;
    expect(row1.match(/PASS|FAIL|ERROR/g)).toEqual(['PASS', 'PASS', 'FAIL', 'PASS', 'PASS', 'PASS']);
    expect(out).toContain('#1 [echo] prompt-0');
    expect(out).toContain('#6 [Mock Labelled] prompt-5');
    expect(out).toContain('Not passed:');
    expect(out).toContain('q=question 1, lang=en · #3 [FAIL] Expected output to contain "x"');
    // The error keeps its status and code even when cut to fit.
    const errorLine = lines[lines.findIndex((l) => l.includes('[ERROR]')) + 1]!;
    expect(errorLine).toMatch(/^ {4}HTTP 429/);
    expect(errorLine).toContain('HTTP 429 Too Many Requests');
    expect(errorLine).toContain('REQUEST_LIMIT_EXCEEDED');
  });
});

describe('ConsoleTableSink grid details', () => {
  it('can leave errored cells to the grouped error list', async () => {
    const { stream, text } = capture();
    const results = [0, 1].flatMap((t) =>
      [0, 1, 2, 3, 4].map((p) => makeResult(t, p, p === 0 ? 'error' : p === 1 ? 'fail' : 'pass')),
    );
    await runSink(new ConsoleTableSink(stream, { width: 80, errorDetails: false }), makeInfo(2, 5), results);
    expect(text()).toContain('[FAIL] Expected output to contain "x"');
    expect(text()).not.toContain('[ERROR]');
    expect(text()).toMatch(/│ ERROR │ FAIL +│ PASS +│/);
  });
});

describe('ConsoleTableSink with several vars', () => {
  it('puts the vars in one column when that keeps the outputs readable in 80 columns', async () => {
    const { stream, text } = capture();
    await runSink(new ConsoleTableSink(stream, { width: 80 }), makeInfo(2, 2), scrambledResults(2, 2));
    const lines = text().trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/^│ test +│ \[echo\] prompt-0 +│ \[Mock Labelled\] +│$/);
    expect(text()).toContain('q=question 0, lang=en');
    expect(text()).toContain('[PASS] answer 0/1');
  });
});
