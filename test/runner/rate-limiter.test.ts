// The adaptive limiter against the emulator's rate limiter: every 429 it sees halves the
// provider's concurrency (once per burst), steady success grows it back, and a quota shown
// nearly spent in x-ratelimit-remaining-* slows it before the server refuses. Read from the
// limiter's own recorded history.

import { describe, expect, it } from 'vitest';
import { createProvider } from '../../src/providers/registry.js';
import type { CallContext } from '../../src/providers/types.js';
import { RateLimitRegistry, type LimitChange } from '../../src/runner/rate-limiter.js';
import { useEmulators } from '../support/emulators.js';
import { callThroughRunner } from '../support/runner-call.js';

const emulators = useEmulators({ reset: ['openai', 'llama'], clearKnobs: true });
const context: CallContext = { vars: {}, prompt: { raw: '', label: 'limits' }, repeatIndex: 0 };

async function burst(count: number, call: (i: number) => Promise<unknown>): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, i) => call(i)));
}

describe('adaptive concurrency against the emulator rate limiter', () => {
  it('halves on 429s, then grows back to the maximum on success', async () => {
    const env = emulators.env();
    const provider = await createProvider({
      id: 'openai:chat:gpt-4o-mini',
      config: { maxRetries: 0 },
      env,
      basePath: '.',
    });
    const limits = new RateLimitRegistry(8);
    const key = provider.rateLimitKey!();

    // 2 requests a minute: a burst of 16 gets 2 answers and 14 refusals.
    emulators.openai.setKnobs({ rpm: 2 });
    const outcomes: string[] = [];
    await burst(16, async (i) => {
      const result = await callThroughRunner(provider, `limited ${i}`, context, { limits });
      outcomes.push(result.failure?.kind ?? 'ok');
    });
    expect(outcomes.filter((o) => o === 'rate-limited')).toHaveLength(14);
    const afterLimit = [...limits.histories().get(key)!];
    // Each 429 seen halves what was allowed before it (the last answer before the refusals showed
    // remaining-requests at 0, which already slowed it: quota-low); one halving per burst in
    // flight, not one per refused call, so 14 refusals make only a few steps down to 1.
    const halvings = afterLimit.flatMap((change, i) =>
      change.cause === 'rate-limited' ? [[afterLimit[i - 1]!.limit, change.limit]] : [],
    );
    expect(halvings.length).toBeGreaterThanOrEqual(2);
    expect(halvings.length).toBeLessThanOrEqual(3);
    for (const [before, after] of halvings) expect(after).toBe(Math.max(1, Math.floor(before! / 2)));
    expect(afterLimit[0]).toMatchObject({ cause: 'start', limit: 8 });
    expect(limits.for(key).currentLimit).toBe(1);

    // The limit lifts: steady success grows concurrency back to the maximum.
    emulators.openai.setKnobs({ rpm: 0 });
    emulators.openai.reset();
    await burst(40, (i) => callThroughRunner(provider, `free ${i}`, context, { limits }));
    const history: LimitChange[] = limits.histories().get(key)!.slice(afterLimit.length);
    expect(history.every((c) => c.cause === 'recovered')).toBe(true);
    expect(history.map((c) => c.limit)).toEqual([2, 3, 5, 8]);
    expect(limits.for(key).currentLimit).toBe(8);
  });

  it('slows down before x-ratelimit-remaining-* runs out', async () => {
    const env = emulators.env();
    const provider = await createProvider({
      id: 'openai:chat:gpt-4o-mini',
      config: { maxRetries: 0 },
      env,
      basePath: '.',
    });
    const limits = new RateLimitRegistry(8);
    // 40 a minute: the emulator's remaining-requests header falls under 10% after 37 calls.
    emulators.openai.setKnobs({ rpm: 40 });
    for (let i = 0; i < 38; i++) await callThroughRunner(provider, `call ${i}`, context, { limits });
    const history = limits.histories().get(provider.rateLimitKey!())!;
    const slowed = history.find((c) => c.cause === 'quota-low');
    expect(slowed?.limit).toBeLessThan(8);
    expect(history.some((c) => c.cause === 'rate-limited')).toBe(false);
  });
});
