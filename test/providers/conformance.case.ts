// The shared conformance suite every chat provider runs against its emulator (hono's
// common.case.test.ts pattern): text, tool call, 429 + Retry-After, 5xx, bad credential, timeout,
// abort, streaming, malformed JSON and a cut stream. Adding a provider = one runProviderConformance call.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators, type RunningApi, type RunningEmulators } from '../../src/emulator/index.js';
import { closeDispatchers } from '../../src/providers/transport/index.js';
import type { CallContext, Provider } from '../../src/providers/types.js';
import { callThroughRunner } from '../support/runner-call.js';
import { expectBothToolCallIdioms } from '../support/tool-call-idioms.js';
import { weatherTool } from '../support/weather-tool.js';

export const CONFORMANCE_CASES = [
  'text reply',
  'tool call',
  '429 with Retry-After, then success',
  '5xx, then success',
  'typed failures',
  'bad credential',
  'per-request timeout',
  'abort via AbortSignal',
  'streamed reply',
  'malformed JSON body',
  'truncated stream',
] as const;
export type ConformanceCase = (typeof CONFORMANCE_CASES)[number];

/** What the suite gives a setup: running emulators, the env pointing at them, and their clock. */
export interface ConformanceContext {
  emulators: RunningEmulators;
  /** `emulators.env()`: base URLs and the credentials the emulators accept. */
  env: Record<string, string>;
}

export interface BuildOverrides {
  /** Merged over the target's own config. */
  config?: Record<string, unknown>;
  /** Merged over the emulator env. */
  env?: Record<string, string>;
}

export interface ConformanceTarget {
  /** The emulated API the provider talks to: knobs and recorded requests. */
  api: RunningApi;
  /** Builds the provider (e.g. via createProvider) against the emulator. */
  build(overrides?: BuildOverrides): Promise<Provider>;
  /** How to make the emulator reject the credential, and the wrong secret that must not leak. */
  badCredential: BuildOverrides & { secret: string };
  /** What the bad-credential error must say besides the status (e.g. the env var to check). */
  authHint: RegExp;
  /** Points the provider at a port where nothing listens. */
  deadEndpoint: (port: number) => BuildOverrides;
}

/** Cases a provider cannot run, each with the reason (listed as skipped tests). */
export type ConformanceSkips = Partial<Record<ConformanceCase, string>>;

const context: CallContext = { vars: {}, prompt: { raw: '', label: 'conformance' }, repeatIndex: 0 };

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

