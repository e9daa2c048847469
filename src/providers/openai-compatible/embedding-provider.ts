// `openai:embedding:<model>`: text → vector, for `similar` assertions. call() returns the vector
// as output so the provider can also be evaluated directly.

import { httpJson } from '../transport/index.js';
import { snippet } from '../transport/errors.js';
import { redactString } from '../../results/redact.js';
import type { OpenAiConfig } from './config.js';
import type { CallContext, EmbeddingResponse, ProviderResponse } from '../types.js';
import { errorInSuccessBody, OpenAiCompatibleProvider } from './base-provider.js';
import { toOpenAiEmbeddingBody } from './body.js';
import { decodeEmbedding, fromOpenAiUsage } from './response.js';
import { embeddingSchema } from './wire.js';

export class OpenAiEmbeddingProvider extends OpenAiCompatibleProvider {
  protected readonly endpointPath: string = '/embeddings';

  protected bodyFor(text: string, config: OpenAiConfig): Record<string, unknown> {
    return this.transformBody(toOpenAiEmbeddingBody({ model: this.model, input: text, config }), config);
  }

  /** The URL (secret query values hidden) and body embed(text) would send; the cache key. */
  embeddingRequestIdentity(text: string): unknown {
    return { url: redactString(this.url()), body: this.bodyFor(text, this.settings) };
  }

  async embed(text: string, signal?: AbortSignal): Promise<EmbeddingResponse> {
    const startedAt = Date.now();
    const config = this.settings;
    const body = this.bodyFor(text, config);
    try {
      const reply = await httpJson(this.request(body), this.transportOptions(config, signal));
      const latencyMs = Date.now() - startedAt;
      const error = errorInSuccessBody(reply.body, this.family, this.url(), reply.metadata, this.secretValues());
      if (error) return { ...this.failure(error, signal), latencyMs };
      const parsed = embeddingSchema.safeParse(reply.body);
      if (!parsed.success)
        return {
          error: this.scrub(
            `${this.family.displayName} API error: no embedding in the reply: ${snippet(JSON.stringify(reply.body), 200)}`,
          ),
          latencyMs,
        };
      return {
        embedding: decodeEmbedding(parsed.data.data[0]!.embedding),
        tokenUsage: fromOpenAiUsage(parsed.data.usage),
        latencyMs,
      };
    } catch (err) {
      const { error, failure } = this.failure(err, signal);
      return { error, failure };
    }
  }

  async call(prompt: string, _context: CallContext, signal?: AbortSignal): Promise<ProviderResponse> {
    const result = await this.embed(prompt, signal);
    if (result.error) return { error: result.error, latencyMs: result.latencyMs, failure: result.failure };
    return { output: result.embedding, tokenUsage: result.tokenUsage, latencyMs: result.latencyMs };
  }
}
