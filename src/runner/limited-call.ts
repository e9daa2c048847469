// One attempt at a provider call, chat or embedding: a slot from the provider's adaptive limiter,
// the reply fed back to it, latency measured, and abort honoured even when the provider ignores its
// signal. A thrown error becomes `{ error, failure }`, its kind read from the error's typed fields,
// so one bad call fails one cell and a transient one can be retried by the call policy.

import { errorMessage, isAbortError } from '../errors.js';
import { raceAbort } from './abort-race.js';
import { failureOfThrown } from '../providers/failure-kind.js';
import type { EmbeddingResponse, ProviderFailure, ProviderResponse } from '../providers/types.js';
import type { AdaptiveLimiter } from './rate-limiter.js';

export interface FailedCall {
  error: string;
  latencyMs: number;
  failure?: ProviderFailure;
}

export async function limitedCall<T extends ProviderResponse | EmbeddingResponse>(
  limiter: AdaptiveLimiter,
  signal: AbortSignal | undefined,
  send: () => Promise<T>,
): Promise<T | FailedCall> {
  // A free slot is taken at once; only a full limiter is waited for.
  const slot = limiter.tryAcquire() ?? (await limiter.acquire(signal));
  const started = performance.now();
  try {
    const response = await untilAborted(send(), signal);
    // An embedding reply is read for the same failure and rate-limit fields a chat reply carries.
    limiter.observe(response as ProviderResponse, slot.epoch);
    return { ...response, latencyMs: response.latencyMs ?? Math.round(performance.now() - started) };
  } catch (err) {
    if (isAbortError(err) && signal?.aborted) throw err;
    const failure = failureOfThrown(err);
    const failed: FailedCall = {
      error: errorMessage(err),
      latencyMs: Math.round(performance.now() - started),
      ...(failure ? { failure } : {}),
    };
    limiter.observe(failed, slot.epoch);
    return failed;
  } finally {
    slot.release();
  }
}

/**
 * Settles with the call, or rejects as soon as `signal` aborts: a provider that ignores its
 * signal (custom code often does) must not keep a cancelled run waiting.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return raceAbort(work, signal, () => abortError(signal));
}

export function abortError(signal: AbortSignal): Error {
  const error = new Error(signal.reason instanceof Error ? signal.reason.message : 'Aborted');
  error.name = 'AbortError';
  return error;
}
