// Calls a provider the way the runner does (one retry loop, adaptive limiter, circuit breaker), for
// provider tests whose cases depend on retries: the adapter itself makes one attempt per call.

import type { CallContext, Provider, ProviderResponse } from '../../src/providers/types.js';
import type { WaitNotice } from '../../src/results/types.js';
import { callWithPolicy } from '../../src/runner/call-policy.js';
import { RateLimitRegistry } from '../../src/runner/rate-limiter.js';

export function callThroughRunner(
  provider: Provider,
  prompt: string,
  context: CallContext,
  options: { signal?: AbortSignal; limits?: RateLimitRegistry; onWait?: (notice: WaitNotice) => void } = {},
): Promise<ProviderResponse> {
  const services = { limits: options.limits ?? new RateLimitRegistry(4), onWait: options.onWait };
  return callWithPolicy(provider, services, options.signal, () => provider.call(prompt, context, options.signal));
}
