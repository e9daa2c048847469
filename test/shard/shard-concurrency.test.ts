// A provider's `shardConcurrency` caps its calls in flight below the run's --max-concurrency, so
// n shards sharing one API key stay within the key's budget.

import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { providerConcurrencyCap } from '../../src/runner/provider-concurrency.js';

function trackingProvider(id: string, config: Record<string, unknown>) {
  const seen = { inFlight: 0, max: 0 };
  const provider = {
    id: () => id,
    config,
    callApi: async (prompt: string) => {
      seen.inFlight++;
      seen.max = Math.max(seen.max, seen.inFlight);
      await sleep(15);
      seen.inFlight--;
      return { output: prompt };
    },
  };
  return { provider, seen };
}

describe('shardConcurrency', () => {
  it("caps one provider's calls in flight while others use the run's concurrency", async () => {
    const capped = trackingProvider('capped', { shardConcurrency: 2 });
    const free = trackingProvider('free', {});
    const tests = Array.from({ length: 24 }, (_, i) => ({ vars: { n: String(i) } }));
    const result = await evaluate(
      { prompts: ['n{{n}}'], providers: [capped.provider, free.provider], tests } as never,
      { maxConcurrency: 8, cache: false, write: false },
    );
    expect(result.stats.successes).toBe(48);
    expect(capped.seen.max).toBe(2);
    expect(free.seen.max).toBeGreaterThan(2);
  });

  it('reads shardConcurrency, then maxConcurrency, and ignores values that are not whole numbers of at least 1', () => {
    expect(providerConcurrencyCap({ shardConcurrency: 3, maxConcurrency: 9 })).toBe(3);
    expect(providerConcurrencyCap({ maxConcurrency: 9 })).toBe(9);
    expect(providerConcurrencyCap({ shardConcurrency: 0 })).toBeUndefined();
    expect(providerConcurrencyCap({ shardConcurrency: 'x' })).toBeUndefined();
    expect(providerConcurrencyCap(undefined)).toBeUndefined();
  });
});
