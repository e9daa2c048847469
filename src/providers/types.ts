// The Provider contract: an adapter that turns a rendered prompt into a ProviderResponse.
// Field names follow promptfoo's so JavaScript assertions written for it keep working.
// Retries, caching, concurrency and step timeouts live in the runner, not here: a provider reports
// a failure as `{ error, failure }` and the runner decides what to do about it.

export interface TokenUsage {
  prompt?: number;
  completion?: number;
  total?: number;
  cached?: number;
  numRequests?: number;
}

export interface GuardrailResult {
  flagged: boolean;
  flaggedInput?: boolean;
  flaggedOutput?: boolean;
  /** Why the guardrail fired, in words a person can read (never the blocked content's secrets). */
  reason?: string;
}

export interface ProviderResponse {
  /** The model output: text, or a structured value (tool calls, parsed JSON). */
  output?: unknown;
  /** Set when the call failed; a message a person can act on (status, provider code, request id). */
  error?: string;
  tokenUsage?: TokenUsage;
  cost?: number;
  latencyMs?: number;
  /** Time to first token/message, for streamed replies. */
  ttftMs?: number;
  /** True when this response was served from the response cache. */
  cached?: boolean;
  finishReason?: string;
  isRefusal?: boolean;
  guardrails?: GuardrailResult;
  logProbs?: number[];
  /** HTTP status, rate-limit headers and provider specifics. JSON-serialisable. */
  metadata?: ProviderResponseMetadata;
  /** Set with `error`: what kind of failure it was, for the runner's retry and limit decisions. */
  failure?: ProviderFailure;
}

/**
 * What went wrong, as data the runner acts on (DESIGN.md "failures are data"). The adapter
 * classifies; whether and when to try again is the runner's decision, never made from message text.
 * - rate-limited: the server said slow down (429, or the WebSocket handshake's 429)
 * - quota-exhausted: a 429 that means the money or the daily quota is spent; waiting will not help
 * - transient: a 5xx or gateway/overload answer worth another attempt
 * - connection: the server could not be reached or dropped the connection before answering
 * - unreachable: it cannot be reached and trying again will not change that (unknown host, bad TLS),
 *   or the runner stopped calling it after repeated connection failures
 * - timeout: no complete answer within timeoutMs
 * - auth: the credential was refused (401/403) or could not be obtained (OAuth token endpoint)
 * - bad-request: the request itself was refused (400, 404, 422 ...)
 * - content-filtered: a guardrail or safety filter refused the content
 * - cut-off: the reply (stream, WebSocket) ended before it was complete
 * - invalid-reply: a reply that could not be read (not JSON, wrong shape)
 * - other: none of the above
 */
export type FailureKind =
  | 'rate-limited'
  | 'quota-exhausted'
  | 'transient'
  | 'connection'
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'bad-request'
  | 'content-filtered'
  | 'cut-off'
  | 'invalid-reply'
  | 'other';

export interface ProviderFailure {
  kind: FailureKind;
  /** HTTP status when there was one. */
  status?: number;
  /** How long the server asked to wait (Retry-After, retry-after-ms, x-ratelimit-reset-*), in ms. */
  retryAfterMs?: number;
  /** Attempts made for this call, counting the first (the runner fills it in). */
  attempts?: number;
  /** The service's name for progress text ("Databricks"); defaults to the provider's label or id. */
  service?: string;
}

/** How the runner may retry a provider's failed calls. */
export interface CallPolicy {
  /** Extra attempts after the first for a retryable failure; 0 disables retries. Default 4. */
  maxRetries?: number;
  /** First backoff step in ms when the server names no wait (doubles each retry). Default 500. */
  baseDelayMs?: number;
}

export interface ProviderResponseMetadata {
  http?: { status: number; statusText?: string; headers?: Record<string, string> };
  /** `x-ratelimit-*` and similar headers, lower-cased. */
  rateLimit?: Record<string, string>;
  requestId?: string;
  /** Tokens per second for streamed replies. */
  tokensPerSecond?: number;
  [key: string]: unknown;
}

