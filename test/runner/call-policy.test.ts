// The runner's one retry loop: it serves custom code that throws a transient error as it serves
// HTTP and WebSocket providers, decides from typed failures only, and still honours per-cell
// timeouts and cancellation while it waits.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

const prompt = 'Say {{ word }}';

/** A library provider that throws `failures` in turn, then answers. */
function flaky(failures: unknown[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    provider: {
      id: () => 'flaky',
      callApi: async (text: string) => {
        calls++;
        const failure = failures[calls - 1];
        if (failure) throw failure;
        return { output: `ok: ${text}` };
      },
    },
  };
}

const httpError = (status: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`upstream said ${status}`), { status, ...extra });

describe('the runner retries custom providers from typed failures', () => {
  it('a thrown 503 (status field) is retried and the cell passes', async () => {
    const target = flaky([httpError(503, { retryAfterMs: 20 }), httpError(503, { retryAfterMs: 20 })]);
    const result = await evaluate(
      { prompts: [prompt], providers: [target.provider], tests: [{ vars: { word: 'hi' } }] },
      { cache: false },
    );
    expect(result.results[0]!.error).toBeUndefined();
    expect(result.results[0]!.response?.output).toBe('ok: Say hi');
    expect(target.calls).toBe(3);
  });

  it('a thrown network error code and a typed failure object are retried too', async () => {
    const reset = Object.assign(new Error('socket closed'), { code: 'ECONNRESET', retryAfterMs: 10 });
    const typed = Object.assign(new Error('busy'), { failure: { kind: 'rate-limited' }, retryAfterMs: 10 });
    const target = flaky([reset, typed]);
    const result = await evaluate(
      { prompts: [prompt], providers: [target.provider], tests: [{ vars: { word: 'x' } }] },
      { cache: false },
    );
    expect(result.results[0]!.error).toBeUndefined();
    expect(target.calls).toBe(3);
  });

  it('a returned { error, failure } is retried like a thrown one', async () => {
    let calls = 0;
    const provider = {
      id: () => 'returns-failure',
      callApi: async () =>
        ++calls < 2 ? { error: 'queue full', failure: { kind: 'transient', retryAfterMs: 10 } } : { output: 'done' },
    };
    const result = await evaluate(
      { prompts: [prompt], providers: [provider], tests: [{ vars: { word: 'r' } }] },
      { cache: false },
    );
    expect(result.results[0]!.response?.output).toBe('done');
    expect(calls).toBe(2);
  });

  it('an error that says nothing about itself, or says it is permanent, is not retried', async () => {
    // The message mentions 503 and rate limits: text never decides a retry.
    const vague = flaky([new Error('HTTP 503 rate limit exceeded, too many requests'), new Error('never reached')]);
    const first = await evaluate(
      { prompts: [prompt], providers: [vague.provider], tests: [{ vars: { word: 'a' } }] },
      { cache: false },
    );
    expect(first.results[0]!.error).toBe('HTTP 503 rate limit exceeded, too many requests');
    expect(vague.calls).toBe(1);

    const denied = flaky([httpError(401), new Error('never reached')]);
    const second = await evaluate(
      { prompts: [prompt], providers: [denied.provider], tests: [{ vars: { word: 'b' } }] },
      { cache: false },
    );
    expect(second.results[0]!.error).toBe('upstream said 401');
    expect(denied.calls).toBe(1);
  });

  it('gives up after maxRetries and says how many attempts it made', async () => {
    const target = flaky(Array.from({ length: 10 }, () => httpError(502, { retryAfterMs: 5 })));
    const result = await evaluate(
      {
        prompts: [prompt],
        providers: [{ ...target.provider, config: { maxRetries: 2 } }],
        tests: [{ vars: { word: 'z' } }],
      },
      { cache: false },
    );
    expect(result.results[0]!.error).toBe('upstream said 502 (gave up after 3 attempts)');
    expect(target.calls).toBe(3);
  });

  it('a per-cell timeout ends a cell while it waits out a long Retry-After', async () => {
    const target = flaky([httpError(429, { retryAfterMs: 25_000 })]);
    const result = await evaluate(
      { prompts: [prompt], providers: [target.provider], tests: [{ vars: { word: 'slow' } }] },
      { cache: false, timeoutMs: 300 },
    );
    expect(result.results[0]!.error).toBe('Evaluation timed out after 300ms');
    expect(target.calls).toBe(1);
  });

  it('cancelling the run ends a back-off at once', async () => {
    const target = flaky([httpError(429, { retryAfterMs: 25_000 })]);
    const controller = new AbortController();
    const pending = evaluate(
      { prompts: [prompt], providers: [target.provider], tests: [{ vars: { word: 'stop' } }] },
      { cache: false, abortSignal: controller.signal },
    );
    while (target.calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const result = await pending;
    expect(result.aborted).toBe(true);
    expect(target.calls).toBe(1);
  });
});
