import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDispatchers, httpJson, httpStream, TransportError, type RetryEvent } from '../../../src/providers/transport/index.js';
import { startOpenAiServer, type TestServer } from '../../support/openai-server.js';

const fast = { baseDelayMs: 5, maxDelayMs: 20 };
const chatBody = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

let server: TestServer;
beforeEach(async () => {
  server = await startOpenAiServer();
});
afterEach(() => server.close());
afterAll(() => closeDispatchers());

const chatUrl = () => `${server.baseUrl}/chat/completions`;

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TransportError) return err;
    throw err;
  }
  throw new Error('expected a TransportError');
}

describe('httpJson retries', () => {
  it('waits as long as Retry-After asks, then succeeds', async () => {
    server.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'slow down' } } });
    const retries: RetryEvent[] = [];
    const result = await httpJson<{ choices: unknown[] }>({ url: chatUrl(), body: chatBody }, { onRetry: (e) => retries.push(e) });
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(2);
    expect(retries).toEqual([{ retry: 1, delayMs: 1000, reason: 'HTTP 429', status: 429 }]);
    expect(server.requests).toHaveLength(2);
  });

  it('retries 503 and connection resets with backoff', async () => {
    server.enqueue({ kind: 'status', status: 503 }, { kind: 'reset' });
    const result = await httpJson({ url: chatUrl(), body: chatBody }, { backoff: fast });
    expect(result.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('honours maxRetries: 0', async () => {
    server.enqueue({ kind: 'status', status: 429, headers: { 'retry-after-ms': '1' }, body: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } } });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }, { maxRetries: 0 }));
    expect(err.status).toBe(429);
    expect(err.message).toContain('HTTP 429 Too Many Requests');
    expect(err.message).toContain('Rate limit reached');
    expect(err.message).toContain('rate_limit_exceeded');
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after maxRetries and says how many attempts it made', async () => {
    server.enqueue(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 502 })));
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }, { maxRetries: 2, backoff: fast }));
    expect(err.message).toContain('gave up after 3 attempts');
    expect(server.requests).toHaveLength(3);
  });

  it('never retries a 400 and names the provider code, message and request id', async () => {
    server.enqueue({
      kind: 'status',
      status: 400,
      headers: { 'x-request-id': 'req_abc123' },
      body: { error: { message: 'Unsupported parameter: foo', type: 'invalid_request_error', code: 'unsupported_parameter' } },
    });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }, { backoff: fast }));
    expect(server.requests).toHaveLength(1);
    expect(err.message).toContain('HTTP 400');
    expect(err.message).toContain('Unsupported parameter: foo');
    expect(err.message).toContain('unsupported_parameter');
    expect(err.message).toContain('req_abc123');
    expect(err.requestId).toBe('req_abc123');
  });

  it('does not retry a 429 that means the quota is spent', async () => {
    server.enqueue({ kind: 'status', status: 429, body: { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } } });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }, { backoff: fast }));
    expect(server.requests).toHaveLength(1);
    expect(err.message).toContain('retries will not help');
  });

  it('reads Databricks and Cloudflare error envelopes', async () => {
    server.enqueue(
      { kind: 'status', status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Endpoint foo does not exist' } },
      { kind: 'status', status: 400, body: { success: false, errors: [{ code: 5006, message: 'Invalid model' }], messages: [] } },
    );
    const dbx = await failure(httpJson({ url: chatUrl(), body: chatBody }));
    expect(dbx.message).toContain('RESOURCE_DOES_NOT_EXIST');
    expect(dbx.message).toContain('Endpoint foo does not exist');
    const cf = await failure(httpJson({ url: chatUrl(), body: chatBody }));
    expect(cf.message).toContain('Invalid model');
    expect(cf.message).toContain('5006');
  });
});

