// Embedding requests made for grading (similar, answer-relevance) go through here, so they share
// the response cache and the per-provider limits with every other call, like grader chat calls.

import { errorMessage, isAbortError } from '../errors.js';
import type { EmbeddingResponse, Provider, ProviderResponse } from '../providers/types.js';
import { ResponseCache } from './cache.js';
import { untilAborted, type CallServices } from './call-provider.js';

export async function embedWithServices(provider: Provider, text: string, services: CallServices, signal?: AbortSignal): Promise<EmbeddingResponse> {
  const invoke = () => timedEmbed(provider, text, services, signal);
  if (!services.cache || !provider.cacheable) return invoke();
  const key = ResponseCache.key({ v: 1, kind: 'embedding', provider: provider.id(), config: provider.config ?? {}, text });
  // The cache stores provider responses: the vector travels as `output` and only successes are kept.
  const response = await services.cache.getOrProduce(key, async () => {
    const { embedding, error, ...rest } = await invoke();
    return error || !embedding ? { ...rest, error: error ?? 'no embedding returned' } : { ...rest, output: embedding };
  });
  const { output, ...rest } = response;
  return Array.isArray(output) ? { ...rest, embedding: output as number[] } : { ...rest, embedding: undefined };
}

async function timedEmbed(provider: Provider, text: string, services: CallServices, signal?: AbortSignal): Promise<EmbeddingResponse> {
  if (!provider.embed) return { error: `Provider ${provider.id()} cannot produce embeddings` };
  const limiter = services.limits.for(provider.rateLimitKey?.() ?? provider.id());
  const release = await limiter.acquire(signal);
  const started = performance.now();
  try {
    const response = await untilAborted(provider.embed(text, signal), signal);
    limiter.observe(response as ProviderResponse);
    return { ...response, latencyMs: response.latencyMs ?? Math.round(performance.now() - started) };
  } catch (err) {
    if (isAbortError(err) && signal?.aborted) throw err;
    return { error: errorMessage(err), latencyMs: Math.round(performance.now() - started) };
  } finally {
    release();
  }
}
