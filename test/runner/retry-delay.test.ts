// How long the runner waits before a retry: the server's word (with a little jitter), else
// exponential backoff with jitter from the provider's base delay; never longer than the cap.

import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS, retryDelayMs } from '../../src/runner/call-policy.js';

describe('retryDelayMs', () => {
  it('waits as long as the server asked, plus at most 10% (1 s at most) of jitter', () => {
    expect(retryDelayMs({ kind: 'rate-limited', retryAfterMs: 2_000 }, 1, {}, () => 0)).toBe(2_000);
    expect(retryDelayMs({ kind: 'rate-limited', retryAfterMs: 2_000 }, 1, {}, () => 1)).toBe(2_200);
    expect(retryDelayMs({ kind: 'rate-limited', retryAfterMs: 20_000 }, 1, {}, () => 1)).toBe(21_000);
  });

  it('caps what the server asked', () => {
    expect(retryDelayMs({ kind: 'rate-limited', retryAfterMs: 360_000 }, 1, {}, () => 0.5)).toBe(MAX_DELAY_MS);
  });

  it('backs off exponentially from the provider base delay when the server said nothing', () => {
    const policy = { baseDelayMs: 100 };
    expect(retryDelayMs({ kind: 'transient' }, 1, policy, () => 0)).toBe(50);
    expect(retryDelayMs({ kind: 'transient' }, 1, policy, () => 1)).toBe(100);
    expect(retryDelayMs({ kind: 'connection' }, 4, policy, () => 1)).toBe(800);
    expect(retryDelayMs({ kind: 'connection' }, 20, policy, () => 1)).toBe(MAX_DELAY_MS);
  });
});
