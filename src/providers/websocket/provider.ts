// The WebSocket provider: renders the URL and message per call, runs one connection attempt, and
// never throws for a failed call: it answers `{ error, failure }` and the runner decides on retries
// (transient handshake failures, honouring Retry-After, up to maxRetries).

import type WebSocket from 'ws';
import { currentTemplateEngine } from '../../template/environment.js';
import type { CallContext, CallPolicy, Provider, ProviderResponse } from '../types.js';
import { urlProblem, type WebSocketSettings } from './config.js';
import { runAttempt } from './lifecycle.js';
import { redactUrl, scrubSecrets, secretValuesIn } from './redact-url.js';
import { collectSecrets } from '../transport/redact.js';
import { registerSecrets } from '../../redaction/secret-registry.js';
import { errorText, type ReaderFactory } from './reply.js';

export class WebSocketProvider implements Provider {
  readonly label?: string;
  readonly config: Record<string, unknown>;
  readonly cacheable = false;
  private readonly shownId: string;
  /** Credential values in config.headers (Authorization, API keys), scrubbed from every error. */
  private readonly headerSecrets: string[];
  private readonly sockets = new Set<WebSocket>();
  /** process.env overlaid by the suite/provider env, for `{{ env.X }}` in the URL or message. */
  private readonly env: Record<string, string | undefined>;

  constructor(
    private readonly settings: WebSocketSettings,
    private readonly readers: ReaderFactory,
    options: { label?: string; config: Record<string, unknown>; env: Record<string, string | undefined> },
  ) {
    this.label = options.label;
    this.config = options.config;
    this.shownId = redactUrl(settings.url);
    this.headerSecrets = settings.headers ? collectSecrets(new URL('ws://headers.invalid/'), settings.headers) : [];
    this.env = { ...process.env, ...options.env };
  }

  id(): string {
    return this.shownId;
  }

  /** README: WebSocket handshakes are retried up to 3 times by default (`maxRetries`). */
  get callPolicy(): CallPolicy {
    return { maxRetries: this.settings.maxRetries, baseDelayMs: this.settings.retryBaseDelayMs };
  }

  toString(): string {
    return `[WebSocket Provider ${this.shownId}]`;
  }

  async call(prompt: string, context?: CallContext, signal?: AbortSignal): Promise<ProviderResponse> {
    const startedAt = performance.now();
    const deadline = Date.now() + this.settings.timeoutMs;
    const vars: Record<string, unknown> = { env: this.env, ...(context?.vars ?? {}), prompt };
    // The run's template environment (a fresh default one outside a run), with the suite's filters.
    const templates = currentTemplateEngine();
    if (context?.filters) templates.addFilters(context.filters);

    let url: string;
    let message: string;
    try {
      url = templates.render(this.settings.url, vars);
      message = templates.render(this.settings.messageTemplate, vars);
    } catch (err) {
      return {
        error: scrubSecrets(
          `WebSocket provider ${this.shownId}: could not render the URL or messageTemplate: ${errorText(err)}`,
          secretValuesIn(this.settings.url),
        ),
      };
    }
    const shownUrl = redactUrl(url);
    const secrets = [...secretValuesIn(url), ...this.headerSecrets];
    registerSecrets(secrets);
    const problem = urlProblem(url);
    if (problem) return { error: scrubSecrets(`WebSocket URL ${shownUrl} ${problem}`, secrets) };

    const reader = this.readers(context ?? { vars: {}, prompt: { raw: prompt, label: prompt }, repeatIndex: 0 });
    const outcome = await runAttempt({
      url,
      shownUrl,
      message,
      headers: this.settings.headers,
      protocols: this.settings.protocols,
      deadline,
      timeoutMs: this.settings.timeoutMs,
      idleTimeoutMs: this.settings.idleTimeoutMs,
      startedAt,
      reader,
      signal,
      track: (ws) => this.track(ws),
    });
    if (outcome.ok) {
      const response: ProviderResponse = { ...outcome.response };
      response.latencyMs ??= Math.round(performance.now() - startedAt);
      if (outcome.ttftMs !== undefined) response.ttftMs ??= Math.round(outcome.ttftMs);
      return response;
    }
    const { message: text, kind, status, retryAfterMs } = outcome.failure;
    return {
      error: scrubSecrets(text, secrets),
      latencyMs: Math.round(performance.now() - startedAt),
      failure: {
        kind,
        service: 'WebSocket',
        ...(status !== undefined ? { status } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
    };
  }

  /** Terminates sockets still closing, so a finished run leaves no open handles behind. */
  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }

  private track(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.once('close', () => this.sockets.delete(ws));
  }
}
