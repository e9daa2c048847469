// A local WebSocket server with the endpoints the WebSocket provider meets in the wild: single
// replies, chunked and delta streams, stalls, early closes, and handshakes that demand auth,
// rate-limit once, or fail. It records what it receives and tracks every socket it holds.

import { createServer, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { gatedJsonRoutes, replyTo, routes } from './websocket-routes.js';

export interface WebSocketEmulatorOptions {
  port?: number;
  host?: string;
  /** The bearer token /auth accepts (default `emulator-token`). */
  authToken?: string;
  /** Pause between streamed frames in ms (default 0: the next event-loop turn). */
  chunkDelayMs?: number;
}

export interface ReceivedConnection {
  /** Path without the query string, e.g. `/json`. */
  path: string;
  /** Path with the query string, as requested. */
  url: string;
  /** Handshake headers, lower-cased names. */
  headers: Record<string, string>;
  /** HTTP status the handshake got (101 when upgraded). */
  status: number;
  /** Text of every message received on this connection. */
  messages: string[];
}

export interface WebSocketEmulator {
  /** `ws://127.0.0.1:<port>`; append a path such as `/json`. */
  url: string;
  /** TCP connections open right now (0 once every client has gone). */
  readonly connections: number;
  received: ReceivedConnection[];
  close(): Promise<void>;
}

export async function startWebSocketEmulator(options: WebSocketEmulatorOptions = {}): Promise<WebSocketEmulator> {
  const host = options.host ?? '127.0.0.1';
  const authToken = options.authToken ?? 'emulator-token';
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const sockets = new Set<Socket>();
  const received: ReceivedConnection[] = [];
  const rateLimited = new Set<string>();
  const wss = new WebSocketServer({ noServer: true });

  const server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('This is a WebSocket emulator: connect with ws://\n');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'ws://emulator');
    const record: ReceivedConnection = {
      path: url.pathname,
      url: req.url ?? '/',
      headers: flattenHeaders(req),
      status: 101,
      messages: [],
    };
    received.push(record);
    const reject = (status: number, body: string, headers: Record<string, string> = {}): void => {
      record.status = status;
      const lines = [
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
        'Content-Type: text/plain',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
      ];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
    };

    if (url.pathname === '/auth' && req.headers.authorization !== `Bearer ${authToken}`) {
      return reject(401, 'missing or invalid Authorization header', { 'WWW-Authenticate': 'Bearer' });
    }
    if (url.pathname === '/rate-limited' && !rateLimited.has(record.url)) {
      // Each distinct URL is limited once, so tests and retries stay deterministic.
      rateLimited.add(record.url);
      return reject(429, 'rate limit exceeded, retry later', {
        'Retry-After': url.searchParams.get('retryAfter') ?? '1',
      });
    }
    if (url.pathname === '/error500') return reject(500, 'emulated internal error');
    const route = routes[url.pathname];
    if (!route && !gatedJsonRoutes.has(url.pathname)) return reject(404, `no emulator endpoint at ${url.pathname}`);

    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined);
      ws.on('message', (data, isBinary) => {
        const text = isBinary ? '' : data.toString();
        record.messages.push(text);
        if (route) void route(ws, text, { query: url.searchParams, chunkDelayMs });
        else ws.send(JSON.stringify({ output: replyTo(text) }));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://${host}:${port}`,
    get connections() {
      return sockets.size;
    },
    received,
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
