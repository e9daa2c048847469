// The Databricks providers: the OpenAI-compatible chat, completion and embedding providers pointed
// at a serving endpoint's invocations path, with Databricks auth, errors and the endpoint check.

import type { CallContext, EmbeddingResponse, ProviderOptions, ProviderResponse } from '../types.js';
import type { HttpStreamOptions } from '../transport/index.js';
import { OpenAiChatProvider, OpenAiCompletionProvider, OpenAiEmbeddingProvider, type OpenAiConfig, type OpenAiFamily } from '../openai-compatible/index.js';
import { databricksErrorEnvelope } from './errors.js';
import type { DatabricksTarget } from './target.js';

export const DATABRICKS_FAMILY: OpenAiFamily = {
  name: 'databricks',
  displayName: 'Databricks',
  apiKeyEnvVar: 'DATABRICKS_TOKEN',
  errorEnvelope: databricksErrorEnvelope,
  streamTerminal: '[DONE]',
  // No Databricks page promises `data: [DONE]`; a stream that ends cleanly after its finish_reason is whole.
  streamTerminalOptional: true,
};

function connection(target: DatabricksTarget) {
  return { baseUrl: target.servingEndpointsUrl, auth: target.auth.forRequest() };
}

export class DatabricksEmbeddingProvider extends OpenAiEmbeddingProvider {
  constructor(readonly target: DatabricksTarget, options: ProviderOptions) {
    super(target.endpoint, options, DATABRICKS_FAMILY, connection(target));
  }

  override async embed(text: string, signal?: AbortSignal): Promise<EmbeddingResponse> {
    const outcome = await this.target.preflight();
    if (outcome?.problem) return { error: outcome.problem };
    return super.embed(text, signal);
  }

  protected override url(): string {
    return this.target.invocationsUrl();
  }
  protected override transformBody(body: Record<string, unknown>, config: OpenAiConfig): Record<string, unknown> {
    return this.target.transformBody(body, config);
  }
  protected override transportOptions(config: OpenAiConfig, signal: AbortSignal | undefined): HttpStreamOptions {
    return this.target.transportOptions(super.transportOptions(config, signal));
  }
  protected override failure(err: unknown, signal: AbortSignal | undefined): ProviderResponse {
    return this.target.failure(err, signal, undefined) ?? super.failure(err, signal);
  }
  override rateLimitKey(): string {
    return this.target.rateLimitKey();
  }
  protected override secretValues(): readonly string[] {
    return this.target.auth.secrets;
  }
}

export class DatabricksChatProvider extends OpenAiChatProvider {
  private readonly embedder: DatabricksEmbeddingProvider;

  constructor(readonly target: DatabricksTarget, options: ProviderOptions) {
    super(target.endpoint, options, DATABRICKS_FAMILY, connection(target));
    this.embedder = new DatabricksEmbeddingProvider(target, options);
  }

  override async call(prompt: string, context: CallContext, signal?: AbortSignal): Promise<ProviderResponse> {
    const outcome = await this.target.preflight();
    if (outcome?.problem) return { error: outcome.problem };
    return this.target.decorate(await super.call(prompt, context, signal), outcome);
  }

  /** The same endpoint asked for embeddings (e.g. `databricks:databricks-gte-large-en` as a `similar` provider). */
  embed(text: string, signal?: AbortSignal): Promise<EmbeddingResponse> {
    return this.embedder.embed(text, signal);
  }

  protected override url(): string {
    return this.target.invocationsUrl();
  }
  protected override transformBody(body: Record<string, unknown>, config: OpenAiConfig): Record<string, unknown> {
    return this.target.transformBody(body, config);
  }
  protected override transportOptions(config: OpenAiConfig, signal: AbortSignal | undefined): HttpStreamOptions {
    return this.target.transportOptions(super.transportOptions(config, signal));
  }
  protected override failure(err: unknown, signal: AbortSignal | undefined): ProviderResponse {
    return this.target.failure(err, signal, this.settings.max_tokens) ?? super.failure(err, signal);
  }
  override rateLimitKey(): string {
    return this.target.rateLimitKey();
  }
  protected override secretValues(): readonly string[] {
    return this.target.auth.secrets;
  }
}

export class DatabricksCompletionProvider extends OpenAiCompletionProvider {
  constructor(readonly target: DatabricksTarget, options: ProviderOptions) {
    super(target.endpoint, options, DATABRICKS_FAMILY, connection(target));
  }

  override async call(prompt: string, context: CallContext, signal?: AbortSignal): Promise<ProviderResponse> {
    const outcome = await this.target.preflight();
    if (outcome?.problem) return { error: outcome.problem };
    return this.target.decorate(await super.call(prompt, context, signal), outcome);
  }

  protected override url(): string {
    return this.target.invocationsUrl();
  }
  protected override transformBody(body: Record<string, unknown>, config: OpenAiConfig): Record<string, unknown> {
    return this.target.transformBody(body, config);
  }
  protected override transportOptions(config: OpenAiConfig, signal: AbortSignal | undefined): HttpStreamOptions {
    return this.target.transportOptions(super.transportOptions(config, signal));
  }
  protected override failure(err: unknown, signal: AbortSignal | undefined): ProviderResponse {
    return this.target.failure(err, signal, this.settings.max_tokens) ?? super.failure(err, signal);
  }
  override rateLimitKey(): string {
    return this.target.rateLimitKey();
  }
  protected override secretValues(): readonly string[] {
    return this.target.auth.secrets;
  }
}
