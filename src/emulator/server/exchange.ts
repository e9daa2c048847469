// One request/response pair: parsed input, the recorded copy, and replies (JSON or SSE) that
// carry out the fault chosen for this request (malformed, truncated, stalled stream).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultKind, RecordedRequest } from '../types.js';
import type { Meter } from './meter.js';

export type GenericError =
  | { kind: 'rate_limited'; retryAfterSec: number }
  | { kind: 'server_error'; status: number }
  | { kind: 'invalid_json'; detail: string }
  | { kind: 'not_found' }
  | { kind: 'too_large' }
  | { kind: 'internal'; detail: string };

export interface ErrorReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ExchangeHooks {
  meter: Meter;
  errorReply(error: GenericError, ex: Exchange): ErrorReply;
  sleep(ms: number): Promise<void>;
}

export class Exchange {
  readonly path: string;
  readonly query: URLSearchParams;
  fault: FaultKind | undefined;
  /** Added to every reply (e.g. Llama's x-ratelimit-* headers). */
  readonly replyHeaders: Record<string, string> = {};
  answered = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly rawBody: string,
    readonly record: RecordedRequest,
    private readonly hooks: ExchangeHooks,
  ) {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    this.path = url.pathname;
    this.query = url.searchParams;
  }

  get method(): string {
    return this.req.method ?? 'GET';
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  /** The configured requests-per-minute limit (0 = unlimited) and the requests in the current window. */
  limiterPerMinute(): number {
    return this.hooks.meter.limiter.perMinute;
  }

  limiterUsed(): number {
    return this.hooks.meter.limiter.used();
  }

  bearer(): string | undefined {
    const m = /^Bearer\s+(.+)$/i.exec(this.header('authorization') ?? '');
    return m?.[1]?.trim();
  }

  /** The JSON body, or undefined after answering the API's own 400 for invalid JSON. */
  jsonBody(): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(this.rawBody) };
    } catch (e) {
      this.sendError({ kind: 'invalid_json', detail: e instanceof Error ? e.message : String(e) });
      return { ok: false };
    }
  }

  /**
   * Rate limit, scripted faults and latency, for requests that reach a model. Returns false when
   * the request was already answered (429, 5xx), reset or stalled.
   */
  async admit(rpmLimiterWeight = 1): Promise<boolean> {
    const { meter } = this.hooks;
    const retryAfterSec = meter.limiter.tryTake(rpmLimiterWeight);
    if (retryAfterSec !== undefined) {
      if (meter.latencyMs > 0) await this.hooks.sleep(meter.latencyMs);
      this.sendError({ kind: 'rate_limited', retryAfterSec });
      return false;
    }
    const fault = meter.nextFault();
    if (meter.latencyMs > 0) await this.hooks.sleep(meter.latencyMs);
    if (!fault) return true;
    switch (fault.kind) {
      case 'status':
        this.sendError({ kind: 'server_error', status: fault.status ?? 500 });
        return false;
      case 'reset':
        this.answered = true;
        this.req.socket.resetAndDestroy();
        return false;
      case 'stall':
        this.answered = true;
        return false;
      default:
        this.fault = fault.kind;
        return true;
    }
  }

  sendError(error: GenericError): void {
    const reply = this.hooks.errorReply(error, this);
    this.sendJson(reply.status, reply.body, reply.headers);
  }

  sendJson(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.answered) return;
    this.answered = true;
    let text = JSON.stringify(body);
    if (this.fault === 'stall-stream') return;
    if (this.fault === 'malformed') text = `${text.slice(0, Math.max(1, Math.floor(text.length / 2)))}<<not json`;
    const full = Buffer.from(text);
    this.res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(full.length),
      ...this.replyHeaders,
      ...headers,
    });
    if (this.fault === 'truncate') {
      this.res.write(full.subarray(0, Math.floor(full.length / 2)), () => this.req.socket.destroy());
      return;
    }
    this.res.end(full);
  }

  /** Server-sent events: each payload goes out as `data: <payload>\n\n`. */
  sendSse(payloads: string[], headers: Record<string, string> = {}): void {
    if (this.answered) return;
    this.answered = true;
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...this.replyHeaders,
      ...headers,
    });
    const half = Math.max(1, Math.floor(payloads.length / 2));
    const events = payloads.map((p, i) => (this.fault === 'malformed' && i === half ? '{"choices": [<<not json' : p));
    const sent = this.fault === 'truncate' || this.fault === 'stall-stream' ? events.slice(0, half) : events;
    const text = sent.map((p) => `data: ${p}\n\n`).join('');
    if (this.fault === 'truncate') {
      this.res.write(text, () => this.req.socket.destroy());
      return;
    }
    if (this.fault === 'stall-stream') {
      this.res.write(text);
      return;
    }
    this.res.end(text);
  }
}
