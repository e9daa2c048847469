// Each suite renders with its own template environment: two evaluate() calls running at once in
// one process never see each other's `env:` values or custom filters.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

const slowEcho = {
  id: () => 'slow-echo',
  callApi: async (prompt: string) => new Promise((resolve) => setTimeout(() => resolve({ output: prompt }), 5)),
};

function suite(region: string) {
  return {
    prompts: ['{{ env.REGION }}/{{ n | tag }}'],
    providers: [slowEcho],
    env: { REGION: region },
    nunjucksFilters: { tag: (value: unknown) => `${region}-${String(value)}` },
    tests: Array.from({ length: 6 }, (_, n) => ({
      vars: { n },
      assert: [{ type: 'equals', value: `{{ env.REGION }}/${region}-${n}` }],
    })),
  };
}

describe('one template environment per suite', () => {
  it('concurrent evaluate() calls render their own env and filters', async () => {
    const [eu, us] = await Promise.all([
      evaluate(suite('eu'), { maxConcurrency: 2 }),
      evaluate(suite('us'), { maxConcurrency: 2 }),
    ]);
    expect(eu.results.map((r) => r.response?.output)).toEqual(Array.from({ length: 6 }, (_, n) => `eu/eu-${n}`));
    expect(us.results.map((r) => r.response?.output)).toEqual(Array.from({ length: 6 }, (_, n) => `us/us-${n}`));
    expect(eu.stats.successes + us.stats.successes).toBe(12);
  });

  it('a suite run later does not change what an earlier suite renders', async () => {
    const first = evaluate(suite('eu'));
    await evaluate(suite('ap'));
    expect((await first).results.every((r) => String(r.response?.output).startsWith('eu/eu-'))).toBe(true);
  });
});
