// The shared cell mapping (src/viewer/model) on the cases a real echo run does not make: errors
// with a provider failure kind, skipped cells, structured outputs, long text cut at a safe place.

import { describe, expect, it } from 'vitest';
import type { SkippedCell } from '../../../src/results/types.js';
import { buildEmbeddedEval } from '../../../src/viewer/model/embedded-assembler.js';
import { cutText, summariseResult, summariseSkipped } from '../../../src/viewer/model/cell-summary.js';
import { makeInfo, makeResult, makeSummary } from '../../results/factory.js';

describe('the viewer model', () => {
  it('an error cell: status error, no score, the error first among its reasons, the failure kind', () => {
    const result = makeResult(0, 0, 'error', {
      response: { error: 'HTTP 429: slow down', failure: { kind: 'rate-limited' } as never },
      error: 'HTTP 429: slow down',
    });
    expect(summariseResult(result)).toMatchObject({
      status: 'error',
      failureReasons: ['HTTP 429: slow down'],
      errorKind: 'rate-limited',
      output: '',
    });
    expect(summariseResult(result).score).toBeUndefined();
  });

  it('a structured output is shown as JSON, cut to the limit without splitting a character', () => {
    const tool = makeResult(0, 0, 'pass', { response: { output: [{ name: 'get_weather', arguments: '{}' }] } });
    expect(summariseResult(tool).output).toBe('[{"name":"get_weather","arguments":"{}"}]');
    const emoji = makeResult(0, 0, 'pass', { response: { output: `ab${'😀'.repeat(10)}` } });
    const cut = summariseResult(emoji, 5);
    expect(cut).toMatchObject({ output: 'ab😀', outputTruncated: true });
    expect(cutText('abc', 3)).toEqual({ text: 'abc', truncated: false });
  });

  it('a skipped cell becomes a skipped summary and detail, counted apart in the summary', () => {
    const info = makeInfo(2, 1);
    const done = makeResult(0, 0, 'pass');
    const skipped: SkippedCell = {
      promptIdx: 0,
      testIdx: 1,
      repeatIndex: 0,
      provider: { id: 'echo' },
      prompt: { raw: 'Prompt 0', label: 'prompt-0' },
      vars: { q: 'question 1' },
      reason: 'Evaluation exceeded max duration of 2000ms',
    };
    expect(summariseSkipped(skipped)).toMatchObject({
      cellId: '1:0',
      status: 'skipped',
      attempts: 0,
      failureReasons: ['Evaluation exceeded max duration of 2000ms'],
    });
    const data = buildEmbeddedEval(
      info,
      [
        { kind: 'result', result: done },
        { kind: 'skipped', cell: skipped },
      ],
      makeSummary(info, [done], { aborted: true }),
    );
    expect(data.rows.map((row) => row.cells[0]?.status)).toEqual(['pass', 'skipped']);
    expect(data.details['1:0']).toMatchObject({ status: 'skipped', final: { kind: 'skipped', cell: skipped } });
    expect(data.summary.columns[0]).toMatchObject({ pass: 1, skipped: 1 });
    expect(data.header.listing.status).toBe('interrupted');
  });
});
