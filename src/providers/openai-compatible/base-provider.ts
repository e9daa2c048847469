// What the chat, completion and embedding providers share: identity, connection, per-call config
// (prompt config merged, file:// loaded, vars rendered), transport options and error mapping.
// Subclasses override the protected hooks; thin families pass an OpenAiFamily and overrides.

import { errorMessage, isAbortError, ProviderError } from '../../errors.js';
import { renderDeep } from '../../template/environment.js';
import { TransportError, defaultErrorEnvelope, type HttpRequest, type HttpStreamOptions } from '../transport/index.js';
import { failureOfThrown } from '../failure-kind.js';
import { describeUrl, snippet, statusText } from '../transport/errors.js';
import { redact } from '../transport/redact.js';
import { redactString } from '../../results/redact.js';
import {
  lookupEnv,
  type CallContext,
  type CallPolicy,
  type Provider,
  type ProviderFailure,
  type ProviderOptions,
  type ProviderResponse,
  type ProviderResponseMetadata,
} from '../types.js';
import { mergePromptConfig, parseOpenAiConfig, type OpenAiConfig } from './config.js';
import {
  joinUrl,
  resolveConnection,
  type ConnectionOverrides,
  type OpenAiConnection,
  type OpenAiFamily,
} from './family.js';
import { FileRefLoader } from './file-refs.js';
import { tableCost } from '../pricing/table-cost.js';

/** README: HTTP providers retry up to 4 times unless `maxRetries` says otherwise. */
export const DEFAULT_HTTP_MAX_RETRIES = 4;

export abstract class OpenAiCompatibleProvider implements Provider {
  readonly label?: string;
  readonly config: Record<string, unknown>;
  readonly cacheable = true;
  protected readonly settings: OpenAiConfig;
  protected readonly connection: OpenAiConnection;
  protected readonly files: FileRefLoader;

  constructor(
    readonly model: string,
    protected readonly options: ProviderOptions,
    readonly family: OpenAiFamily,
    overrides: ConnectionOverrides = {},
  ) {
    this.label = options.label;
    this.config = overrides.config ?? options.config;
    this.settings = parseOpenAiConfig(this.config, options.id);
    this.connection = resolveConnection(options, this.settings, family, overrides);
    this.files = new FileRefLoader(options.basePath);
  }

  /** The endpoint path under the base URL, e.g. `/chat/completions`. */
  protected abstract readonly endpointPath: string;

  abstract call(prompt: string, context: CallContext, signal?: AbortSignal): Promise<ProviderResponse>;

  id(): string {
    return this.options.id;
  }

  /** Calls to the same deployment share limits; the key names no secret. */
  rateLimitKey(): string {
    const base = new URL(this.connection.baseUrl);
    return `${this.id()}@${base.host}${base.pathname}`;
  }

  /** Hook: the request body for one call, as sent (subclasses build theirs here). */
  protected abstract bodyFor(prompt: string, config: OpenAiConfig): Record<string, unknown>;

  /** The URL (secret query values hidden) and body this call would send; the cache key. */
  async requestIdentity(prompt: string, context: CallContext): Promise<unknown> {
    const config = await this.callConfig(context);
    return { url: redactString(this.url()), body: this.bodyFor(prompt, config) };
  }

  /** Hook: the URL to call. */
  protected url(): string {
    return joinUrl(this.connection.baseUrl, this.endpointPath);
  }

  /** Hook: last word on the body (drop or add keys the family needs). */
  protected transformBody(body: Record<string, unknown>, _config: OpenAiConfig): Record<string, unknown> {
    return body;
  }

  // Sampling defaults (OPENAI_TEMPERATURE, …) are looked up on every request; the env does not
  // change during a run, and process.env reads are slow, so each name is read once.
  private readonly envMemo = new Map<string, string | undefined>();
  protected env = (name: string): string | undefined => {
    if (this.envMemo.has(name)) return this.envMemo.get(name);
    const value = lookupEnv(this.options, name);
    this.envMemo.set(name, value);
    return value;
  };

  /** The config for one call: prompt config over provider config, file refs loaded, vars rendered. */
  protected async callConfig(context: CallContext | undefined): Promise<OpenAiConfig> {
    const merged = mergePromptConfig(this.settings, context?.prompt.config, this.options.id);
    const vars = context?.vars ?? {};
    const config: OpenAiConfig = { ...merged };
    if (merged.tools !== undefined)
      config.tools = renderDeep(await this.files.resolveList(merged.tools, 'config.tools'), vars) as unknown[];
    if (merged.functions !== undefined)
      config.functions = renderDeep(
        await this.files.resolveList(merged.functions, 'config.functions'),
        vars,
      ) as unknown[];
    if (merged.response_format !== undefined) {
      config.response_format = renderDeep(
        await this.files.resolveResponseFormat(merged.response_format, 'config.response_format'),
        vars,
      ) as OpenAiConfig['response_format'];
    }
    return config;
  }

