// The runner's one retry loop, shared by every provider (HTTP, WebSocket, custom code): adapters
// report failures as typed data and this decides. Retryable kinds (rate-limited, transient,
// connection) are tried again up to the provider's maxRetries, waiting as long as the server asked
// (Retry-After, retry-after-ms, x-ratelimit-reset-*) or backing off exponentially with jitter,
// always under a cap; the wait is announced (progress shows it) and ends at once on abort or the
// cell's timeout. A circuit breaker per endpoint fails the rest of a dead server's calls at once.

import { exponentialDelayMs } from '../providers/transport/backoff.js';
import type { WaitNotice } from '../results/types.js';
import type {
  CallPolicy,
  EmbeddingResponse,
  FailureKind,
  Provider,
  ProviderFailure,
  ProviderResponse,
} from '../providers/types.js';
import { abortError, limitedCall, type FailedCall } from './limited-call.js';
import type { RateLimitRegistry } from './rate-limiter.js';

/** README: HTTP providers retry 4 times unless their config says otherwise. */
export const DEFAULT_MAX_RETRIES = 4;
export const DEFAULT_BASE_DELAY_MS = 500;
/** No single wait is longer than this, whatever the server asked. */
export const MAX_DELAY_MS = 30_000;

export type { WaitNotice };

const RETRYABLE: ReadonlySet<FailureKind> = new Set(['rate-limited', 'transient', 'connection']);

export interface PolicyServices {
  limits: RateLimitRegistry;
  onWait?: (notice: WaitNotice) => void;
}

export async function callWithPolicy<T extends ProviderResponse | EmbeddingResponse>(
  provider: Provider,
  services: PolicyServices,
  signal: AbortSignal | undefined,
  send: () => Promise<T>,
): Promise<T | FailedCall> {
  const key = provider.rateLimitKey?.() ?? provider.id();
  const limiter = services.limits.for(key);
  const breaker = services.limits.breakerFor(key);
  const policy: CallPolicy = provider.callPolicy ?? {};
  const maxRetries = Math.max(0, policy.maxRetries ?? DEFAULT_MAX_RETRIES);

  for (let attempt = 1; ; attempt++) {
    const probing = breaker.isOpen;
    const refusal = breaker.refuse();
    if (refusal) return { error: refusal, latencyMs: 0, failure: { kind: 'unreachable', attempts: attempt - 1 } };
    let response: T | FailedCall;
    try {
      response = await limitedCall(limiter, signal, send);
    } catch (err) {
      if (probing) breaker.abandoned();
      throw err;
    }
    breaker.record(response.error ? response.failure : undefined, response.error);
    const failure = response.error ? response.failure : undefined;
    if (!response.error) return response;
    if (!failure || !RETRYABLE.has(failure.kind) || attempt > maxRetries) return gaveUp(response, attempt);
    // Another call just found the endpoint dead: the next turn fails this one with the breaker's message.
    if (breaker.isOpen) continue;
    const delayMs = retryDelayMs(failure, attempt, policy);
    services.onWait?.({
      provider: provider.label ?? provider.id(),
      service: failure.service ?? provider.label ?? provider.id(),
      reason: failure.kind === 'rate-limited' ? 'rate-limit' : 'retry',
      kind: failure.kind,
      delayMs,
      retry: attempt,
      maxRetries,
    });
    await sleep(delayMs, signal);
  }
}

/** The wait before retry number `retry` (1-based): the server's word, capped and lightly jittered, else backoff. */
export function retryDelayMs(
  failure: ProviderFailure,
  retry: number,
  policy: CallPolicy = {},
  random = Math.random,
): number {
  if (failure.retryAfterMs !== undefined) {
    // Up to 10% (at most 1 s) more than asked, so calls refused together do not return together.
    const jitter = Math.min(1000, failure.retryAfterMs * 0.1) * random();
    return Math.round(Math.min(MAX_DELAY_MS, failure.retryAfterMs + jitter));
  }
  return exponentialDelayMs(
    retry - 1,
    { baseDelayMs: policy.baseDelayMs ?? DEFAULT_BASE_DELAY_MS, maxDelayMs: MAX_DELAY_MS },
    random,
  );
}

function gaveUp<T extends ProviderResponse | EmbeddingResponse>(
  response: T | FailedCall,
  attempts: number,
): T | FailedCall {
  const failure = response.failure ? { ...response.failure, attempts } : undefined;
  const error = attempts > 1 ? `${response.error} (gave up after ${attempts} attempts)` : response.error;
  return { ...response, error: error!, ...(failure ? { failure } : {}) };
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts (run cancelled, cell timed out). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
