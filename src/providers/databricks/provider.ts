// The Databricks providers: the OpenAI-compatible chat, completion and embedding providers pointed
// at a serving endpoint's invocations path, with Databricks auth, errors and the endpoint check.

import type { CallContext, EmbeddingResponse, ProviderOptions, ProviderResponse } from '../types.js';
import type { HttpStreamOptions } from '../transport/index.js';
import {
  OpenAiChatProvider,
  OpenAiCompletionProvider,
  OpenAiEmbeddingProvider,
  type OpenAiCompatibleProvider,
  type OpenAiConfig,
  type OpenAiFamily,
} from '../openai-compatible/index.js';
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

// TypeScript only accepts a mixin base typed as a constructor of `...args: any[]`.
// biome-ignore lint/suspicious/noExplicitAny: a mixin base must be typed with any[] arguments
type OpenAiProviderClass = abstract new (...args: any[]) => OpenAiCompatibleProvider;

/**
 * The hooks every Databricks provider overrides the same way, around any OpenAI-compatible base.
 * Typed as the base it wraps: the hooks only override protected ones, and a mixin's own class type
 * cannot be written into declaration files while it carries protected members.
 */
function onDatabricks<TBase extends OpenAiProviderClass>(
  Base: TBase,
  { maxTokensInHints }: { maxTokensInHints: boolean },
): TBase {
  abstract class OnDatabricks extends Base {
    abstract readonly target: DatabricksTarget;

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
      const maxTokens = maxTokensInHints ? this.settings.max_tokens : undefined;
      return this.target.failure(err, signal, maxTokens) ?? super.failure(err, signal);
    }
    override rateLimitKey(): string {
      return this.target.rateLimitKey();
    }
    protected override secretValues(): readonly string[] {
      return this.target.auth.secrets;
    }
    /** The run will call this endpoint: its check (isPayPerToken, aiGatewayConfig) may start now. */
    prepareForCalls(): void {
      this.target.check.start();
    }
    async close(): Promise<void> {
      this.target.check.close();
    }
  }
  return OnDatabricks;
}

/** Runs the endpoint check first; a problem it finds is the answer, else the reply carries what it learned. */
async function afterPreflight(
  target: DatabricksTarget,
  send: () => Promise<ProviderResponse>,
): Promise<ProviderResponse> {
  const outcome = await target.preflight();
  if (outcome?.problem) return { error: outcome.problem };
  return target.decorate(await send(), outcome);
}

export class DatabricksEmbeddingProvider extends onDatabricks(OpenAiEmbeddingProvider, { maxTokensInHints: false }) {
  constructor(
    readonly target: DatabricksTarget,
    options: ProviderOptions,
  ) {
    super(target.endpoint, options, DATABRICKS_FAMILY, connection(target));
  }

  override async embed(text: string, signal?: AbortSignal): Promise<EmbeddingResponse> {
    const outcome = await this.target.preflight();
    if (outcome?.problem) return { error: outcome.problem };
    return super.embed(text, signal);
  }
}

export class DatabricksChatProvider extends onDatabricks(OpenAiChatProvider, { maxTokensInHints: true }) {
  private readonly embedder: DatabricksEmbeddingProvider;

  constructor(
    readonly target: DatabricksTarget,
    options: ProviderOptions,
  ) {
    super(target.endpoint, options, DATABRICKS_FAMILY, connection(target));
    this.embedder = new DatabricksEmbeddingProvider(target, options);
  }

  override call(prompt: string, context: CallContext, signal?: AbortSignal): Promise<ProviderResponse> {
    return afterPreflight(this.target, () => super.call(prompt, context, signal));
  }

  embeddingRequestIdentity(text: string): unknown {
    return this.embedder.embeddingRequestIdentity(text);
  }

  /** The same endpoint asked for embeddings (e.g. `databricks:databricks-gte-large-en` as a `similar` provider). */
  embed(text: string, signal?: AbortSignal): Promise<EmbeddingResponse> {
    return this.embedder.embed(text, signal);
  }
}

export class DatabricksCompletionProvider extends onDatabricks(OpenAiCompletionProvider, { maxTokensInHints: true }) {
  constructor(
    readonly target: DatabricksTarget,
    options: ProviderOptions,
  ) {
    super(target.endpoint, options, DATABRICKS_FAMILY, connection(target));
  }

  override call(prompt: string, context: CallContext, signal?: AbortSignal): Promise<ProviderResponse> {
    return afterPreflight(this.target, () => super.call(prompt, context, signal));
  }
}
