// A dead endpoint must not cost minutes: after a few connection failures in a row the rest of its
// calls fail at once with one clear message, and it is probed again now and then.

import { createServer, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { closeDispatchers } from '../../src/providers/transport/index.js';
import { CircuitBreaker } from '../../src/runner/circuit-breaker.js';

afterAll(() => closeDispatchers());

describe('circuit breaker in a run', () => {
  it("fails a dead server's remaining cells at once instead of retrying each one", async () => {
    // A server that accepts and resets every connection: each attempt can be counted.
    let connections = 0;
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.resetAndDestroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const tests = Array.from({ length: 40 }, (_, i) => ({ vars: { n: String(i) } }));
      const result = await evaluate(
        {
          prompts: ['Question {{ n }}'],
          providers: [
            {
              id: 'openai:chat:gpt-4o-mini',
              config: { apiBaseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-test-breaker' },
            },
          ],
          tests,
        },
        { cache: false, maxConcurrency: 4 },
      );
      const errors = result.results.map((r) => r.error ?? '');
      expect(errors.every((e) => e !== '')).toBe(true);
      const refused = errors.filter((e) => e.startsWith('Not sent: the endpoint could not be reached'));
      // Without the breaker every cell would make 5 attempts (200 connections).
      expect(refused.length).toBeGreaterThan(30);
      // One message for the whole provider, so the summary shows one error group.
      expect(new Set(refused).size).toBe(1);
      expect(connections).toBeLessThan(15);
      expect(refused[0]).toMatch(
        /\d times in a row with no success \(last error: OpenAI API error: Could not reach 127\.0\.0\.1:\d+\/v1\/chat\/completions/,
      );
      expect(refused[0]).toContain('Check that the server is running');
      expect(refused[0]).not.toContain('sk-test-breaker');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('CircuitBreaker', () => {
  const connectionFailure = { kind: 'connection' as const };

  it('opens after 3 connection failures in a row to an endpoint that never answered', () => {
    const breaker = new CircuitBreaker(10_000, () => 0);
    breaker.record(connectionFailure, 'refused');
    breaker.record(connectionFailure, 'refused');
    expect(breaker.refuse()).toBeUndefined();
    breaker.record(connectionFailure, 'refused');
    expect(breaker.refuse()).toMatch(/could not be reached 3 times in a row .*last error: refused.*every 10 s/);
  });

  it('an answer in between (even an error status) starts the count again', () => {
    const breaker = new CircuitBreaker(10_000, () => 0);
    breaker.record(connectionFailure, 'refused');
    breaker.record(connectionFailure, 'refused');
    breaker.record({ kind: 'transient', status: 503 }, 'HTTP 503');
    breaker.record(connectionFailure, 'refused');
    breaker.record(connectionFailure, 'refused');
    expect(breaker.refuse()).toBeUndefined();
  });

  it('rides out a burst of failures from an endpoint that answered before, up to 10 in a row', () => {
    const breaker = new CircuitBreaker(10_000, () => 0);
    breaker.record(undefined, undefined);
    for (let i = 0; i < 9; i++) breaker.record(connectionFailure, 'reset');
    expect(breaker.refuse()).toBeUndefined();
    breaker.record(connectionFailure, 'reset');
    expect(breaker.refuse()).toMatch(/10 times in a row/);
  });

  it('lets one probe through per period; a success closes it, a failure keeps it open', () => {
    let now = 0;
    const breaker = new CircuitBreaker(5_000, () => now);
    for (let i = 0; i < 3; i++) breaker.record(connectionFailure, 'refused');
    expect(breaker.refuse()).toBeDefined();
    now = 5_000;
    expect(breaker.refuse()).toBeUndefined(); // the probe
    expect(breaker.refuse()).toBeDefined(); // others wait for its outcome
    breaker.record(connectionFailure, 'still refused');
    expect(breaker.refuse()).toMatch(/still refused/);
    now = 10_000;
    expect(breaker.refuse()).toBeUndefined();
    breaker.record(undefined, undefined);
    expect(breaker.isOpen).toBe(false);
    expect(breaker.refuse()).toBeUndefined();
  });

  it('a probe that was cancelled lets a later call probe', () => {
    let now = 0;
    const breaker = new CircuitBreaker(1_000, () => now);
    for (let i = 0; i < 3; i++) breaker.record(connectionFailure, 'refused');
    now = 1_000;
    expect(breaker.refuse()).toBeUndefined();
    breaker.abandoned();
    expect(breaker.refuse()).toBeUndefined();
  });
});
