// Every provider call (eval steps and grader calls alike) goes through here, so caching,
// per-provider adaptive concurrency, latency measurement and abort are applied once.

import { errorMessage, isAbortError } from '../errors.js';
import type { CallContext, Provider, ProviderResponse } from '../providers/types.js';
import { ResponseCache } from './cache.js';
import type { RateLimitRegistry } from './rate-limiter.js';

export interface CallServices {
  /** Undefined when caching is off (`--no-cache`, `evaluateOptions.cache: false`). */
  cache?: ResponseCache;
  limits: RateLimitRegistry;
  /** Whether repeats are cached apart (repeat > 1), so each repeat is a fresh sample. */
  cacheRepeatsApart: boolean;
}

export async function callProvider(
  provider: Provider,
  prompt: string,
  context: CallContext,
  services: CallServices,
  signal?: AbortSignal,
): Promise<ProviderResponse> {
  const invoke = () => timedCall(provider, prompt, context, services, signal);
  if (!services.cache || !provider.cacheable) return invoke();
  const key = ResponseCache.key({
    v: 1,
    provider: provider.id(),
    config: provider.config ?? {},
    prompt,
    promptConfig: context.prompt.config ?? {},
    vars: context.vars,
    repeat: services.cacheRepeatsApart ? context.repeatIndex : 0,
  });
  return services.cache.getOrProduce(key, invoke);
}

async function timedCall(
  provider: Provider,
  prompt: string,
  context: CallContext,
  services: CallServices,
  signal?: AbortSignal,
): Promise<ProviderResponse> {
  const limiter = services.limits.for(provider.rateLimitKey?.() ?? provider.id());
  const release = await limiter.acquire(signal);
  const started = performance.now();
  try {
    const response = await untilAborted(provider.call(prompt, context, signal), signal);
    limiter.observe(response);
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
