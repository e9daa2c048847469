// A local HTTP app of the kind people test with the generic http provider: it echoes what it was
// sent, answers in text or JSON, streams server-sent events, fails with any status on demand,
// rate-limits once, stalls, and demands a bearer token. It records every request it receives.

import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface HttpAppOptions {
  port?: number;
  host?: string;
  /** The bearer token /auth accepts (default `http-app-token`). */
  authToken?: string;
}

export interface ReceivedHttpRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names; Authorization kept so tests can check what was sent. */
  headers: Record<string, string>;
  /** The body as text. */
  body: string;
}

export interface HttpAppEmulator {
  /** `http://127.0.0.1:<port>`; append a route such as `/echo`. */
  url: string;
  received: ReceivedHttpRequest[];
  close(): Promise<void>;
}

/**
 * Routes: `/echo` (JSON `{output, received}`), `/text` (plain text), `/stream` (SSE of
 * `{"token"}` events then `[DONE]`; `?format=text` sends plain-text events), `/status/<code>`
 * (that status with a JSON error), `/flaky/<code>?times=N` (fails N times per distinct URL, then
 * echoes; 429s carry Retry-After: 0), `/slow?ms=N` (echoes after N ms), `/auth` (echo behind a
 * bearer token), `/grade?contains=X` (a webhook grader: `{pass, score, reason}` on whether the
 * posted output contains X). The prompt is read from the body's `prompt`/`input`/`message`/`query`, else from
 * the `prompt` query parameter, else the whole text body.
 */
export async function startHttpAppEmulator(options: HttpAppOptions = {}): Promise<HttpAppEmulator> {
  const host = options.host ?? '127.0.0.1';
  const authToken = options.authToken ?? 'http-app-token';
  const received: ReceivedHttpRequest[] = [];
  const failuresSent = new Map<string, number>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const url = new URL(req.url ?? '/', 'http://emulator');
        const record: ReceivedHttpRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: flatHeaders(req),
          body,
        };
        received.push(record);
        route(record, url, res);
      },
      () => res.destroy(),
    );
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  function route(record: ReceivedHttpRequest, url: URL, res: ServerResponse): void {
    const prompt = promptOf(record);
    const answer = `Echo: ${prompt}`;
    const path = url.pathname;
    if (path === '/echo') return json(res, 200, { output: answer, received: record });
    if (path === '/grade') return grade(res, record.body, url.searchParams.get('contains') ?? '');
    if (path === '/text') return text(res, 200, answer);
    if (path === '/stream') return stream(res, answer, url.searchParams.get('format') === 'text');
    if (path === '/auth') {
      if (record.headers.authorization !== `Bearer ${authToken}`)
        return json(res, 401, { error: { message: 'missing or invalid bearer token' } });
      return json(res, 200, { output: answer });
    }
    if (path === '/slow') {
      const ms = Number(url.searchParams.get('ms') ?? 1000);
      const timer = setTimeout(() => json(res, 200, { output: answer }), ms);
      res.once('close', () => clearTimeout(timer));
      return;
    }
    const status = /^\/status\/(\d{3})$/.exec(path);
    if (status) return fail(res, Number(status[1]));
    const flaky = /^\/flaky\/(\d{3})$/.exec(path);
    if (flaky) {
      const key = `${record.method} ${url.pathname}${url.search}`;
      const sent = failuresSent.get(key) ?? 0;
      if (sent < Number(url.searchParams.get('times') ?? 1)) {
        failuresSent.set(key, sent + 1);
        return fail(res, Number(flaky[1]));
      }
      return json(res, 200, { output: answer });
    }
    json(res, 404, { error: { message: `no route ${path} on the HTTP app emulator` } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function promptOf(record: ReceivedHttpRequest): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.body);
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === 'object') {
    const body = parsed as Record<string, unknown>;
    for (const key of ['prompt', 'input', 'message', 'query']) {
      const value = body[key];
      if (typeof value === 'string') return value;
      if (value !== undefined) return JSON.stringify(value);
    }
  }
  return record.query.prompt ?? record.body;
}

/** An assertion webhook: passes when the posted `output` contains the wanted text. */
function grade(res: ServerResponse, body: string, wanted: string): void {
  let output: unknown;
  try {
    output = (JSON.parse(body) as { output?: unknown }).output;
  } catch {
    return json(res, 400, { error: { message: 'expected a JSON body with "output"' } });
  }
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  const pass = text.includes(wanted);
  json(res, 200, {
    pass,
    score: pass ? 1 : 0.25,
    reason: pass ? `contains "${wanted}"` : `does not contain "${wanted}"`,
  });
}

function fail(res: ServerResponse, status: number): void {
  const headers: Record<string, string> = status === 429 ? { 'retry-after': '0' } : {};
  json(
    res,
    status,
    { error: { message: `emulated ${status} ${STATUS_CODES[status] ?? ''}`.trim(), code: `http_${status}` } },
    headers,
  );
}

function stream(res: ServerResponse, answer: string, plainText: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const tokens = answer.split(/(?<= )/);
  let i = 0;
  // One event per turn of the loop, so the client sees a real stream, not one chunk.
  const next = (): void => {
    if (res.destroyed) return;
    if (i < tokens.length) {
      const token = tokens[i++]!;
      res.write(`data: ${plainText ? token : JSON.stringify({ token })}\n\n`);
      setImmediate(next);
      return;
    }
    res.end('data: [DONE]\n\n');
  };
  next();
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers })
    .end(payload);
}

function text(res: ServerResponse, status: number, body: string): void {
  res
    .writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) })
    .end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
