import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDispatchers, httpJson, httpStream, TransportError } from '../../../src/providers/transport/index.js';
import { startOpenAiServer, type TestServer } from '../../support/openai-server.js';

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

describe('httpJson: one attempt, failures classified as data', () => {
  it('a 429 is one attempt, classified rate-limited with the wait the server asked for', async () => {
    server.enqueue({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { message: 'slow down' } },
    });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }));
    expect(err.failure).toEqual({ kind: 'rate-limited', status: 429, retryAfterMs: 1000 });
    expect(server.requests).toHaveLength(1);
  });

  it('reads retry-after-ms and x-ratelimit-reset-* into retryAfterMs', async () => {
    server.enqueue(
      {
        kind: 'status',
        status: 429,
        headers: { 'retry-after-ms': '250' },
        body: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
      },
      {
        kind: 'status',
        status: 429,
        headers: { 'x-ratelimit-reset-requests': '6m0s', 'x-ratelimit-reset-tokens': '1.5s' },
      },
    );
    const first = await failure(httpJson({ url: chatUrl(), body: chatBody }));
    expect(first.failure).toMatchObject({ kind: 'rate-limited', retryAfterMs: 250 });
    expect(first.message).toContain('HTTP 429 Too Many Requests');
    expect(first.message).toContain('Rate limit reached');
    expect(first.message).toContain('rate_limit_exceeded');
    const second = await failure(httpJson({ url: chatUrl(), body: chatBody }));
    expect(second.failure).toMatchObject({ kind: 'rate-limited', retryAfterMs: 360_000 });
  });

  it('classifies 5xx as transient, 401/403 as auth, other 4xx as bad-request', async () => {
    server.enqueue(
      { kind: 'status', status: 503 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 401 },
      { kind: 'status', status: 403 },
      { kind: 'status', status: 422 },
    );
    const kinds: string[] = [];
    for (let i = 0; i < 5; i++) kinds.push((await failure(httpJson({ url: chatUrl(), body: chatBody }))).failure.kind);
    expect(kinds).toEqual(['transient', 'transient', 'auth', 'auth', 'bad-request']);
    expect(server.requests).toHaveLength(5);
  });

  it('classifies a reset connection and a refused one as connection failures', async () => {
    server.enqueue({ kind: 'reset' });
    expect((await failure(httpJson({ url: chatUrl(), body: chatBody }))).failure.kind).toBe('connection');
    const refused = await failure(httpJson({ url: 'http://127.0.0.1:9/v1/chat/completions', body: chatBody }));
    expect(refused.failure.kind).toBe('connection');
    expect(refused.message).toContain('ECONNREFUSED');
  });

  it('a 400 is bad-request and names the provider code, message and request id', async () => {
    server.enqueue({
      kind: 'status',
      status: 400,
      headers: { 'x-request-id': 'req_abc123' },
      body: {
        error: { message: 'Unsupported parameter: foo', type: 'invalid_request_error', code: 'unsupported_parameter' },
      },
    });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }));
    expect(err.failure.kind).toBe('bad-request');
    expect(err.message).toContain('HTTP 400');
    expect(err.message).toContain('Unsupported parameter: foo');
    expect(err.message).toContain('unsupported_parameter');
    expect(err.message).toContain('req_abc123');
    expect(err.requestId).toBe('req_abc123');
  });

  it('a 429 that means the quota is spent is quota-exhausted, not rate-limited', async () => {
    server.enqueue({
      kind: 'status',
      status: 429,
      body: { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } },
    });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }));
    expect(err.failure.kind).toBe('quota-exhausted');
    expect(err.message).toContain('retries will not help');
  });

  it('reads Databricks and Cloudflare error envelopes', async () => {
    server.enqueue(
      {
        kind: 'status',
        status: 404,
        body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Endpoint foo does not exist' },
      },
      {
        kind: 'status',
        status: 400,
        body: { success: false, errors: [{ code: 5006, message: 'Invalid model' }], messages: [] },
      },
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
    server.enqueue({
      kind: 'status',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${key}`, code: 'invalid_api_key' } },
    });
    const err = await failure(
      httpJson({ url: `${chatUrl()}?api_key=${key}`, headers: { Authorization: `Bearer ${key}` }, body: chatBody }),
    );
    expect(err.message).toContain('invalid_api_key');
    expect(err.message).not.toContain(key);
    expect(JSON.stringify(err.metadata)).not.toContain(key);
  });

  it('says a JSON reply was cut off when the connection drops mid-body', async () => {
    server.enqueue({ kind: 'cut', json: true });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }, {}));
    expect(err.kind).toBe('truncated');
    expect(err.message).toMatch(/reply from .* was cut off.*incomplete/);
    expect(err.message).not.toContain('Could not reach');
  });

  it('times out a request that never answers', async () => {
    server.enqueue({ kind: 'hang' });
    const err = await failure(httpJson({ url: chatUrl(), body: chatBody }, { timeoutMs: 100 }));
    expect(err.kind).toBe('timeout');
    expect(err.failure.kind).toBe('timeout');
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
    const err = await failure(
      (async () => {
        for await (const _ of stream.events);
      })(),
    );
    expect(err.kind).toBe('truncated');
    expect(err.message).toContain('incomplete');
  });

  it('says a stream was cut off, not that the server was unreachable, when the connection drops mid-stream', async () => {
    server.enqueue({ kind: 'cut' });
    const stream = await httpStream({ url: chatUrl(), body: streamBody }, {});
    const err = await failure(
      (async () => {
        for await (const _ of stream.events);
      })(),
    );
    expect(err.kind).toBe('truncated');
    expect(err.message).toMatch(/stream from 127\.0\.0\.1:\d+\/v1\/chat\/completions was cut off/);
    expect(err.message).toContain('incomplete');
    expect(err.message).not.toContain('Could not reach');
  });

  it('gives up on a stream that stalls', async () => {
    server.enqueue({ kind: 'stall' });
    const stream = await httpStream({ url: chatUrl(), body: streamBody }, { idleTimeoutMs: 100 });
    const err = await failure(
      (async () => {
        for await (const _ of stream.events);
      })(),
    );
    expect(err.kind).toBe('stream-idle');
  });

  it('hands back a whole JSON completion when the server ignores stream: true', async () => {
    const completion = {
      choices: [{ index: 0, message: { role: 'assistant', content: 'whole reply' }, finish_reason: 'stop' }],
    };
    server.enqueue({ kind: 'status', status: 200, body: completion });
    const stream = await httpStream({ url: chatUrl(), body: streamBody });
    expect(stream.json).toEqual(completion);
    const data: string[] = [];
    for await (const event of stream.events) data.push(event.data);
    expect(data).toEqual([]);
  });

  it('still reports an error envelope sent as JSON to a stream request', async () => {
    server.enqueue({
      kind: 'status',
      status: 200,
      body: { error: { message: 'upstream overloaded', code: 'overloaded' } },
    });
    const err = await failure(httpStream({ url: chatUrl(), body: streamBody }));
    expect(err.kind).toBe('http');
    expect(err.message).toContain('upstream overloaded');
  });

  it('a 503 before the stream starts is a transient failure', async () => {
    server.enqueue({ kind: 'status', status: 503 });
    const err = await failure(httpStream({ url: chatUrl(), body: streamBody }));
    expect(err.failure).toMatchObject({ kind: 'transient', status: 503 });
  });
});
