// The three Cloudflare Workers AI providers: the OpenAI-compatible chat, completion and
// embedding providers pointed at the account's /ai/v1 base, with Cloudflare's error hints.

import { OpenAiChatProvider, OpenAiCompletionProvider, OpenAiEmbeddingProvider } from '../openai-compatible/index.js';
import { hintedHttpFailure } from '../failure-hint.js';
import { TransportError } from '../transport/index.js';
import { lookupEnv, type ProviderOptions, type ProviderResponse } from '../types.js';
import { ACCOUNT_ENV, BASE_URL_ENV, CLOUDFLARE_FAMILY, resolveCloudflareConnection } from './connection.js';
import { cloudflareHint, type HintContext } from './errors.js';

export type CloudflareModelType = 'chat' | 'completion' | 'embedding';

function hintContext(options: ProviderOptions): HintContext {
  const { accountIdEnvar, apiKeyEnvar, apiBaseUrl } = options.config;
  const accountVar = typeof accountIdEnvar === 'string' && accountIdEnvar ? accountIdEnvar : ACCOUNT_ENV;
  const baseUrlSource =
    typeof apiBaseUrl === 'string' && apiBaseUrl
      ? 'apiBaseUrl'
      : lookupEnv(options, BASE_URL_ENV)
        ? BASE_URL_ENV
        : undefined;
  const keyVar = typeof apiKeyEnvar === 'string' && apiKeyEnvar ? apiKeyEnvar : 'CLOUDFLARE_API_KEY';
  return {
    accountSource: `${accountVar} / accountId`,
    baseUrlSource,
    keySource: `${keyVar} (or apiKey in the provider config)`,
  };
}

function hinted(
  result: ProviderResponse,
  err: unknown,
  options: ProviderOptions,
  secrets: readonly string[],
): ProviderResponse {
  if (!(err instanceof TransportError) || err.kind !== 'http') return result;
  const hint = cloudflareHint(err, hintContext(options));
  return hint ? { ...result, error: hintedHttpFailure(CLOUDFLARE_FAMILY.displayName, err, hint, secrets) } : result;
}

export class CloudflareAiChatProvider extends OpenAiChatProvider {
  readonly modelType: CloudflareModelType = 'chat';
  constructor(model: string, options: ProviderOptions) {
    const { baseUrl, config } = resolveCloudflareConnection(options);
    super(model, options, CLOUDFLARE_FAMILY, { baseUrl, config });
  }
  protected override failure(err: unknown, signal: AbortSignal | undefined): ProviderResponse {
    return hinted(super.failure(err, signal), err, this.options, this.connection.secrets);
  }
}

export class CloudflareAiCompletionProvider extends OpenAiCompletionProvider {
  readonly modelType: CloudflareModelType = 'completion';
  constructor(model: string, options: ProviderOptions) {
    const { baseUrl, config } = resolveCloudflareConnection(options);
    super(model, options, CLOUDFLARE_FAMILY, { baseUrl, config });
  }
  protected override failure(err: unknown, signal: AbortSignal | undefined): ProviderResponse {
    return hinted(super.failure(err, signal), err, this.options, this.connection.secrets);
  }
}

export class CloudflareAiEmbeddingProvider extends OpenAiEmbeddingProvider {
  readonly modelType: CloudflareModelType = 'embedding';
  constructor(model: string, options: ProviderOptions) {
    const { baseUrl, config } = resolveCloudflareConnection(options);
    super(model, options, CLOUDFLARE_FAMILY, { baseUrl, config });
  }
  protected override failure(err: unknown, signal: AbortSignal | undefined): ProviderResponse {
    return hinted(super.failure(err, signal), err, this.options, this.connection.secrets);
  }
}
