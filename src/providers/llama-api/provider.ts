// `llamaapi:<model>`: Meta's Llama API over its OpenAI-compatible endpoint. A thin family on the
// OpenAI chat base plus what the Llama API adds: image checks before sending, the SSE Accept
// header it insists on, and errors that say which setting to fix.

import { OpenAiChatProvider, type OpenAiConfig, type OpenAiFamily } from '../openai-compatible/index.js';
import { TransportError, type HttpRequest } from '../transport/index.js';
import { hintedHttpFailure } from '../failure-hint.js';
import type { ChatMessage } from '../openai-compatible/index.js';
import type { ProviderResponse } from '../types.js';
import { imageUrlsIn, llamaImageProblem } from './images.js';
import { isTextOnlyLlamaModel, LLAMA_API_MODELS } from './models.js';

export const LLAMA_API_FAMILY: OpenAiFamily = {
  name: 'llamaapi',
  displayName: 'Meta Llama',
  defaultBaseUrl: 'https://api.llama.com/compat/v1',
  baseUrlEnvVars: ['LLAMA_API_BASE_URL'],
  apiKeyEnvVar: 'LLAMA_API_KEY',
};

/** An image problem found before sending; reported as the call's error. */
class ImageInputError extends Error {
  override name = 'ImageInputError';
}

export class LlamaApiProvider extends OpenAiChatProvider {
  protected override buildBody(prompt: string, config: OpenAiConfig): Record<string, unknown> {
    const body = super.buildBody(prompt, config);
    const messages = Array.isArray(body.messages) ? (body.messages as ChatMessage[]) : [];
    const problem = llamaImageProblem(this.model, imageUrlsIn(messages), isTextOnlyLlamaModel(this.model));
    if (problem) throw new ImageInputError(`${problem} No request was sent.`);
    return body;
  }

  /** The API answers 400 to `stream: true` unless the client says it accepts an event stream. */
  protected override request(body: Record<string, unknown>): HttpRequest {
    const request = super.request(body);
    if (body.stream === true) request.headers = { ...request.headers, accept: 'text/event-stream' };
    return request;
  }

  protected override failure(err: unknown, signal: AbortSignal | undefined): ProviderResponse {
    const result = super.failure(err, signal);
    if (!(err instanceof TransportError) || err.kind !== 'http') return result;
    const hint = this.hintFor(err);
    return hint
      ? { ...result, error: hintedHttpFailure(this.family.displayName, err, hint, this.connection.secrets) }
      : result;
  }

  private hintFor(err: TransportError): string | undefined {
    const envVar =
      typeof this.config.apiKeyEnvar === 'string' ? this.config.apiKeyEnvar : LLAMA_API_FAMILY.apiKeyEnvVar;
    const code = err.envelope?.code ?? '';
    const message = err.envelope?.message ?? '';
    if (err.status === 401) {
      return `Check ${envVar} (or apiKey in the provider config): it must hold a valid key from llama.developer.meta.com with Llama API access.`;
    }
    if (err.status === 429) {
      const limits = rateLimitSummary(err.metadata.rateLimit);
      return `Rate limit reached (limits apply per team across all API keys${limits ? `; ${limits}` : ''}). Lower maxConcurrency or spread the run over more time.`;
    }
    if (err.status === 404 && (code === 'model_not_found' || /model/i.test(message))) {
      return `Check the model name in the provider id; known models: ${LLAMA_API_MODELS.map((m) => m.id).join(', ')}.`;
    }
    if (err.status === 400 && /image/i.test(message)) {
      return 'Check the images: JPEG, PNG, GIF or ICO, at most 25 MB each and 9 per request, and image URLs must be publicly reachable.';
    }
    return undefined;
  }
}

function rateLimitSummary(headers: Record<string, string> | undefined): string {
  if (!headers) return '';
  const pairs: Array<[string, string]> = [
    ['requests', 'x-ratelimit-remaining-requests'],
    ['tokens', 'x-ratelimit-remaining-tokens'],
  ];
  return pairs
    .filter(([, name]) => headers[name] !== undefined)
    .map(([what, name]) => {
      const limit = headers[name.replace('remaining', 'limit')];
      return `${headers[name]}${limit ? ` of ${limit}` : ''} ${what}/min left`;
    })
    .join(', ');
}
