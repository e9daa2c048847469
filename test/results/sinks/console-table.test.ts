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
    expect(out).toContain('... 15 more rows not shown ...');
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
    expect(out).toContain('...');
    expect(out).toContain('(cached)');
    expect(out.match(/word/g)!.length).toBeLessThan(10);
  });

  it('colours cells when asked', async () => {
    const { stream, text } = capture();
    await runSink(new ConsoleTableSink(stream, { color: true, width: 120 }), makeInfo(1, 1), [makeResult(0, 0, 'fail')]);
    expect(text()).toContain('\u001b[31m[FAIL]');
  });

  it('shows incomplete rows of an aborted run', async () => {
    const { stream, text } = capture();
    await runSink(new ConsoleTableSink(stream, { width: 160 }), makeInfo(3, 2), [makeResult(1, 1)]);
    expect(text()).toContain('(not run)');
    expect(text()).not.toContain('more rows');
  });
});