export function runProviderConformance(
  name: string,
  setup: (ctx: ConformanceContext) => ConformanceTarget,
  skips: ConformanceSkips = {},
): void {
  describe(`provider conformance: ${name}`, () => {
    let skewMs = 0;
    let emulators: RunningEmulators;
    let target: ConformanceTarget;

    beforeAll(async () => {
      // The emulators' clock runs ahead on demand, so a rate-limit window can be made to end in
      // about a second instead of a minute.
      emulators = await startEmulators({ now: () => Date.now() + skewMs });
      target = setup({ emulators, env: emulators.env() });
    });
    afterEach(() => {
      target.api.setKnobs({ rpm: 0, faults: [], latencyMs: 0 });
      target.api.reset();
    });
    afterAll(async () => {
      await emulators.close();
      await closeDispatchers();
    });

    const statuses = () => target.api.requests.map((r) => r.status);

    const cases: Record<ConformanceCase, () => Promise<void>> = {
      'text reply': async () => {
        const provider = await target.build();
        const result = await provider.call('Explain quantum computing in simple terms', context);
        expect(result.error).toBeUndefined();
        expect(typeof result.output).toBe('string');
        expect(String(result.output).toLowerCase()).toContain('quantum');
        expect(result.tokenUsage?.total).toBeGreaterThan(0);
        expect(result.metadata?.http?.status).toBe(200);
        expect(target.api.requests).toHaveLength(1);
      },

      'tool call': async () => {
        // promptfoo's array idiom and the seed's function-call idiom pass on the same reply,
        // whole and streamed.
        for (const stream of [false, true]) {
          const provider = await target.build({
            config: { tools: [weatherTool], ...(stream ? { stream: true } : {}) },
          });
          const result = await provider.call("What's the weather like in New York, NY?", context);
          await expectBothToolCallIdioms(result, provider);
          expect((result.output as unknown[]).length).toBe(1);
        }
        expect((target.api.requests[0]!.body as { tools: unknown[] }).tools).toEqual([weatherTool]);
      },

      '429 with Retry-After, then success': async () => {
        target.api.setKnobs({ rpm: 1 });
        const provider = await target.build();
        expect((await provider.call('first request fills the window', context)).error).toBeUndefined();
        // Move the clock to 0.7 s before the window frees up: the API asks for Retry-After: 1.
        skewMs += 59_300;
        const waits: string[] = [];
        // The adapter makes one attempt; the runner's retry loop waits as asked and tries again.
        const result = await callThroughRunner(provider, 'second request is rate limited once', context, {
          onWait: (w) => waits.push(`${w.reason} ${w.delayMs}`),
        });
        expect(result.error).toBeUndefined();
        expect(waits).toHaveLength(1);
        expect(waits[0]).toMatch(/^rate-limit (1\d{3})$/);
        expect(String(result.output)).toContain('rate limited');
        expect(statuses()).toEqual([200, 429, 200]);
      },

      '5xx, then success': async () => {
        target.api.setKnobs({ faults: [{ kind: 'status', status: 503, count: 1 }] });
        const provider = await target.build();
        const result = await callThroughRunner(provider, 'Explain quantum computing in simple terms', context);
        expect(result.error).toBeUndefined();
        expect(String(result.output).toLowerCase()).toContain('quantum');
        expect(statuses()).toEqual([503, 200]);
      },

      'typed failures': async () => {
        // Each adapter reports one attempt's failure as data the runner acts on, never as text to parse.
        const provider = await target.build();
        target.api.setKnobs({ rpm: 1 });
        expect((await provider.call('fills the window', context)).error).toBeUndefined();
        const limited = await provider.call('rate limited', context);
        expect(limited.failure).toMatchObject({ kind: 'rate-limited', status: 429 });
        expect(limited.failure!.retryAfterMs).toBeGreaterThanOrEqual(1000);
        target.api.setKnobs({ rpm: 0, faults: [{ kind: 'status', status: 503, count: 1 }] });
        expect((await provider.call('server error', context)).failure).toMatchObject({
          kind: 'transient',
          status: 503,
        });
        target.api.setKnobs({ faults: [{ kind: 'stall', count: 1 }] });
        const slow = await target.build({ config: { timeoutMs: 150 } });
        expect((await slow.call('stalls', context)).failure?.kind).toBe('timeout');
        const { secret: _secret, ...bad } = target.badCredential;
        const denied = await (await target.build(bad)).call('wrong key', context);
        expect(denied.failure?.kind).toBe('auth');
        expect([401, 403]).toContain(denied.failure?.status);
        const dead = await target.build(target.deadEndpoint(9));
        const refused = await dead.call('nobody listens', context);
        expect(refused.failure?.kind).toBe('connection');
        expect(refused.error).toMatch(/ECONNREFUSED/);
        // The stalled request has no status; every other case was one request, not retried.
        expect(statuses()).toHaveLength(5);
        expect(
          statuses()
            .filter((status) => status !== undefined)
            .slice(0, 3),
        ).toEqual([200, 429, 503]);
      },

      'bad credential': async () => {
        const { secret, ...overrides } = target.badCredential;
        const provider = await target.build(overrides);
        const result = await provider.call('hello', context);
        expect(result.output).toBeUndefined();
        expect(result.error).toMatch(/HTTP 40[13]/);
        expect(result.error).toMatch(target.authHint);
        expect(result.error).not.toContain(secret);
        expect(target.api.requests).toHaveLength(1);
      },

      'per-request timeout': async () => {
        target.api.setKnobs({ faults: [{ kind: 'stall', count: 10 }] });
        const provider = await target.build({ config: { timeoutMs: 200, maxRetries: 0 } });
        const result = await provider.call('hello', context);
        expect(result.error).toMatch(/timed out after 200 ms/);
        expect(result.error).toMatch(/timeoutMs/);
      },

      'abort via AbortSignal': async () => {
        target.api.setKnobs({ faults: [{ kind: 'stall', count: 10 }] });
        const provider = await target.build();
        const controller = new AbortController();
        const pending = provider.call('hello', context, controller.signal);
        await until(() => target.api.requests.length === 1);
        controller.abort();
        await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      },

      'streamed reply': async () => {
        const provider = await target.build({ config: { stream: true } });
        const result = await provider.call('Write a short story about time travel', context);
        expect(result.error).toBeUndefined();
        expect(String(result.output)).toContain('time');
        expect(result.ttftMs).toBeTypeOf('number');
        expect(target.api.requests[0]!.body).toMatchObject({ stream: true });
      },

      'malformed JSON body': async () => {
        target.api.setKnobs({ faults: [{ kind: 'malformed', count: 1 }] });
        const provider = await target.build({ config: { maxRetries: 0 } });
        const result = await provider.call('hello', context);
        expect(result.output).toBeUndefined();
        expect(result.error).toMatch(/not JSON/);
      },

      'truncated stream': async () => {
        target.api.setKnobs({ faults: [{ kind: 'truncate', count: 1 }] });
        const provider = await target.build({ config: { stream: true, maxRetries: 0 } });
        const result = await provider.call('Write a short story about time travel', context);
        expect(result.output).toBeUndefined();
        // The emulator drops the connection mid-stream: that is a cut reply, not an unreachable server.
        expect(result.error).toMatch(/cut off before it finished.*incomplete/);
        expect(result.error).not.toContain('Could not reach');
      },
    };

    for (const name of CONFORMANCE_CASES) {
      const reason = skips[name];
      if (reason) it.skip(`${name} (skipped: ${reason})`, () => {});
      else it(name, () => cases[name]());
    }
  });
}
