import { describe, expect, it } from 'vitest';
import { runComparisonAssertion, type ComparisonCell } from '../../src/assertions/model-graded/comparison.js';
import type { GradingResult } from '../../src/assertions/types.js';
import type { AssertionDef } from '../../src/suite/types.js';
import { resolver, scriptedGrader } from './graders.js';

const cell = (outputString: string, gradingResult?: GradingResult): ComparisonCell => ({
  output: outputString,
  outputString,
  prompt: 'Tell a joke about {{topic}}',
  vars: { topic: 'cats' },
  gradingResult,
});

const run = (assertion: AssertionDef, cells: ComparisonCell[], graders = resolver({})) =>
  runComparisonAssertion({ assertion, test: { vars: { topic: 'cats' } }, cells, graders, basePath: process.cwd() });

describe('select-best', () => {
  it('makes one grader call for the row and marks exactly one winner', async () => {
    const grader = scriptedGrader('The funniest is output 2.');
    const graders = resolver({ text: grader });
    const results = await run(
      { type: 'select-best', value: 'funniest joke about {{topic}}' },
      [cell('joke A'), cell('joke B'), cell('joke C')],
      graders,
    );
    expect(results.map((r) => r.pass)).toEqual([false, false, true]);
    expect(results.map((r) => r.score)).toEqual([0, 0, 1]);
    expect(results[2]!.reason).toBe('Selected as the best output for: funniest joke about cats');
    expect(graders.counts.calls).toBe(1);
    // Every output is listed with its index, and the grader's tokens are counted once for the row.
    expect(grader.prompts[0]).toContain('Output 0:\\njoke A');
    expect(grader.prompts[0]).toContain('Output 2:\\njoke C');
    expect(results[0]!.tokensUsed?.total).toBe(15);
    expect(results[1]!.tokensUsed?.total).toBe(0);
    expect(results.every((r) => r.assertion?.type === 'select-best')).toBe(true);
  });

  it('skips cells without output and fails every cell on an unusable reply', async () => {
    const errored = { ...cell(''), error: 'HTTP 500' };
    const results = await run(
      { type: 'select-best', value: 'best' },
      [errored, cell('a'), cell('b')],
      resolver({ text: scriptedGrader('1') }),
    );
    expect(results.map((r) => r.pass)).toEqual([false, false, true]);
    expect(results[0]!.reason).toMatch(/no output to compare \(HTTP 500\)/);

    const vague = await run(
      { type: 'select-best', value: 'best' },
      [cell('a'), cell('b')],
      resolver({ text: scriptedGrader('Both are great.') }),
    );
    expect(vague.every((r) => !r.pass && /does not name an output between 0 and 1/.test(r.reason))).toBe(true);
    const outOfRange = await run(
      { type: 'select-best', value: 'best' },
      [cell('a'), cell('b')],
      resolver({ text: scriptedGrader('7') }),
    );
    expect(outOfRange.every((r) => !r.pass)).toBe(true);
  });

  it('needs two outputs and a grader; reports both problems on every cell', async () => {
    const single = await run(
      { type: 'select-best', value: 'best' },
      [cell('a')],
      resolver({ text: scriptedGrader('0') }),
    );
    expect(single[0]!.reason).toMatch(/at least two outputs/);
    const noGrader = await run({ type: 'select-best', value: 'best' }, [cell('a'), cell('b')]);
    expect(noGrader.every((r) => !r.pass && /No grader configured/.test(r.reason))).toBe(true);
  });
});

describe('max-score', () => {
  const graded = (...scores: Array<[string, number]>): GradingResult => ({
    pass: true,
    score: 0,
    reason: '',
    componentResults: scores.map(([type, score]) => ({ pass: score > 0.5, score, reason: '', assertion: { type } })),
  });

  it('picks the cell with the highest average of its other assertion scores, without a grader call', async () => {
    const graders = resolver({});
    const cells = [
      cell('a', graded(['contains', 1], ['llm-rubric', 0.2])),
      cell('b', graded(['contains', 1], ['llm-rubric', 0.9])),
      cell('c', graded(['contains', 0], ['llm-rubric', 1])),
    ];
    const results = await run({ type: 'max-score' }, cells, graders);
    expect(results.map((r) => r.pass)).toEqual([false, true, false]);
    expect(results[1]!.reason).toBe('Selected as the highest-scoring output (score 0.950)');
    expect(graders.counts.text + graders.counts.calls).toBe(0);
  });

  it('honours weights, sum, threshold, and ignores comparison and weight-0 assertions', async () => {
    const cells = [
      cell('a', graded(['contains', 1], ['llm-rubric', 0])),
      cell('b', graded(['contains', 0], ['llm-rubric', 1])),
    ];
    const weighted = await run({ type: 'max-score', value: { weights: { 'llm-rubric': 3 } } }, cells);
    expect(weighted.map((r) => r.pass)).toEqual([false, true]);
    const low = await run({ type: 'max-score', value: { method: 'sum', threshold: 1.5 } }, cells);
    expect(low.every((r) => !r.pass)).toBe(true);
    expect(low[0]!.reason).toMatch(/below the max-score threshold 1.5/);

    const ignored: GradingResult = {
      pass: true,
      score: 0,
      reason: '',
      componentResults: [
        { pass: true, score: 1, reason: '', assertion: { type: 'select-best' } },
        { pass: true, score: 1, reason: '', assertion: { type: 'latency', weight: 0 } },
        { pass: true, score: 0.1, reason: '', assertion: { type: 'contains' } },
      ],
    };
    const results = await run({ type: 'max-score' }, [cell('a', ignored), cell('b', graded(['contains', 0.5]))]);
    expect(results.map((r) => r.pass)).toEqual([false, true]);
  });

  it('fails every cell when there is nothing to compare', async () => {
    const results = await run({ type: 'max-score' }, [cell('a', graded()), cell('b', graded())]);
    expect(results.every((r) => !r.pass && /at least one other assertion/.test(r.reason))).toBe(true);
  });
});