  protected request(body: Record<string, unknown>): HttpRequest {
    return { url: this.url(), method: 'POST', headers: this.connection.headers, body };
  }

  protected transportOptions(config: OpenAiConfig, signal: AbortSignal | undefined): HttpStreamOptions {
    return {
      signal,
      timeoutMs: config.timeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      auth: this.connection.auth,
      errorEnvelope: this.family.errorEnvelope,
      isRetryable: this.family.isRetryable,
      secrets: this.connection.secrets,
      env: this.options.env,
      terminalData: this.family.streamTerminal,
      ...(this.family.streamTerminalOptional ? { requireTerminal: false } : {}),
    };
  }

  /** Hook: the credential values that must never appear in an error (the API key by default). */
  protected secretValues(): readonly string[] {
    return this.connection.secrets;
  }

  /** An error text built from a reply's own words (which may echo the key), made safe to show. */
  protected scrub(text: string): string {
    return redact(text, this.secretValues());
  }

  /**
   * Prices a successful reply from the dated price table when the config set no rates (config
   * rates already produced `cost`). Unknown models stay without a cost.
   */
  protected priced(response: ProviderResponse): ProviderResponse {
    if (response.error !== undefined || response.cost !== undefined) return response;
    const cost = tableCost(this.family.name, this.model, response.tokenUsage);
    return cost === undefined ? response : { ...response, cost };
  }

  /** The runner retries this provider's retryable failures up to `maxRetries` (config) times. */
  get callPolicy(): CallPolicy {
    return { maxRetries: this.settings.maxRetries ?? DEFAULT_HTTP_MAX_RETRIES };
  }

  /** The typed failure the runner acts on, named after this family for progress text. */
  protected typedFailure(err: unknown): ProviderFailure {
    const failure = err instanceof TransportError ? err.failure : (failureOfThrown(err) ?? { kind: 'other' as const });
    return { ...failure, service: this.family.displayName };
  }

  /** Failures become `{ error, failure }`; the caller's abort propagates so the runner can stop. */
  protected failure(err: unknown, signal: AbortSignal | undefined): ProviderResponse {
    if (signal?.aborted && isAbortError(err)) throw err;
    const name = this.family.displayName;
    const failure = this.typedFailure(err);
    if (err instanceof TransportError)
      return { error: `${name} API error: ${err.message}`, metadata: err.metadata, failure };
    if (err instanceof ProviderError) return { error: this.scrub(`${name} API error: ${err.message}`), failure };
    return { error: this.scrub(`${name} request failed: ${errorMessage(err)}`), failure };
  }
}

/**
 * A 2xx body that is really an error envelope (some gateways, and Cloudflare, answer 200 with
 * `{error}` / `{success:false, errors}`), as the same TransportError a non-2xx reply gives, so
 * family hints keyed on the provider's error code apply to it too.
 */
export function errorInSuccessBody(
  body: unknown,
  family: OpenAiFamily,
  url: string,
  metadata: ProviderResponseMetadata,
  secrets: readonly string[],
): TransportError | undefined {
  if (!body || typeof body !== 'object' || 'choices' in body || 'data' in body) return undefined;
  const record = body as Record<string, unknown>;
  if (record.error === undefined && record.success !== false) return undefined;
  const envelope = family.errorEnvelope?.(body) ??
    defaultErrorEnvelope(body) ?? { message: snippet(JSON.stringify(body), 300) };
  const status = metadata.http?.status ?? 200;
  const tags = [envelope.type && `type: ${envelope.type}`, envelope.code && `code: ${envelope.code}`]
    .filter(Boolean)
    .join(', ');
  const where = describeUrl(new URL(url));
  let message = `HTTP ${status} ${statusText(status)} from ${where} carried an error: ${envelope.message ?? 'no message'}${tags ? ` (${tags})` : ''}`;
  if (metadata.requestId) message += ` [request id: ${metadata.requestId}]`;
  // Kind 'other' (the TransportError default): a 2xx carrying an error is not retried, as before.
  return new TransportError(redact(message, secrets), {
    kind: 'http',
    attempts: 1,
    status,
    envelope,
    metadata,
    requestId: metadata.requestId,
    where,
  });
}
