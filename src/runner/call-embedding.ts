// Embedding requests made for grading (similar, answer-relevance) go through here, so they share
// the response cache and the per-provider limits with every other call, like grader chat calls.

import type { EmbeddingResponse, Provider } from '../providers/types.js';
import { ResponseCache } from './cache.js';
import type { CallServices } from './call-provider.js';
import { callWithPolicy } from './call-policy.js';

export async function embedWithServices(
  provider: Provider,
  text: string,
  services: CallServices,
  signal?: AbortSignal,
): Promise<EmbeddingResponse> {
  const invoke = () => timedEmbed(provider, text, services, signal);
  if (!services.cache || !provider.cacheable) return invoke();
  const key = await ResponseCache.embeddingKey(provider, text);
  // The cache stores provider responses: the vector travels as `output` and only successes are kept.
  const response = await services.cache.getOrProduce(key, async () => {
    const { embedding, error, ...rest } = await invoke();
    return error || !embedding ? { ...rest, error: error ?? 'no embedding returned' } : { ...rest, output: embedding };
  });
  const { output, ...rest } = response;
  return Array.isArray(output) ? { ...rest, embedding: output as number[] } : { ...rest, embedding: undefined };
}

function timedEmbed(
  provider: Provider,
  text: string,
  services: CallServices,
  signal?: AbortSignal,
): Promise<EmbeddingResponse> {
  const embed = provider.embed?.bind(provider);
  if (!embed) return Promise.resolve({ error: `Provider ${provider.id()} cannot produce embeddings` });
  return callWithPolicy(provider, services, signal, () => embed(text, signal));
}
