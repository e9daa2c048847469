// Per-provider caps on calls in flight, from a provider's config: `shardConcurrency` (meant for
// sharded runs: the per-key budget divided by the number of shards) or `maxConcurrency`. The
// adaptive limiter of that provider's rate-limit key starts at, and never grows past, the cap.

import type { ProviderEntry } from '../suite/types.js';
import { AdaptiveLimiter, RateLimitRegistry } from './rate-limiter.js';

/** The cap a provider's config asks for, or undefined. A non-positive or non-integer value is ignored. */
export function providerConcurrencyCap(config: Record<string, unknown> | undefined): number | undefined {
  for (const key of ['shardConcurrency', 'maxConcurrency']) {
    const value = Number(config?.[key]);
    if (config?.[key] !== undefined && Number.isInteger(value) && value >= 1) return value;
  }
  return undefined;
}

/** A RateLimitRegistry whose limiters respect each provider's cap (the lowest, if a key is shared). */
export class CappedRateLimitRegistry extends RateLimitRegistry {
  private readonly caps = new Map<string, number>();
  private readonly capped = new Map<string, AdaptiveLimiter>();

  constructor(
    private readonly runConcurrency: number,
    entries: ProviderEntry[],
  ) {
    super(runConcurrency);
    for (const { provider } of entries) {
      const cap = providerConcurrencyCap(provider.config);
      if (cap === undefined) continue;
      const key = provider.rateLimitKey?.() ?? provider.id();
      this.caps.set(key, Math.min(cap, this.caps.get(key) ?? cap));
    }
  }

  override for(key: string): AdaptiveLimiter {
    const cap = this.caps.get(key);
    if (cap === undefined) return super.for(key);
    let limiter = this.capped.get(key);
    if (!limiter) {
      limiter = new AdaptiveLimiter(Math.min(cap, this.runConcurrency));
      this.capped.set(key, limiter);
    }
    return limiter;
  }
}
