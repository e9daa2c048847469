import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

const suite = (derivedMetrics: unknown[]) => ({
  prompts: ['{{ word }}'],
  providers: ['echo'],
  tests: [
    {
      vars: { word: 'apple' },
      assert: [
        { type: 'contains', value: 'apple', metric: 'hits' },
        { type: 'contains', value: 'pear', metric: 'misses' },
      ],
    },
  ],
  derivedMetrics,
});

describe('derivedMetrics', () => {
  it('computes named scores from other named scores, in order, with math functions', async () => {
    const result = await evaluate(
      suite([
        { name: 'total', value: 'hits + misses' },
        { name: 'doubled', value: 'total * 2' },
        { name: 'best', value: 'max(hits, misses) / __count' },
        { name: 'fromFunction', value: (scores: Record<string, number>) => scores.hits! * 10 },
      ]),
      { cache: false },
    );
    expect(result.prompts[0]!.metrics.namedScores).toMatchObject({
      hits: 1,
      misses: 0,
      total: 1,
      doubled: 2,
      best: 1,
      fromFunction: 10,
    });
  });

  it('rejects an expression that does not parse when the config loads', async () => {
    await expect(evaluate(suite([{ name: 'broken', value: 'hits +* ' }]))).rejects.toThrow(
      /derivedMetrics\[0\]\.value: invalid expression/,
    );
  });
});
