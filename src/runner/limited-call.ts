// The wrapping every request to a provider gets, chat or embedding: a slot from the provider's
// adaptive limiter, the reply fed back to it, latency measured, and abort honoured even when the
// provider ignores its signal. Thrown errors become `{ error }` so one bad call fails one cell.

import { errorMessage, isAbortError } from '../errors.js';
import type { EmbeddingResponse, Provider, ProviderResponse } from '../providers/types.js';
import type { RateLimitRegistry } from './rate-limiter.js';

export async function limitedCall<T extends ProviderResponse | EmbeddingResponse>(
  provider: Provider,
  limits: RateLimitRegistry,
  signal: AbortSignal | undefined,
  send: () => Promise<T>,
): Promise<T | { error: string; latencyMs: number }> {
  const limiter = limits.for(provider.rateLimitKey?.() ?? provider.id());
  const release = await limiter.acquire(signal);
  const started = performance.now();
  try {
    const response = await untilAborted(send(), signal);
    // An embedding reply is read for the same error and rate-limit fields a chat reply carries.
    limiter.observe(response as ProviderResponse);
    return { ...response, latencyMs: response.latencyMs ?? Math.round(performance.now() - started) };
  } catch (err) {
    if (isAbortError(err) && signal?.aborted) throw err;
    return { error: errorMessage(err), latencyMs: Math.round(performance.now() - started) };
  } finally {
    release();
  }
}

/**
 * Settles with the call, or rejects as soon as `signal` aborts: a provider that ignores its
 * signal (custom code often does) must not keep a cancelled run waiting.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortError(signal: AbortSignal): Error {
  const error = new Error(signal.reason instanceof Error ? signal.reason.message : 'Aborted');
  error.name = 'AbortError';
  return error;
}
