// Every provider call (eval steps and grader calls alike) goes through here, so caching, the
// retry policy, per-provider adaptive concurrency, latency measurement and abort are applied once.

import type { CallContext, Provider, ProviderResponse } from '../providers/types.js';
import { ResponseCache } from './cache.js';
import { callWithPolicy, type WaitNotice } from './call-policy.js';
import type { RateLimitRegistry } from './rate-limiter.js';

export interface CallServices {
  /** Undefined when caching is off (`--no-cache`, `evaluateOptions.cache: false`). */
  cache?: ResponseCache;
  limits: RateLimitRegistry;
  /** Whether repeats are cached apart (repeat > 1), so each repeat is a fresh sample. */
  cacheRepeatsApart: boolean;
  /** Told when a call waits for a rate limit or a retry, so progress can say so. */
  onWait?: (notice: WaitNotice) => void;
}

export function callProvider(
  provider: Provider,
  prompt: string,
  context: CallContext,
  services: CallServices,
  signal?: AbortSignal,
): Promise<ProviderResponse> {
  const invoke = () => callWithPolicy(provider, services, signal, () => provider.call(prompt, context, signal));
  // Not an async function: an uncached call is the policy's own promise, not one wrapped around it.
  if (!services.cache || !provider.cacheable) return invoke();
  return cachedCall(services.cache, provider, prompt, context, services.cacheRepeatsApart, invoke);
}

async function cachedCall(
  cache: ResponseCache,
  provider: Provider,
  prompt: string,
  context: CallContext,
  repeatsApart: boolean,
  invoke: () => Promise<ProviderResponse>,
): Promise<ProviderResponse> {
  const key = await ResponseCache.callKey(provider, prompt, context, repeatsApart);
  return cache.getOrProduce(key, invoke);
}
