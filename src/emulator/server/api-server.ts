// A node:http server for one emulated API: tracks sockets (so close() leaves nothing open),
// reads and records every request, and hands an Exchange to the API's route handler.

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Knobs, RecordedCredential, RecordedRequest, RunningApi } from '../types.js';
import { Exchange, type ErrorReply, type GenericError } from './exchange.js';
import { Meter } from './meter.js';

export interface ApiBehaviour {
  /** Answer the request (call ex.admit() before anything that reaches the model). */
  handle(ex: Exchange): Promise<void>;
  /** The API's own envelope for errors raised outside its routes. */
  errorReply(error: GenericError, ex: Exchange): ErrorReply;
  /** What kind of credential a secret is ('pat', 'oauth', 'api-key', ...). */
  classify?(scheme: RecordedCredential['scheme'], secret: string): string;
}

export interface ApiServerOptions {
  host: string;
  port: number;
  knobs: Knobs;
  now: () => number;
}

const MAX_BODY = 40 * 1024 * 1024;
const SECRET_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'x-auth-key',
  'cookie',
  'proxy-authorization',
]);
const SECRET_FIELDS = new Set(['client_secret', 'api_key', 'apikey', 'token', 'password']);

export class ApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly meter: Meter;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly behaviour: ApiBehaviour,
    private readonly options: ApiServerOptions,
  ) {
    this.meter = new Meter(options.now, options.knobs);
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // A client that vanishes mid-request must never take the emulator down.
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  async listen(): Promise<RunningApi> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    const address = this.server.address();
    const port = typeof address === 'object' && address ? address.port : this.options.port;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return {
      url: `http://${host}:${port}`,
      port,
      requests: this.requests,
      setKnobs: (k) => this.meter.set(k),
      reset: () => {
        this.requests.length = 0;
        this.meter.reset();
      },
      close: () => this.close(),
    };
  }

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await done;
    // libuv frees the listening handle in the close-callbacks phase after 'close'; two check
    // phases later it is gone, so callers (and leak checks) never see a half-closed server.
    await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY) tooLarge = true;
        else chunks.push(chunk);
      }
    } catch {
      return; // the client went away while sending
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const record = this.recordOf(req, raw);
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    const ex = new Exchange(req, res, raw, record, {
      meter: this.meter,
      errorReply: (e, x) => this.behaviour.errorReply(e, x),
      sleep: this.sleep,
    });
    if (tooLarge) return ex.sendError({ kind: 'too_large' });
    try {
      await this.behaviour.handle(ex);
      if (!ex.answered) ex.sendError({ kind: 'not_found' });
    } catch (e) {
      if (!ex.answered && !res.headersSent)
        ex.sendError({ kind: 'internal', detail: e instanceof Error ? e.message : String(e) });
      else res.destroy();
    }
  }

  private recordOf(req: IncomingMessage, raw: string): RecordedRequest {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      const value = Array.isArray(v) ? v.join(', ') : (v ?? '');
      headers[k] = SECRET_HEADERS.has(k) ? redact(value) : value;
    }
    return {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      credential: this.credentialOf(req),
      body: bodyOf(raw, req.headers['content-type'] ?? ''),
      receivedAt: this.options.now(),
    };
  }

  private credentialOf(req: IncomingMessage): RecordedCredential {
    const auth = req.headers.authorization ?? '';
    const key = req.headers['x-auth-key'];
    let scheme: RecordedCredential['scheme'] = 'none';
    let secret = '';
    const m = /^(\w+)\s+(.+)$/.exec(auth);
    if (m) {
      scheme = m[1]!.toLowerCase() === 'bearer' ? 'bearer' : m[1]!.toLowerCase() === 'basic' ? 'basic' : 'other';
      secret = m[2]!.trim();
    } else if (typeof key === 'string') [scheme, secret] = ['x-auth-key', key];
    if (scheme === 'none') return { scheme, last4: '', kind: 'none' };
    return { scheme, last4: secret.slice(-4), kind: this.behaviour.classify?.(scheme, secret) ?? 'unknown' };
  }
}

/** `Bearer dapi1234...` -> `Bearer [redacted …1234 #a1b2c3d4]`: enough to tell credentials apart, useless to reuse. */
export function redact(value: string): string {
  const m = /^(\w+)\s+(.+)$/.exec(value);
  const [scheme, secret] = m ? [`${m[1]} `, m[2]!] : ['', value];
  const digest = createHash('sha256').update(secret).digest('hex').slice(0, 8);
  return `${scheme}[redacted …${secret.slice(-4)} #${digest}]`;
}

function bodyOf(raw: string, contentType: string): unknown {
  if (raw.length === 0) return undefined;
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(raw));
    for (const k of Object.keys(form)) if (SECRET_FIELDS.has(k.toLowerCase())) form[k] = redact(form[k]!);
    return form;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
