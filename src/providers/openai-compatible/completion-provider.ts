// `openai:completion:<model>`: the legacy text completions endpoint (prompt in, text out).

import { errorMessage } from '../../errors.js';
import { httpJson } from '../transport/index.js';
import type { CallContext, ProviderResponse } from '../types.js';
import { errorInSuccessBody, OpenAiCompatibleProvider } from './base-provider.js';
import { toOpenAiCompletionBody } from './body.js';
import type { OpenAiConfig } from './config.js';
import { fromOpenAiCompletion } from './response.js';

export class OpenAiCompletionProvider extends OpenAiCompatibleProvider {
  protected readonly endpointPath: string = '/completions';

  protected bodyFor(prompt: string, config: OpenAiConfig): Record<string, unknown> {
    return this.transformBody(toOpenAiCompletionBody({ model: this.model, prompt, config, env: this.env }), config);
  }

  async call(prompt: string, context: CallContext, signal?: AbortSignal): Promise<ProviderResponse> {
    const startedAt = Date.now();
    let config: OpenAiConfig;
    try {
      config = await this.callConfig(context);
    } catch (err) {
      return { error: `${this.id()}: ${errorMessage(err)}` };
    }
    const body = this.bodyFor(prompt, config);
    try {
      const reply = await httpJson(this.request(body), this.transportOptions(config, signal));
      const latencyMs = Date.now() - startedAt;
      const error = errorInSuccessBody(reply.body, this.family, this.url(), reply.metadata, this.secretValues());
      if (error) return { ...this.failure(error, signal), latencyMs };
      const result = fromOpenAiCompletion(reply.body, config);
      if (result.error) result.error = this.scrub(result.error);
      return this.priced({ ...result, latencyMs, metadata: reply.metadata });
    } catch (err) {
      return this.failure(err, signal);
    }
  }
}
