// `openai:chat:<model>` and every OpenAI-compatible chat API: prompt → messages → body → JSON
// reply or SSE stream → ProviderResponse.

import { httpJson, httpStream } from '../transport/index.js';
import { describeUrl } from '../transport/errors.js';
import type { CallContext, ProviderResponse, ProviderResponseMetadata } from '../types.js';
import { errorMessage } from '../../errors.js';
import { errorInSuccessBody, OpenAiCompatibleProvider } from './base-provider.js';
import { toOpenAiChatBody } from './body.js';
import type { OpenAiConfig } from './config.js';
import { toOpenAiMessages } from './messages.js';
import { fromOpenAiChatCompletion } from './response.js';
import { fromOpenAiStream } from './stream.js';

export class OpenAiChatProvider extends OpenAiCompatibleProvider {
  protected readonly endpointPath: string = '/chat/completions';

  /** Hook: the request body for one call. */
  protected buildBody(prompt: string, config: OpenAiConfig): Record<string, unknown> {
    const body = toOpenAiChatBody({
      model: this.model,
      messages: toOpenAiMessages(prompt),
      config,
      stream: config.stream,
      env: this.env,
    });
    return this.transformBody(body, config);
  }

  protected bodyFor(prompt: string, config: OpenAiConfig): Record<string, unknown> {
    return this.buildBody(prompt, config);
  }

  async call(prompt: string, context: CallContext, signal?: AbortSignal): Promise<ProviderResponse> {
    const startedAt = Date.now();
    let config: OpenAiConfig;
    let body: Record<string, unknown>;
    try {
      config = await this.callConfig(context);
      body = this.buildBody(prompt, config);
    } catch (err) {
      return { error: `${this.id()}: ${errorMessage(err)}` };
    }
    try {
      const options = this.transportOptions(config, signal);
      if (config.stream) {
        const stream = await httpStream(this.request(body), options);
        // Some OpenAI-compatible servers ignore `stream` and send the whole completion as JSON.
        if (stream.json !== undefined)
          return this.fromJsonReply(stream.json, stream.metadata, config, startedAt, signal);
        const assembled = await fromOpenAiStream(stream.events, startedAt);
        if (this.family.streamTerminalOptional && !assembled.completion.choices[0]?.finish_reason) {
          const where = describeUrl(new URL(this.url()));
          return {
            error: `${this.family.displayName} API error: The stream from ${where} ended before it finished (no finish_reason and no ${this.family.streamTerminal ?? 'end'} event); the reply is incomplete.`,
            metadata: stream.metadata,
          };
        }
        const result = fromOpenAiChatCompletion(assembled.completion, config);
        if (result.error) result.error = this.scrub(result.error);
        return this.priced({
          ...result,
          latencyMs: Date.now() - startedAt,
          ttftMs: assembled.ttftMs,
          metadata: { ...stream.metadata, ...result.metadata, tokensPerSecond: assembled.tokensPerSecond },
        });
      }
      const reply = await httpJson(this.request(body), options);
      return this.fromJsonReply(reply.body, reply.metadata, config, startedAt, signal);
    } catch (err) {
      return this.failure(err, signal);
    }
  }

  /** A whole JSON completion (asked for, or sent by a server that ignores `stream`); no ttftMs. */
  private fromJsonReply(
    body: unknown,
    replyMetadata: ProviderResponseMetadata,
    config: OpenAiConfig,
    startedAt: number,
    signal: AbortSignal | undefined,
  ): ProviderResponse {
    const latencyMs = Date.now() - startedAt;
    const error = errorInSuccessBody(body, this.family, this.url(), replyMetadata, this.secretValues());
    if (error) return { ...this.failure(error, signal), latencyMs };
    const result = fromOpenAiChatCompletion(body, config);
    if (result.error) result.error = this.scrub(result.error);
    return this.priced({ ...result, latencyMs, metadata: { ...replyMetadata, ...result.metadata } });
  }
}
