import { describe, expect, it } from 'vitest';
import { fixtureDir, grade, gradeOne } from './grade.js';

describe('runAssertions aggregation', () => {
  it('no assertions passes with score 1', async () => {
    expect(await grade([], 'anything')).toMatchObject({ pass: true, score: 1, reason: 'No assertions' });
  });

  it('all must pass; the score is the weighted mean; the last failure is the reason', async () => {
    const result = await grade(
      [
        { type: 'contains', value: 'a' },
        { type: 'contains', value: 'zz', weight: 3 },
        { type: 'contains', value: 'yy' },
      ],
      'abc',
    );
    expect(result.pass).toBe(false);
    expect(result.score).toBeCloseTo(1 / 5);
    expect(result.reason).toBe('Expected output to contain "yy"');
    expect(result.componentResults!.map((r) => r.pass)).toEqual([true, false, false]);
    expect(
      await grade(
        [
          { type: 'contains', value: 'a' },
          { type: 'contains', value: 'b' },
        ],
        'ab',
      ),
    ).toMatchObject({
      pass: true,
      score: 1,
      reason: 'All assertions passed',
    });
  });

  it('weight 0 never fails the row but still reports its metric', async () => {
    const result = await grade(
      [
        { type: 'contains', value: 'a' },
        { type: 'contains', value: 'zz', weight: 0, metric: 'mentions-zz' },
      ],
      'abc',
    );
    expect(result).toMatchObject({ pass: true, score: 1 });
    expect(result.componentResults![1]).toMatchObject({ pass: true, score: 0 });
    expect(result.namedScores).toEqual({ 'mentions-zz': 0 });
  });

  it('metrics become named scores, averaged by weight; metric names are templates', async () => {
    const result = await grade(
      [
        { type: 'contains', value: 'a', metric: 'accuracy' },
        { type: 'contains', value: 'zz', metric: 'accuracy', weight: 3 },
        { type: 'starts-with', value: 'ab', metric: '{{ topic }}-style' },
      ],
      'abc',
      { vars: { topic: 'poem' } },
    );
    expect(result.namedScores).toEqual({ accuracy: 0.25, 'poem-style': 1 });
    expect(result.namedScoreWeights).toEqual({ accuracy: 4, 'poem-style': 1 });
  });

  it('a test threshold overrides individual failures', async () => {
    const asserts = [
      { type: 'contains', value: 'a' },
      { type: 'contains', value: 'b' },
      { type: 'contains', value: 'zz' },
    ];
    expect(await grade(asserts, 'ab', { threshold: 0.6 })).toMatchObject({
      pass: true,
      reason: 'Aggregate score 0.67 ≥ 0.6 threshold',
    });
    expect(await grade(asserts, 'a', { threshold: 0.6 })).toMatchObject({
      pass: false,
      reason: 'Aggregate score 0.33 < 0.6 threshold',
    });
    // 0 is no threshold at all, as in promptfoo.
    expect((await grade(asserts, 'ab', { threshold: 0 })).pass).toBe(false);
  });

  it('assert-set has its own threshold, weight and metric, and its children are flattened after it', async () => {
    const result = await grade(
      [
        { type: 'contains', value: 'x' },
        {
          type: 'assert-set',
          threshold: 0.5,
          weight: 2,
          metric: 'style',
          assert: [
            { type: 'contains', value: 'a' },
            { type: 'contains', value: 'zz' },
          ],
        },
      ],
      'xa',
    );
    expect(result.pass).toBe(true);
    expect(result.score).toBeCloseTo((1 + 0.5 * 2) / 3);
    expect(result.namedScores).toEqual({ style: 0.5 });
    const parts = result.componentResults!;
    expect(parts).toHaveLength(4);
    expect(parts[1]).toMatchObject({ pass: true, score: 0.5, reason: 'Aggregate score 0.50 ≥ 0.5 threshold' });
    expect(parts[1]!.metadata).toEqual({
      assertionSet: { type: 'assert-set', assertionCount: 2, metric: 'style', threshold: 0.5, weight: 2 },
    });
    expect(parts.slice(2).map((r) => r.assertion?.value)).toEqual(['a', 'zz']);

    const failing = await grade(
      [
        {
          type: 'assert-set',
          threshold: 0.9,
          assert: [
            { type: 'contains', value: 'a' },
            { type: 'contains', value: 'zz' },
          ],
        },
      ],
      'a',
    );
    expect(failing).toMatchObject({ pass: false, reason: 'Aggregate score 0.50 < 0.9 threshold' });
  });

  it('renders string values and list items with the vars, and records the rendered value', async () => {
    const result = await gradeOne({ type: 'icontains', value: '{{topic}}' }, 'All about Quantum computing', {
      vars: { topic: 'quantum' },
    });
    expect(result.pass).toBe(true);
    expect(result.metadata?.renderedAssertionValue).toBe('quantum');
    expect(
      (await gradeOne({ type: 'contains-all', value: ['{{a}}', '{{b}}'] }, 'x and y', { vars: { a: 'x', b: 'y' } }))
        .pass,
    ).toBe(true);
  });

  it('loads file:// values: .txt trimmed, .json parsed, and file items in lists', async () => {
    const dir = fixtureDir({ 'expected.txt': 'Paris\n', 'expected.json': '{"a": 1}', 'item.txt': ' Rome \n' });
    expect((await gradeOne({ type: 'equals', value: 'file://expected.txt' }, 'Paris', { basePath: dir })).pass).toBe(
      true,
    );
    expect((await gradeOne({ type: 'equals', value: 'file://expected.json' }, '{"a":1}', { basePath: dir })).pass).toBe(
      true,
    );
    expect(
      (await gradeOne({ type: 'contains-any', value: ['Oslo', 'file://item.txt'] }, 'to Rome', { basePath: dir })).pass,
    ).toBe(true);
    await expect(gradeOne({ type: 'equals', value: 'file://missing.txt' }, 'x', { basePath: dir })).rejects.toThrow(
      /cannot read/,
    );
  });

  it('applies an assertion transform to that assertion only', async () => {
    const result = await grade(
      [
        { type: 'equals', value: 'HELLO', transform: 'output.trim().toUpperCase()' },
        { type: 'equals', value: ' hello ' },
      ],
      ' hello ',
    );
    expect(result.componentResults!.map((r) => r.pass)).toEqual([true, true]);
    expect((await gradeOne({ type: 'equals', value: 'Paris', transform: 'output.city' }, { city: 'Paris' })).pass).toBe(
      true,
    );
    const withContext = await gradeOne({ type: 'equals', value: 'cats!', transform: 'context.vars.topic + "!"' }, 'x', {
      vars: { topic: 'cats' },
    });
    expect(withContext.pass).toBe(true);
  });

  it('skips select-best and max-score (graded later across the row)', async () => {
    const result = await grade(
      [{ type: 'contains', value: 'a' }, { type: 'select-best', value: 'funniest' }, { type: 'max-score' }],
      'a',
    );
    expect(result).toMatchObject({ pass: true, score: 1 });
    expect(result.componentResults).toHaveLength(1);
  });

  it('a model-graded assertion without a grader fails either way round; unknown types are errors', async () => {
    expect(await gradeOne({ type: 'llm-rubric', value: 'is polite' }, 'x')).toMatchObject({
      pass: false,
      reason: 'no grader',
    });
    expect((await gradeOne({ type: 'not-llm-rubric', value: 'is polite' }, 'x')).pass).toBe(false);
    await expect(grade([{ type: 'containz', value: 'x' }], 'x')).rejects.toThrow(/Unknown assertion type "containz"/);
  });

  it('sums grader tokens from components', async () => {
    const value =
      '({ pass: true, score: 1, reason: "ok", tokensUsed: { total: 10, prompt: 7, completion: 3, numRequests: 1 } })';
    const result = await grade(
      [
        { type: 'javascript', value },
        { type: 'javascript', value },
      ],
      'x',
    );
    expect(result.tokensUsed).toEqual({ total: 20, prompt: 14, completion: 6, cached: 0, numRequests: 2 });
  });

  it('runs many assertions and keeps results in order', async () => {
    const asserts = Array.from({ length: 12 }, (_, i) => ({
      type: 'javascript',
      value: `new Promise((r) => setTimeout(() => r(${i % 2 === 0}), ${(12 - i) % 4}))`,
    }));
    const result = await grade(asserts, 'x');
    expect(result.componentResults!.map((r) => r.pass)).toEqual(asserts.map((_, i) => i % 2 === 0));
  });

  it("a script that fails reports after the instant checks of its row: its reason is the row's, its metric last", async () => {
    // The row's reason is the last failure to come in and named scores follow the same order:
    // slower-to-settle checks (scripts) report after instant ones (text), as they always have.
    const result = await grade(
      [
        { type: 'equals', value: 'nope', metric: 'e' },
        { type: 'javascript', value: 'false', metric: 'j' },
        { type: 'icontains', value: 'QQQ', metric: 'i' },
      ],
      'Say c',
    );
    expect(result.reason).toBe('Custom function returned false\nfalse');
    expect(Object.keys(result.namedScores!)).toEqual(['e', 'i', 'j']);
  });
});
