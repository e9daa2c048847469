// What the Databricks chat, completion and embedding providers share: the invocations URL, the
// body rules of serving endpoints, per-request auth, failure messages, and the endpoint check
// (isPayPerToken / aiGatewayConfig) run before the first call.

import { isAbortError } from '../../errors.js';
import { TransportError, type HttpStreamOptions } from '../transport/index.js';
import type { OpenAiConfig } from '../openai-compatible/index.js';
import type { ProviderResponse } from '../types.js';
import type { DatabricksAuth } from './auth.js';
import { usageContextBody, type DatabricksConfig } from './config.js';
import type { CheckOutcome, EndpointCheck } from './endpoint-info.js';
import { describeHttpError, guardrailRefusal, type FailureContext } from './errors.js';
import { DatabricksAuthError } from './oauth.js';

/** OpenAI fields serving endpoints reject with `unknown field` (and `model`, which the path already names). */
const NOT_SENT = new Set(['model', 'stream_options', 'store', 'service_tier', 'max_completion_tokens']);

export class DatabricksTarget {
  readonly host: string;

  constructor(
    readonly workspaceUrl: string,
    readonly endpoint: string,
    readonly settings: DatabricksConfig,
    readonly auth: DatabricksAuth,
    readonly check: EndpointCheck,
  ) {
    this.host = new URL(workspaceUrl).host;
    this.usageContext = usageContextBody(settings.usageContext);
  }

  private readonly usageContext: Record<string, string> | undefined;

  get servingEndpointsUrl(): string {
    return `${this.workspaceUrl}/serving-endpoints`;
  }

  /** The native path: POST {workspace}/serving-endpoints/{endpoint}/invocations. */
  invocationsUrl(): string {
    return `${this.servingEndpointsUrl}/${encodeURIComponent(this.endpoint)}/invocations`;
  }

  rateLimitKey(): string {
    return `databricks:${this.host}:${this.endpoint}`;
  }

  /** Serving endpoints take max_tokens only, so a max_completion_tokens setting becomes max_tokens. */
  transformBody(body: Record<string, unknown>, config: OpenAiConfig): Record<string, unknown> {
    // Built afresh rather than copied and `delete`d: deleting keys makes the object slow to serialise.
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(body)) if (!NOT_SENT.has(key)) out[key] = body[key];
    const completionTokens = config.max_completion_tokens ?? body.max_completion_tokens;
    if (config.max_tokens === undefined && typeof completionTokens === 'number') out.max_tokens = completionTokens;
    if (this.usageContext) out.usage_context = this.usageContext;
    return out;
  }

  transportOptions(base: HttpStreamOptions): HttpStreamOptions {
    return { ...base, auth: this.auth.forRequest(), secrets: this.secretsWith(base.secrets) };
  }

  // The same array every request (not a fresh copy), so the transport can reuse its secret scan.
  private secretsMemo: { base: readonly string[] | undefined; all: string[] } | undefined;
  private secretsWith(base: readonly string[] | undefined): string[] {
    const memo = this.secretsMemo;
    if (memo && memo.base === base) return memo.all;
    const all = [...(base ?? []), ...this.auth.secrets];
    this.secretsMemo = { base, all };
    return all;
  }

  /** A failure as a response; undefined leaves it to the OpenAI base. Aborts are rethrown by the caller. */
  failure(err: unknown, signal: AbortSignal | undefined, maxTokens: number | undefined): ProviderResponse | undefined {
    if (signal?.aborted && isAbortError(err)) return undefined;
    // A token that could not be had is an auth failure: the token source already backs off, so the runner must not retry.
    if (err instanceof DatabricksAuthError)
      return { error: err.message, failure: { kind: 'auth', service: 'Databricks' } };
    if (!(err instanceof TransportError) || err.kind !== 'http') return undefined;
    const refusal = guardrailRefusal(err);
    if (refusal) return refusal;
    return {
      error: describeHttpError(err, this.failureContext(maxTokens)),
      metadata: err.metadata,
      failure: { ...err.failure, service: 'Databricks' },
    };
  }

  private failureContext(maxTokens: number | undefined): FailureContext {
    return {
      endpoint: this.endpoint,
      host: this.host,
      authKind: this.auth.kind,
      authSource: this.auth.source,
      payPerToken: this.settings.isPayPerToken ?? this.endpoint.startsWith('databricks-'),
      maxTokens,
    };
  }

  /** The endpoint check's outcome, once per provider; skipped when the config declares nothing. */
  async preflight(): Promise<CheckOutcome | undefined> {
    return this.check.needed ? this.check.result() : undefined;
  }

  /** Adds what the check learned (serving mode, guardrails, PII masking) to a response's metadata. */
  decorate(response: ProviderResponse, outcome: CheckOutcome | undefined): ProviderResponse {
    const gateway = outcome?.info?.gateway;
    const masks =
      this.settings.aiGatewayConfig?.piiHandling === 'mask' ||
      gateway?.inputPii === 'MASK' ||
      gateway?.outputPii === 'MASK';
    if (!outcome && !masks) return response;
    const databricks: Record<string, unknown> = { endpoint: this.endpoint };
    if (outcome?.info) databricks.servingMode = outcome.info.servingMode;
    if (gateway) databricks.aiGateway = gateway;
    if (outcome?.skipped) databricks.endpointCheck = `skipped: ${outcome.skipped}`;
    if (masks) {
      databricks.piiHandling = 'mask';
      databricks.piiNote =
        'The AI Gateway masks PII: matches are replaced with [REDACTED] before the model sees the input or the output is returned.';
      if (typeof response.output === 'string') databricks.piiMasked = response.output.includes('[REDACTED]');
    }
    return { ...response, metadata: { ...response.metadata, databricks } };
  }
}
