// Every provider call (eval steps and grader calls alike) goes through here, so caching,
// per-provider adaptive concurrency, latency measurement and abort are applied once.

import type { CallContext, Provider, ProviderResponse } from '../providers/types.js';
import { ResponseCache } from './cache.js';
import { limitedCall } from './limited-call.js';
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
  const invoke = () => limitedCall(provider, services.limits, signal, () => provider.call(prompt, context, signal));
  if (!services.cache || !provider.cacheable) return invoke();
  const key = ResponseCache.key({
    // v2: tool-call outputs became promptfoo's wire array; v1 entries hold the old object shape.
    v: 2,
    provider: provider.id(),
    // Where the request goes (host and endpoint) often comes from the environment, not the config:
    // two workspaces must not share answers.
    target: provider.rateLimitKey?.() ?? null,
    config: provider.config ?? {},
    prompt,
    promptConfig: context.prompt.config ?? {},
    vars: context.vars,
    repeat: services.cacheRepeatsApart ? context.repeatIndex : 0,
  });
  return services.cache.getOrProduce(key, invoke);
}
