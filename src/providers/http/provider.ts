// The generic HTTP provider: renders a request per call, sends it through the shared transport
// (pooling, timeouts, abort, Retry-After), and turns the reply into a response. Failed calls come
// back as `{ error }` with the transport's classification in metadata; they never throw.

import { errorMessage, isAbortError } from '../../errors.js';
import { currentTemplateEngine } from '../../template/environment.js';
import { httpText, TransportError } from '../transport/index.js';
import { collectSecrets } from '../transport/redact.js';
import type { CallContext, CallPolicy, Provider, ProviderResponse } from '../types.js';
import { redactUrl, scrubSecrets, secretValuesIn } from '../websocket/redact-url.js';
import { httpUrlProblem, type HttpSettings } from './config.js';
import { type UrlHostGuard, urlHostGuard } from './url-host-guard.js';
import { buildHttpRequest } from './request.js';
import { transformReply, type ResponseTransform } from './response.js';

export interface HttpHandlers {
  transformRequest?: (prompt: string, vars: Record<string, unknown>, context: CallContext | undefined) => unknown;
  transformResponse?: ResponseTransform;
  validateStatus?: (status: number) => boolean;
}

export class HttpProvider implements Provider {
  readonly label?: string;
  readonly config: Record<string, unknown>;
  readonly cacheable = true;
  private readonly shownId: string;
  private readonly headerSecrets: string[];
  /** Where the template lets a rendered URL go: vars may not change a host it writes out. */
  private readonly hostGuard: UrlHostGuard | undefined;

  constructor(
    private readonly settings: HttpSettings,
    private readonly handlers: HttpHandlers,
    options: { id: string; label?: string; config: Record<string, unknown> },
    /** process.env overlaid by the suite/provider env: `{{ env.X }}` in templates and proxy settings. */
    private readonly env: Record<string, string | undefined>,
  ) {
    this.label = options.label;
    this.config = options.config;
    this.shownId = /^https?:\/\//i.test(options.id) ? redactUrl(options.id) : options.id;
    this.headerSecrets = [
      ...collectSecrets(new URL('http://headers.invalid/'), settings.headers),
      ...authSecrets(settings),
    ];
    this.hostGuard = urlHostGuard(settings.url);
  }

  id(): string {
    return this.shownId;
  }

  /** The runner retries 429, 5xx and connection failures up to `maxRetries` (config) times. */
  get callPolicy(): CallPolicy {
    return this.settings.maxRetries === undefined ? {} : { maxRetries: this.settings.maxRetries };
  }

  toString(): string {
    return `[HTTP Provider ${redactUrl(this.settings.url)}]`;
  }

  /** Calls to one host share concurrency and rate limits; the key holds no query or credential. */
  rateLimitKey(): string {
    try {
      return `http@${new URL(this.settings.url).host}`;
    } catch {
      return this.shownId;
    }
  }

  async call(prompt: string, context?: CallContext, signal?: AbortSignal): Promise<ProviderResponse> {
    const vars = { env: this.env, ...(context?.vars ?? {}) };
    // The run's template environment (a fresh default one outside a run), with the suite's filters.
    if (context?.filters) currentTemplateEngine().addFilters(context.filters);
    const secrets = [...secretValuesIn(this.settings.url), ...this.headerSecrets];
    const fail = (message: string, extra: Partial<ProviderResponse> = {}): ProviderResponse => ({
      error: scrubSecrets(message, secrets),
      ...extra,
    });

    let transformed: unknown = prompt;
    if (this.handlers.transformRequest) {
      try {
        transformed = await this.handlers.transformRequest(prompt, context?.vars ?? {}, context);
      } catch (err) {
        return fail(`HTTP provider ${this.shownId}: transformRequest threw: ${errorMessage(err)}`);
      }
    }
    let request: ReturnType<typeof buildHttpRequest>;
    try {
      request = buildHttpRequest(this.settings, transformed, vars);
    } catch (err) {
      return fail(`HTTP provider ${this.shownId}: could not render the request: ${errorMessage(err)}`);
    }
    const problem = httpUrlProblem(request.url);
    if (problem) return fail(`HTTP provider URL ${redactUrl(request.url)} ${problem}`);
    if (this.hostGuard && !this.hostGuard(request.url))
      return fail(
        `HTTP provider ${this.shownId}: the vars turned the URL into ${redactUrl(request.url)}, which leaves the host the config writes; ` +
          'the request was not sent. Put the host itself in a template (url: https://{{ host }}/...) if vars should choose it.',
      );

    try {
      const reply = await httpText(request, {
        signal,
        timeoutMs: this.settings.timeoutMs,
        idleTimeoutMs: this.settings.idleTimeoutMs,
        acceptStatus: this.handlers.validateStatus,
        secrets: [...secrets, ...secretValuesIn(request.url)],
        env: this.env,
      });
      const response = await transformReply(this.handlers.transformResponse, reply, context, prompt);
      if (response.error) response.error = scrubSecrets(`HTTP provider ${this.shownId}: ${response.error}`, secrets);
      response.latencyMs ??= reply.latencyMs;
      const contentType = reply.headers['content-type'] ?? '';
      if (contentType.includes('text/event-stream') && reply.firstChunkMs !== undefined)
        response.ttftMs ??= reply.firstChunkMs;
      response.metadata = { ...reply.metadata, ...(response.metadata ?? {}) };
      return response;
    } catch (err) {
      if (signal?.aborted && isAbortError(err)) throw err;
      if (err instanceof TransportError) {
        return fail(`HTTP provider error: ${err.message}`, {
          metadata: { ...err.metadata, failureKind: err.kind },
          failure: { ...err.failure, service: 'HTTP' },
        });
      }
      return fail(`HTTP provider ${this.shownId}: request failed: ${errorMessage(err)}`);
    }
  }
}

/** The credential values in `auth`, scrubbed from every message (templates are scrubbed once rendered by the transport). */
function authSecrets(settings: HttpSettings): string[] {
  const auth = settings.auth;
  if (!auth) return [];
  const values = auth.type === 'bearer' ? [auth.token] : auth.type === 'basic' ? [auth.password] : [auth.value];
  return values.filter((v) => v.length >= 4 && !v.includes('{{'));
}
