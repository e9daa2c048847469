// Per-provider concurrency that adapts to rate-limit signals (AIMD): a 429 halves the number of
// calls in flight for that provider, steady success grows it back, and a nearly exhausted quota
// (x-ratelimit-remaining under 10% of the limit) slows it down before the server has to refuse.

import type { ProviderResponse } from '../providers/types.js';

const SUCCESSES_BEFORE_GROWTH = 5;

export class AdaptiveLimiter {
  private limit: number;
  private active = 0;
  private successes = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly maxLimit: number, private readonly minLimit = 1) {
    this.limit = maxLimit;
  }

  get currentLimit(): number {
    return this.limit;
  }

  /** Waits for a slot; the returned function gives it back (calling it twice is harmless). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
    } else {
      // The slot is handed over by drain(), which counts it as active before waking us.
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const index = this.waiting.indexOf(wake);
          if (index !== -1) this.waiting.splice(index, 1);
          reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(wake);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.drain();
    };
  }

  /** Adjusts the limit from what a call came back with. */
  observe(response: ProviderResponse): void {
    if (isRateLimited(response)) {
      this.successes = 0;
      this.limit = Math.max(this.minLimit, Math.floor(this.limit / 2));
      return;
    }
    if (response.error) return;
    if (quotaNearlyExhausted(response)) {
      this.limit = Math.max(this.minLimit, Math.ceil(this.limit * 0.6));
      this.successes = 0;
      return;
    }
    if (++this.successes >= SUCCESSES_BEFORE_GROWTH && this.limit < this.maxLimit) {
      this.successes = 0;
      this.limit = Math.min(this.maxLimit, Math.ceil(this.limit * 1.5));
      this.drain();
    }
  }

  private drain(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}

function isRateLimited(response: ProviderResponse): boolean {
  if (response.metadata?.http?.status === 429) return true;
  const retried = response.metadata?.rateLimitRetries;
  if (typeof retried === 'number' && retried > 0) return true;
  return typeof response.error === 'string' && /\b429\b|rate limit|too many requests/i.test(response.error);
}

function quotaNearlyExhausted(response: ProviderResponse): boolean {
  const headers = response.metadata?.rateLimit;
  if (!headers) return false;
  for (const kind of ['requests', 'tokens']) {
    const limit = Number(headers[`x-ratelimit-limit-${kind}`]);
    const remaining = Number(headers[`x-ratelimit-remaining-${kind}`]);
    if (limit > 0 && Number.isFinite(remaining) && remaining / limit < 0.1) return true;
  }
  return false;
}

/** One limiter per rate-limit key, created on first use. */
export class RateLimitRegistry {
  private readonly limiters = new Map<string, AdaptiveLimiter>();
  constructor(private readonly maxConcurrency: number) {}

  for(key: string): AdaptiveLimiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new AdaptiveLimiter(this.maxConcurrency);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
