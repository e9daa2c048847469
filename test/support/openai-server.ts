// A small OpenAI-wire server on port 0 for transport and provider tests: chat, completions,
// embeddings and SSE, plus scripted faults (status codes, resets, bad JSON, cut or stalled streams).
// It records what it receives, including which socket carried each request.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** 1-based id of the TCP connection the request came on. */
  socket: number;
}

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'reset' }
  | { kind: 'malformed'; text?: string }
  | { kind: 'truncate' }
  | { kind: 'cut'; json?: boolean }
  | { kind: 'stall' }
  | { kind: 'hang' }
  | { kind: 'sse'; events: string[] };

export interface TestServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** Faults served in order, one per request, before normal replies resume. */
  enqueue(...faults: Fault[]): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

export async function startOpenAiServer(): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const sockets = new Set<Socket>();
  const socketIds = new WeakMap<Socket, number>();
  let nextSocket = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* keep raw text */
      }
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        socket: socketIds.get(req.socket) ?? 0,
      });
      const fault = faults.shift();
      if (fault) serveFault(fault, req, res);
      else serveNormal(req.url ?? '', (body ?? {}) as Json, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socketIds.set(socket, ++nextSocket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    enqueue: (...more) => faults.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function serveFault(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
  switch (fault.kind) {
    case 'status':
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? {}));
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(fault.text ?? '<html>Bad gateway page</html>');
      return;
    case 'truncate':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse(chunk({ role: 'assistant', content: 'Hel' })));
      res.end();
      return;
    case 'cut':
      // Part of the reply, then the connection drops mid-body (a proxy or server dying).
      if (fault.json) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
        res.write('{"choices": [{"message": {"content": "Hel', () => req.socket.destroy());
      } else {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(sse(chunk({ role: 'assistant', content: 'Hel' })), () => req.socket.destroy());
      }
      return;
    case 'stall':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse(chunk({ role: 'assistant', content: 'Hel' })));
      return; // never ends; the client must give up
    case 'hang':
      return;
    case 'sse':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const e of fault.events) res.write(e);
      res.end();
      return;
  }
}

function lastUserText(body: Json): string {
  const messages = (body.messages ?? []) as Array<{ role: string; content: unknown }>;
  const last = [...messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return JSON.stringify(last.content);
}

const usage = { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 };

function serveNormal(path: string, body: Json, res: ServerResponse): void {
  const json = (payload: unknown) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-request-id': 'req_test_1',
      'x-ratelimit-remaining-requests': '99',
    });
    res.end(JSON.stringify(payload));
  };
  if (path.endsWith('/embeddings'))
    return json({
      object: 'list',
      data: [{ index: 0, embedding: [0.1, 0.2, 0.3] }],
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
  if (path.endsWith('/completions') && !path.endsWith('/chat/completions')) {
    return json({ choices: [{ text: `completion: ${String(body.prompt)}`, finish_reason: 'stop' }], usage });
  }
  const text = lastUserText(body);
  const message = chatMessage(body, text);
  const finish = message.tool_calls ? 'tool_calls' : 'stop';
  if (!body.stream)
    return json({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [{ index: 0, message, finish_reason: finish }],
      usage,
    });

  res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_stream_1' });
  res.write(': keep-alive\n\n');
  res.write(sse(chunk({ role: 'assistant', content: '' })));
  if (message.tool_calls) {
    for (const [index, call] of message.tool_calls.entries()) {
      const args = call.function.arguments;
      const half = Math.floor(args.length / 2);
      res.write(
        sse(
          chunk({
            tool_calls: [
              { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
            ],
          }),
        ),
      );
      res.write(sse(chunk({ tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] })));
      res.write(sse(chunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] })));
    }
  } else {
    const content = String(message.content);
    for (let i = 0; i < content.length; i += 4) res.write(sse(chunk({ content: content.slice(i, i + 4) })));
  }
  res.write(sse({ ...chunk({}), choices: [{ index: 0, delta: {}, finish_reason: finish }] }));
  res.write(sse({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [], usage }));
  res.write('data: [DONE]\n\n');
  res.end();
}

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

function chatMessage(
  body: Json,
  text: string,
): { role: string; content: string | null; tool_calls?: ToolCall[]; refusal?: string } {
  if (text.includes('refuse')) return { role: 'assistant', content: null, refusal: 'I cannot help with that.' };
  if (Array.isArray(body.tools) && text.includes('weather')) {
    const cities = text.includes('two cities')
      ? ['New York, NY', 'Paris']
      : [text.includes('New York') ? 'New York, NY' : 'Paris'];
    const tool_calls = cities.map(
      (location, i): ToolCall => ({
        id: `call_${i + 1}`,
        type: 'function',
        function: { name: 'get_weather', arguments: JSON.stringify({ location, unit: 'celsius' }) },
      }),
    );
    return { role: 'assistant', content: text.includes('explain') ? 'Let me check.' : null, tool_calls };
  }
  const format = body.response_format as { type?: string } | undefined;
  if (format?.type === 'json_schema' || format?.type === 'json_object') {
    return { role: 'assistant', content: JSON.stringify({ rating: 4, summary: 'Good sound, short battery life' }) };
  }
  return { role: 'assistant', content: `echo: ${text}` };
}

function chunk(delta: Json): Json {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] };
}

function sse(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}