export interface EmbeddingResponse {
  embedding?: number[];
  tokenUsage?: TokenUsage;
  cached?: boolean;
  latencyMs?: number;
  error?: string;
  failure?: ProviderFailure;
}

/** A classification: each label's score (promptfoo's `{ classification: { label: score } }`). */
export interface ClassificationResponse {
  classification?: Record<string, number>;
  tokenUsage?: TokenUsage;
  cached?: boolean;
  error?: string;
}

/** What a provider may read about the step it is serving. */
export interface CallContext {
  /** The test's variables for this step (already expanded; file:// values loaded). */
  vars: Record<string, unknown>;
  prompt: { raw: string; label: string; config?: Record<string, unknown> };
  /** 0-based repeat index (`--repeat`). */
  repeatIndex: number;
  /** Custom Nunjucks filters from the config, for providers that render their own templates. */
  filters?: Record<string, (...args: unknown[]) => unknown>;
  /** The merged test case, for providers that need test metadata. Opaque to most providers. */
  test?: unknown;
}

export interface Provider {
  /** Stable id, e.g. `databricks:my-endpoint`. Must never contain a secret. */
  id(): string;
  /** Display label from config (`label:`), else undefined. */
  label?: string;
  /** The provider's config as given (may hold secrets; never print it raw). */
  config?: Record<string, unknown>;
  call(prompt: string, context: CallContext, signal?: AbortSignal): Promise<ProviderResponse>;
  embed?(text: string, signal?: AbortSignal): Promise<EmbeddingResponse>;
  /** Scores the text against labels (for the `classifier` assertion). */
  classify?(text: string, signal?: AbortSignal): Promise<ClassificationResponse>;
  /**
   * Whether the runner may cache this provider's responses on disk. Network providers say
   * yes; local ones (echo, custom code) say no so that their side effects always run.
   */
  cacheable?: boolean;
  /**
   * What a call would send (URL and body, no credentials), computed without sending it: the
   * response cache keys on it, so settings from the environment (OPENAI_MAX_TOKENS) and the
   * target host are part of the key. Optional; the runner falls back to id and config.
   */
  requestIdentity?(prompt: string, context: CallContext): Promise<unknown>;
  /** Like requestIdentity, for embed(text). */
  embeddingRequestIdentity?(text: string): unknown;
  /** Retry settings the runner applies to this provider's calls (maxRetries from its config). */
  callPolicy?: CallPolicy;
  /** Key for concurrency / rate-limit grouping; defaults to id(). Must not contain a secret. */
  rateLimitKey?(): string;
  /** Release sockets, pools and timers. */
  close?(): Promise<void>;
  /**
   * Told that this run will call the provider (before the first call, while the run is set up):
   * it may start one-time work the first call would wait for. Nothing it starts may hold the
   * process: close() stops it.
   */
  prepareForCalls?(): void;
}

/** What a provider factory receives: the provider entry from the config, env-rendered. */
export interface ProviderOptions {
  /** The full id string as written, e.g. `cloudflare-ai:chat:@cf/meta/llama-3-8b-instruct`. */
  id: string;
  label?: string;
  config: Record<string, unknown>;
  /** Suite-level env overlaid by the provider's own `env:`; look variables up here before process.env. */
  env: Record<string, string | undefined>;
  /** Folder that relative `file://` paths in this provider's config resolve against. */
  basePath: string;
}

/**
 * Builds a provider from the part of the id after its registry prefix (`rest`) and its options.
 * Throws ConfigError for configuration or credential problems, before any request is sent.
 */
export type ProviderFactory = (rest: string, options: ProviderOptions) => Provider | Promise<Provider>;

/** A built Provider object (from a registry factory or passed in code): has id() and call(). */
export function isProvider(value: unknown): value is Provider {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as Provider).id === 'function' &&
    typeof (value as Provider).call === 'function'
  );
}

/** Look up an env variable the way every provider should: provider/suite env first, then process.env. */
export function lookupEnv(options: Pick<ProviderOptions, 'env'>, name: string): string | undefined {
  const fromOptions = options.env[name];
  if (fromOptions !== undefined && fromOptions !== '') return fromOptions;
  const fromProcess = process.env[name];
  return fromProcess === '' ? undefined : fromProcess;
}