describe('httpJson failures', () => {
  it('reports a non-JSON body with the status and a snippet', async () => {
    server.enqueue({ kind: 'malformed', text: '<html>upstream exploded</html>' });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }));
    expect(err.kind).toBe('invalid-json');
    expect(err.message).toContain('HTTP 200');
    expect(err.message).toContain('<html>upstream exploded</html>');
  });

  it('never puts the credential in a message, even when the server echoes it', async () => {
    const key = 'sk-test-SECRET-0123456789';
    server.enqueue({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${key}`, code: 'invalid_api_key' } } });
    const err = await failure(httpJson({ url: `${chatUrl()}?api_key=${key}`, headers: { Authorization: `Bearer ${key}` }, body: chatBody }));
    expect(err.message).toContain('invalid_api_key');
    expect(err.message).not.toContain(key);
    expect(JSON.stringify(err.metadata)).not.toContain(key);
  });

  it('says a JSON reply was cut off when the connection drops mid-body', async () => {
    server.enqueue({ kind: 'cut', json: true });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }, { maxRetries: 0 }));
    expect(err.kind).toBe('truncated');
    expect(err.message).toMatch(/reply from .* was cut off.*incomplete/);
    expect(err.message).not.toContain('Could not reach');
  });

  it('times out a request that never answers', async () => {
    server.enqueue({ kind: 'hang' });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }, { timeoutMs: 100, maxRetries: 0 }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('timed out after 100 ms');
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    server.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = httpJson({ url: chatUrl(), body: chatBody }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(1);
  });

  it('refreshes auth once after a 401 and retries', async () => {
    server.enqueue({ kind: 'status', status: 401, body: { error: { message: 'token expired' } } });
    let token = 'old-token';
    const result = await httpJson(
      { url: chatUrl(), body: chatBody },
      {
        auth: {
          headers: async () => ({ Authorization: `Bearer ${token}` }),
          onUnauthorized: async () => {
            token = 'new-token';
            return true;
          },
        },
      },
    );
    expect(result.status).toBe(200);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer old-token', 'Bearer new-token']);
  });
});

describe('httpJson pooling and metadata', () => {
  it('reuses one keep-alive connection for sequential requests', async () => {
    for (let i = 0; i < 4; i++) await httpJson({ url: chatUrl(), body: chatBody });
    expect(server.requests).toHaveLength(4);
    expect(new Set(server.requests.map((r) => r.socket)).size).toBe(1);
  });

  it('keeps rate-limit headers and the request id in metadata', async () => {
    const result = await httpJson({ url: chatUrl(), body: chatBody });
    expect(result.metadata.rateLimit).toEqual({ 'x-ratelimit-remaining-requests': '99' });
    expect(result.metadata.requestId).toBe('req_test_1');
    expect(result.metadata.http?.status).toBe(200);
  });
});

describe('httpStream', () => {
  const streamBody = { ...chatBody, stream: true };

  it('yields events until [DONE] and returns the socket to the pool', async () => {
    const stream = await httpStream({ url: chatUrl(), body: streamBody });
    const data: string[] = [];
    for await (const event of stream.events) data.push(event.data);
    expect(data.length).toBeGreaterThan(2);
    expect(data.at(-1)).toContain('usage');
    await httpJson({ url: chatUrl(), body: chatBody });
    expect(new Set(server.requests.map((r) => r.socket)).size).toBe(1);
  });

  it('reports a stream that ends early as truncated', async () => {
    server.enqueue({ kind: 'truncate' });
    const stream = await httpStream({ url: chatUrl(), body: streamBody });
    const err = await failure((async () => { for await (const _ of stream.events); })());
    expect(err.kind).toBe('truncated');
    expect(err.message).toContain('incomplete');
  });

  it('says a stream was cut off, not that the server was unreachable, when the connection drops mid-stream', async () => {
    server.enqueue({ kind: 'cut' });
    const stream = await httpStream({ url: chatUrl(), body: streamBody }, { maxRetries: 0 });
    const err = await failure((async () => { for await (const _ of stream.events); })());
    expect(err.kind).toBe('truncated');
    expect(err.message).toMatch(/stream from 127\.0\.0\.1:\d+\/v1\/chat\/completions was cut off/);
    expect(err.message).toContain('incomplete');
    expect(err.message).not.toContain('Could not reach');
  });

  it('gives up on a stream that stalls', async () => {
    server.enqueue({ kind: 'stall' });
    const stream = await httpStream({ url: chatUrl(), body: streamBody }, { idleTimeoutMs: 100 });
    const err = await failure((async () => { for await (const _ of stream.events); })());
    expect(err.kind).toBe('stream-idle');
  });

  it('hands back a whole JSON completion when the server ignores stream: true', async () => {
    const completion = { choices: [{ index: 0, message: { role: 'assistant', content: 'whole reply' }, finish_reason: 'stop' }] };
    server.enqueue({ kind: 'status', status: 200, body: completion });
    const stream = await httpStream({ url: chatUrl(), body: streamBody });
    expect(stream.json).toEqual(completion);
    const data: string[] = [];
    for await (const event of stream.events) data.push(event.data);
    expect(data).toEqual([]);
  });

  it('still reports an error envelope sent as JSON to a stream request', async () => {
    server.enqueue({ kind: 'status', status: 200, body: { error: { message: 'upstream overloaded', code: 'overloaded' } } });
    const err = await failure(httpStream({ url: chatUrl(), body: streamBody }));
    expect(err.kind).toBe('http');
    expect(err.message).toContain('upstream overloaded');
  });

  it('retries a 503 before the stream starts', async () => {
    server.enqueue({ kind: 'status', status: 503 });
    const stream = await httpStream({ url: chatUrl(), body: streamBody }, { backoff: fast });
    for await (const _ of stream.events);
    expect(stream.attempts).toBe(2);
  });
});
