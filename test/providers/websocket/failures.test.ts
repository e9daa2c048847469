import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebSocketEmulator, type WebSocketEmulator } from '../../../src/emulator/websocket.js';
import { ConfigError } from '../../../src/errors.js';
import { callThroughRunner } from '../../support/runner-call.js';
import { activeHandles, build, contextWith, expectAllClosed, expectHandlesBackTo } from './helpers.js';

let emulator: WebSocketEmulator;
const template = '{"prompt": {{ prompt | dump }} }';
const concat = (acc: { output?: string }, event: { data: string }): [unknown, boolean] => {
  const msg = JSON.parse(event.data) as { type: string; text?: string };
  return msg.type === 'done' ? [acc, true] : [{ output: (acc.output ?? '') + msg.text }, false];
};

beforeAll(async () => {
  emulator = await startWebSocketEmulator();
});
afterEach(async () => {
  await expectAllClosed(emulator);
});
afterAll(async () => {
  await emulator.close();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('configuration errors are thrown when the provider is built', () => {
  it('names the provider when messageTemplate is missing, without the secret', async () => {
    const attempt = build('wss://example.com/ws?token=hunter22', { transformResponse: 'data.output' });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(
      'at config.messageTemplate: WebSocket provider wss://example.com/ws?token=%5BREDACTED%5D needs config.messageTemplate',
    );
  });

  it('rejects a URL that cannot be parsed, a bare id without url, and a bad option type', async () => {
    await expect(build('ws://', { messageTemplate: 'x' })).rejects.toThrow(
      /WebSocket provider URL ws:\/\/ is not a valid URL/,
    );
    await expect(build('websocket', { messageTemplate: 'x' })).rejects.toThrow(/"websocket" needs config\.url/);
    await expect(build('websocket', { url: 'https://x', messageTemplate: 'x', timeoutMs: 'soon' })).rejects.toThrow(
      /config\.timeoutMs is invalid/,
    );
  });

  it('reports a transform that does not compile or a file that does not exist', async () => {
    await expect(build('ws://h/x', { messageTemplate: 'x', transformResponse: 'data.(' })).rejects.toThrow(
      /transformResponse: could not compile/,
    );
    await expect(build('ws://h/x', { messageTemplate: 'x', streamResponse: 'file://missing.js' })).rejects.toThrow(
      /File not found/,
    );
  });
});

describe('call failures come back as { error } and close the socket', () => {
  it('a templated URL that renders invalid', async () => {
    const provider = await build('websocket', { url: 'ws://{{ host }}/x?token={{ token }}', messageTemplate: 'x' });
    const response = await provider.call('p', contextWith({ host: '[bad', token: 'runtime-secret' }));
    expect(response.error).toMatch(/^WebSocket URL ws:\/\/\[bad\/x\?token=%5BREDACTED%5D is not a valid URL/);
    expect(response.error).not.toContain('runtime-secret');
  });

  it('a refused connection, retried maxRetries times', async () => {
    const port = await closedPort();
    const provider = await build(`ws://127.0.0.1:${port}/ws`, {
      messageTemplate: 'x',
      maxRetries: 2,
      retryBaseDelayMs: 5,
    });
    expect((await provider.call('p', contextWith())).failure).toMatchObject({ kind: 'connection' });
    // The adapter makes one attempt; the runner retries it maxRetries times.
    const response = await callThroughRunner(provider, 'p', contextWith());
    expect(response.error).toBe(
      `WebSocket connection to ws://127.0.0.1:${port}/ws failed: the connection was refused; is the server running and listening on that port? (ECONNREFUSED) (gave up after 3 attempts)`,
    );
  });

  it('a TLS failure is reported as such and not retried', async () => {
    const before = emulator.received.length;
    const provider = await build(`${emulator.url.replace('ws://', 'wss://')}/json`, {
      messageTemplate: 'x',
      maxRetries: 3,
    });
    const response = await provider.call('p', contextWith());
    expect(response.error).toMatch(
      /^WebSocket connection to wss:\/\/127\.0\.0\.1:\d+\/json failed: TLS handshake error: .*wrong version number.* \(EPROTO\)$/,
    );
    expect(emulator.received.length).toBe(before);
  });

  it('a connection reset during the handshake is retried, then reported', async () => {
    const resetter = createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
    const { port } = resetter.address() as { port: number };
    try {
      const provider = await build(`ws://127.0.0.1:${port}/ws`, {
        messageTemplate: 'x',
        maxRetries: 1,
        retryBaseDelayMs: 5,
      });
      expect((await callThroughRunner(provider, 'p', contextWith())).error).toMatch(
        /failed: (the connection was reset during the handshake \(ECONNRESET\)|the server hung up during the handshake \(socket hang up\)) \(gave up after 2 attempts\)$/,
      );
    } finally {
      await new Promise((resolve) => resetter.close(resolve));
    }
  });

  it('a 401 handshake is reported with the server message and not retried; the right header gets through', async () => {
    const before = emulator.received.length;
    const denied = await build(`${emulator.url}/auth?api_key=abc123`, { messageTemplate: template, maxRetries: 3 });
    const response = await denied.call('p', contextWith());
    expect(response.error).toBe(
      `WebSocket handshake with ${emulator.url}/auth?api_key=%5BREDACTED%5D was rejected with HTTP 401 Unauthorized; the server said: missing or invalid Authorization header. Check the credentials in config.headers (e.g. Authorization).`,
    );
    expect(emulator.received.length - before).toBe(1);

    const allowed = await build(`${emulator.url}/auth`, {
      messageTemplate: template,
      transformResponse: 'data.output',
      headers: { Authorization: 'Bearer emulator-token', 'X-Trace': 7 },
      protocols: 'chat.v1, json',
    });
    expect((await allowed.call('secret plan', contextWith())).output).toBe('You said: secret plan');
    const last = emulator.received.at(-1)!;
    expect(last.headers['x-trace']).toBe('7');
    expect(last.headers['sec-websocket-protocol']).toBe('chat.v1,json');
    expect(last.messages).toEqual(['{"prompt": "secret plan" }']);
  });

  it('a 429 handshake waits for Retry-After, then succeeds', async () => {
    const provider = await build(`${emulator.url}/rate-limited?retryAfter=1`, {
      messageTemplate: template,
      transformResponse: 'data.output',
    });
    const waits: number[] = [];
    const response = await callThroughRunner(provider, 'again', contextWith(), {
      onWait: (notice) => waits.push(notice.delayMs),
    });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    // The handshake's 429 is typed data: rate-limited, with the wait the server asked for.
    const once = await build(`${emulator.url}/rate-limited?retryAfter=2`, { messageTemplate: template });
    expect((await once.call('first', contextWith())).failure).toEqual({
      kind: 'rate-limited',
      service: 'WebSocket',
      status: 429,
      retryAfterMs: 2000,
    });
    expect(response.output).toBe('You said: again');
    expect(emulator.received.filter((r) => r.path === '/rate-limited').map((r) => r.status)).toEqual([429, 101, 429]);
  });

  it('a 500 handshake is retried, and maxRetries: 0 is honoured', async () => {
    const retried = await build(`${emulator.url}/error500`, {
      messageTemplate: 'x',
      maxRetries: 1,
      retryBaseDelayMs: 5,
    });
    expect((await callThroughRunner(retried, 'p', contextWith())).error).toMatch(
      /rejected with HTTP 500 Internal Server Error; the server said: emulated internal error \(server error\)\. \(gave up after 2 attempts\)$/,
    );
    const before = emulator.received.length;
    const once = await build(`${emulator.url}/error500`, { messageTemplate: 'x', maxRetries: 0 });
    expect((await callThroughRunner(once, 'p', contextWith())).error).not.toContain('gave up');
    expect(emulator.received.length - before).toBe(1);
  });

  it('a stream that stalls ends after idleTimeoutMs, saying so', async () => {
    const provider = await build(`${emulator.url}/stall`, {
      messageTemplate: template,
      streamResponse: concat,
      idleTimeoutMs: 150,
    });
    const response = await provider.call('p', contextWith());
    expect(response.error).toBe(
      `WebSocket stream from ${emulator.url}/stall went silent: no message for 150ms after 1 message and no complete reply (idleTimeoutMs; raise it or set 0 to disable)`,
    );
  });

  it('a server that closes before replying ends the call with the close code and reason', async () => {
    const provider = await build(`${emulator.url}/close?code=4001&reason=backend%20down`, {
      messageTemplate: template,
    });
    expect((await provider.call('p', contextWith())).error).toBe(
      `WebSocket server ${emulator.url}/close?code=4001&reason=backend%20down closed the connection before a complete reply (close code 4001, reason "backend down") after 0 messages`,
    );
  });

  it('a stream closed by the server before the handler says complete', async () => {
    // The handler never completes, so the server's close frame is what ends the call.
    const provider = await build(`${emulator.url}/close`, {
      messageTemplate: template,
      streamResponse: (acc: unknown) => [acc, false],
    });
    expect((await provider.call('p', contextWith())).error).toContain(
      '(close code 1011, reason "emulated server failure")',
    );
  });

  it('timeoutMs bounds the whole call when nothing arrives, and when a stream never completes', async () => {
    const silent = await build(`${emulator.url}/silent`, { messageTemplate: template, timeoutMs: 200 });
    expect((await silent.call('p', contextWith())).error).toBe(
      `WebSocket request to ${emulator.url}/silent timed out after 200ms (timeoutMs) waiting for the first reply`,
    );
    const stalled = await build(`${emulator.url}/stall`, {
      messageTemplate: template,
      streamResponse: concat,
      timeoutMs: 200,
      idleTimeoutMs: 0,
    });
    expect((await stalled.call('p', contextWith())).error).toContain(
      'timed out after 200ms (timeoutMs) after 1 message without a complete reply',
    );
  });

  it('an abort signal ends the call and closes the socket', async () => {
    const provider = await build(`${emulator.url}/silent`, { messageTemplate: template });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect((await provider.call('p', contextWith(), controller.signal)).error).toBe(
      `WebSocket call to ${emulator.url}/silent was aborted`,
    );
  });

  describe('handlers that throw or return the wrong shape', () => {
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      [
        'a transform that throws',
        '/json',
        { transformResponse: 'data.missing.deeper' },
        "transformResponse threw: Cannot read properties of undefined (reading 'deeper')",
      ],
      [
        'a transform that finds nothing',
        '/json',
        { transformResponse: 'data.nope' },
        'transformResponse returned no output (undefined) for the reply "{\\"output\\":\\"You said: p\\"}"; check the expression matches the reply\'s shape',
      ],
      [
        'a transform that returns an error',
        '/json',
        { transformResponse: '({ error: "model refused" })' },
        'model refused',
      ],
      [
        'a stream handler that throws',
        '/chunks',
        { streamResponse: '() => { throw new Error("Stream processing failed") }' },
        'streamResponse threw: Stream processing failed',
      ],
      [
        'a stream handler that throws a string',
        '/chunks',
        {
          streamResponse: () => {
            throw 'plain string';
          },
        },
        'streamResponse threw: plain string',
      ],
      [
        'a stream handler that returns an object',
        '/chunks',
        { streamResponse: () => ({ invalid: 'format' }) },
        'streamResponse must return [result, complete] (an array of two items) but returned {"invalid":"format"}',
      ],
      [
        'a stream handler that completes with nothing',
        '/chunks',
        { streamResponse: (acc: unknown) => [acc, true] },
        'streamResponse said complete but its result has no output (undefined); return [{ output: ... }, true]',
      ],
    ];
    it.each(cases)('%s', async (_name, path, config, message) => {
      const provider = await build(`${emulator.url}${path}`, { messageTemplate: template, ...config });
      const response = await provider.call('p', contextWith());
      expect(response.error).toBe(message);
      expect(response.output).toBeUndefined();
    });
  });
});

describe('sockets and handles', () => {
  it('leaves no connection or handle behind after successes and every kind of failure', async () => {
    const warm = await build(`${emulator.url}/json`, { messageTemplate: template });
    await warm.call('warm-up', contextWith());
    await expectAllClosed(emulator);
    const baseline = activeHandles();

    const configs: Array<[string, Record<string, unknown>]> = [
      ['/json', { transformResponse: 'data.output' }],
      ['/chunks', { streamResponse: concat }],
      ['/stall', { streamResponse: concat, idleTimeoutMs: 50 }],
      ['/silent', { timeoutMs: 100 }],
      ['/close', {}],
      ['/auth', {}],
      ['/json', { transformResponse: '() => { throw new Error("x") }' }],
      ['/chunks', { streamResponse: () => 42 }],
    ];
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        configs.map(async ([path, config]) =>
          (await build(`${emulator.url}${path}`, { messageTemplate: template, ...config })).call('p', contextWith()),
        ),
      );
      expect(results.filter((r) => r.error).length).toBe(6);
    }
    await expectAllClosed(emulator);
    await expectHandlesBackTo(baseline);
  });
});
