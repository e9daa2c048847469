// Per-provider concurrency that adapts to rate-limit signals (AIMD): a 429 halves the number of
// calls in flight for that provider, steady success grows it back, and a nearly exhausted quota
// (x-ratelimit-remaining under 10% of the limit) slows it down before the server has to refuse.
// Each limiter records its changes so a run (or a test) can see what it did and why.

import type { ProviderResponse } from '../providers/types.js';
import { CircuitBreaker } from './circuit-breaker.js';

const SUCCESSES_BEFORE_GROWTH = 5;

export type LimitChangeCause = 'start' | 'rate-limited' | 'quota-low' | 'recovered';

export interface LimitChange {
  /** ms since the limiter was created. */
  atMs: number;
  limit: number;
  cause: LimitChangeCause;
}

/** A slot in the limiter; `release` gives it back (calling it twice is harmless). */
export interface Slot {
  release(): void;
  /** The limiter's decrease count when the call was let in (see observe). */
  readonly epoch: number;
}

export class AdaptiveLimiter {
  private limit: number;
  private active = 0;
  private successes = 0;
  // Bumped on every decrease: a 429 from a call sent before the last decrease says nothing new
  // (the whole burst that was in flight is refused together), so it does not halve again.
  private epoch = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly createdAt = performance.now();
  readonly history: LimitChange[] = [];

  constructor(
    private readonly maxLimit: number,
    private readonly minLimit = 1,
  ) {
    this.limit = maxLimit;
    this.record('start');
  }

  get currentLimit(): number {
    return this.limit;
  }

  /** A slot now if one is free (no promise to wait on), else undefined: then `acquire` waits. */
  tryAcquire(): Slot | undefined {
    if (this.active >= this.limit) return undefined;
    this.active++;
    return this.slot();
  }

  /** Waits for a slot. */
  async acquire(signal?: AbortSignal): Promise<Slot> {
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
    return this.slot();
  }

  private slot(): Slot {
    let released = false;
    return {
      epoch: this.epoch,
      release: () => {
        if (released) return;
        released = true;
        this.active--;
        this.drain();
      },
    };
  }

  /** Adjusts the limit from what a call let in at `epoch` came back with. */
  observe(response: ProviderResponse, epoch = this.epoch): void {
    if (response.failure?.kind === 'rate-limited') {
      this.successes = 0;
      if (epoch < this.epoch) return;
      this.decrease(Math.floor(this.limit / 2), 'rate-limited');
      return;
    }
    if (response.error) return;
    if (quotaNearlyExhausted(response)) {
      this.successes = 0;
      if (epoch < this.epoch) return;
      this.decrease(Math.ceil(this.limit * 0.6), 'quota-low');
      return;
    }
    if (++this.successes >= SUCCESSES_BEFORE_GROWTH && this.limit < this.maxLimit) {
      this.successes = 0;
      this.limit = Math.min(this.maxLimit, Math.ceil(this.limit * 1.5));
      this.record('recovered');
      this.drain();
    }
  }

  private decrease(to: number, cause: LimitChangeCause): void {
    const next = Math.max(this.minLimit, Math.min(this.limit, to));
    this.epoch++;
    if (next === this.limit) return;
    this.limit = next;
    this.record(cause);
  }

  private record(cause: LimitChangeCause): void {
    this.history.push({ atMs: Math.round(performance.now() - this.createdAt), limit: this.limit, cause });
  }

  private drain(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
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

/** One limiter and one circuit breaker per rate-limit key (one endpoint), created on first use. */
export class RateLimitRegistry {
  private readonly limiters = new Map<string, AdaptiveLimiter>();
  private readonly breakers = new Map<string, CircuitBreaker>();
  constructor(private readonly maxConcurrency: number) {}

  for(key: string): AdaptiveLimiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new AdaptiveLimiter(this.maxConcurrency);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  breakerFor(key: string): CircuitBreaker {
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker();
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** Every limiter's recorded changes, by key. */
  histories(): Map<string, readonly LimitChange[]> {
    return new Map([...this.limiters].map(([key, limiter]) => [key, limiter.history]));
  }
}
