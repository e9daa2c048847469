// Keys promptfoo configs use that Assay used to accept and ignore: transformVars,
// disableVarExpansion, assertScoringFunction (inline and file://) and a provider's delay.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { fixtureDir } from '../assertions/grade.js';

const outputs = (results: Array<{ response?: { output?: unknown } }>) => results.map((r) => r.response?.output);

describe('promptfoo keys that change results', () => {
  it('defaultTest.options.transformVars runs once per test and its object is merged over the vars', async () => {
    const dir = fixtureDir({
      'tv.js': 'module.exports = (vars, context) => ({ topic: vars.topic.toUpperCase(), id: typeof context.uuid });',
    });
    const { results } = await evaluate(
      {
        prompts: ['{{topic}} {{id}} {{kept}}'],
        providers: ['echo'],
        defaultTest: { options: { transformVars: 'file://tv.js' } },
        tests: [
          { vars: { topic: 'bananas', kept: 'k' } },
          { vars: { topic: 'kiwis' }, options: { transformVars: "({ topic: vars.topic + '!' })" } },
        ],
      },
      { basePath: dir, cache: false },
    );
    expect(outputs(results)).toEqual(['BANANAS string k', 'kiwis!  ']);
  });

  it('transformVars that returns no object stops the run with a clear error', async () => {
    await expect(
      evaluate(
        { prompts: ['{{a}}'], providers: ['echo'], tests: [{ vars: { a: 1 }, options: { transformVars: '42' } }] },
        { cache: false },
      ),
    ).rejects.toThrow(/transformVars of test 1 must return an object of vars to merge, got number/);
  });

  it('disableVarExpansion keeps a list var as one value (one row), without it one row per item', async () => {
    const run = (disable: boolean) =>
      evaluate(
        {
          prompts: ['{{items}}'],
          providers: ['echo'],
          tests: [{ vars: { items: ['a', 'b', 'c'] }, ...(disable ? { options: { disableVarExpansion: true } } : {}) }],
        },
        { cache: false },
      );
    expect(outputs((await run(true)).results)).toEqual(['a,b,c']);
    expect(outputs((await run(false)).results)).toEqual(['a', 'b', 'c']);
  });

  it('assertScoringFunction replaces the verdict, inline or from a file, and a broken one fails the row', async () => {
    const dir = fixtureDir({
      'score.js':
        'module.exports.strict = (scores, ctx) => ({ pass: scores.tone > 0.9, score: scores.tone, reason: `tone ${scores.tone}, threshold ${ctx.threshold}, ${ctx.componentResults.length} checks` });',
    });
    const assert = [
      { type: 'contains', value: 'calm', metric: 'tone' },
      { type: 'contains', value: 'missing', metric: 'tone' },
    ];
    const { results } = await evaluate(
      {
        prompts: ['calm words'],
        providers: ['echo'],
        tests: [
          {
            assert,
            assertScoringFunction:
              '({ pass: namedScores.tone >= 0.5, score: namedScores.tone, reason: "half is enough" })',
          },
          { assert, threshold: 0.2, assertScoringFunction: 'file://score.js:strict' },
          { assert, assertScoringFunction: 'namedScores.nope.deeper' },
          { assert, assertScoringFunction: 'return { pass: true, score: 0.7, reason: "one-line body" }' },
        ],
      },
      { basePath: dir, cache: false },
    );
    expect(results.map((r) => [r.success, r.score, r.gradingResult?.reason])).toEqual([
      [true, 0.5, 'half is enough'],
      [false, 0.5, 'tone 0.5, threshold 0.2, 2 checks'],
      [false, 0, expect.stringMatching(/^Scoring function error: .*deeper/)],
      [true, 0.7, 'one-line body'],
    ]);
  });

  it("a provider's delay pauses after each of its uncached calls", async () => {
    const calls: number[] = [];
    const provider = {
      id: () => 'stamp',
      callApi: async () => {
        calls.push(performance.now());
        return { output: 'ok' };
      },
    };
    await evaluate(
      { prompts: ['a', 'b', 'c'], providers: [{ ...provider, delay: 150 } as never], tests: [{}] },
      { cache: false, maxConcurrency: 1 },
    );
    expect(calls).toHaveLength(3);
    // A lower bound only: the pause is at least the delay (never an upper bound on timing).
    for (let i = 1; i < calls.length; i++) expect(calls[i]! - calls[i - 1]!).toBeGreaterThanOrEqual(145);
  });
});
