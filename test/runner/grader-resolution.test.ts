// Which grader an llm-rubric uses: the assertion's provider, then the test's options.provider
// (defaultTest's merged in), then --grader, then OpenAI only when OPENAI_API_KEY is set. Each
// level names a different emulated API, so the API that received the grading call shows the winner.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulators } from '../../src/emulator/index.js';
import type { RunningEmulators } from '../../src/emulator/types.js';
import { evaluate } from '../../src/index.js';
import type { AssertionDef, GraderSpec } from '../../src/suite/types.js';

let emulators: RunningEmulators;
const savedKey = process.env.OPENAI_API_KEY;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => {
  await emulators.close();
});
beforeEach(() => {
  delete process.env.OPENAI_API_KEY;
});
afterEach(() => {
  if (savedKey !== undefined) process.env.OPENAI_API_KEY = savedKey;
});

type Api = 'databricks' | 'llama' | 'cloudflare' | 'openai';
const API_PATHS: Record<Api, RegExp> = {
  databricks: /\/invocations$/,
  llama: /\/compat\/v1\/chat\/completions$/,
  cloudflare: /\/ai\/v1\/chat\/completions$/,
  openai: /^\/v1\/chat\/completions$/,
};

const LLAMA = 'llamaapi:Llama-3.3-70B-Instruct';
const CLOUDFLARE: GraderSpec = {
  id: 'cloudflare-ai:chat:@cf/meta/llama-4-scout-17b-16e-instruct',
  config: { temperature: 0 },
};
const DATABRICKS: GraderSpec = {
  text: { id: 'databricks:databricks-meta-llama-3-3-70b-instruct', config: { isPayPerToken: true } },
};

interface Levels {
  assertion?: GraderSpec;
  test?: GraderSpec;
  defaultTest?: GraderSpec;
  cli?: string;
  env?: Record<string, string>;
}

/** Runs one llm-rubric and returns which API graded it and the assertion's result. */
async function gradedBy(levels: Levels) {
  const before = Object.fromEntries(
    (Object.keys(API_PATHS) as Api[]).map((api) => [api, emulators[api].requests.length]),
  );
  const assertion: AssertionDef = {
    type: 'llm-rubric',
    value: 'Mentions Paris',
    ...(levels.assertion ? { provider: levels.assertion } : {}),
  };
  const env = emulators.env();
  delete env.OPENAI_API_KEY;
  const result = await evaluate(
    {
      env: { ...env, ...levels.env },
      prompts: ['Capital of France?'],
      providers: [{ id: () => 'fixed', callApi: async () => ({ output: 'Paris is the capital of France.' }) }],
      ...(levels.defaultTest ? { defaultTest: { options: { provider: levels.defaultTest } } } : {}),
      tests: [{ ...(levels.test ? { options: { provider: levels.test } } : {}), assert: [assertion] }],
    },
    { cache: false, grader: levels.cli },
  );
  const apis = (Object.keys(API_PATHS) as Api[]).filter((api) =>
    emulators[api].requests.slice(before[api]).some((r) => API_PATHS[api].test(r.path)),
  );
  return { apis, component: result.results[0]!.gradingResult!.componentResults![0]!, stats: result.stats };
}

describe('grader resolution', () => {
  it('the assertion provider wins over every other level', async () => {
    const { apis, component } = await gradedBy({
      assertion: LLAMA,
      test: CLOUDFLARE,
      defaultTest: DATABRICKS,
      cli: 'openai:chat:gpt-4.1-mini',
    });
    expect(apis).toEqual(['llama']);
    expect(component.pass).toBe(true);
  });

  it('then the test options.provider (an object with config)', async () => {
    const { apis, component } = await gradedBy({ test: CLOUDFLARE, defaultTest: DATABRICKS, cli: LLAMA });
    expect(apis).toEqual(['cloudflare']);
    expect(component.pass).toBe(true);
  });

  it('then defaultTest.options.provider (a map by kind)', async () => {
    const { apis, component, stats } = await gradedBy({ defaultTest: DATABRICKS, cli: LLAMA });
    expect(apis).toEqual(['databricks']);
    expect(component.pass).toBe(true);
    expect(stats.graderTokenUsage.total).toBeGreaterThan(0);
    expect(stats.tokenUsage.total ?? 0).toBe(0);
  });

  it('then --grader', async () => {
    const { apis, component } = await gradedBy({ cli: LLAMA });
    expect(apis).toEqual(['llama']);
    expect(component.pass).toBe(true);
  });

  it('an OpenAI-compatible server via openai:chat with apiBaseUrl can grade', async () => {
    const local: GraderSpec = {
      id: 'openai:chat:gpt-4.1-mini',
      config: { apiBaseUrl: `${emulators.openai.url}/v1`, apiKey: emulators.env().OPENAI_API_KEY },
    };
    const { apis, component } = await gradedBy({ test: local });
    expect(apis).toEqual(['openai']);
    expect(component.pass).toBe(true);
  });

  it('with nothing configured, OpenAI grades only when OPENAI_API_KEY is set', async () => {
    const withKey = await gradedBy({ env: { OPENAI_API_KEY: emulators.env().OPENAI_API_KEY! } });
    expect(withKey.apis).toEqual(['openai']);
    expect(withKey.component.pass).toBe(true);

    const without = await gradedBy({});
    expect(without.apis).toEqual([]);
    expect(without.component.pass).toBe(false);
    expect(without.component.reason).toMatch(/No grader configured.*defaultTest\.options\.provider.*--grader/s);
  });

  it('a grader whose endpoint does not exist fails the assertion with the provider error', async () => {
    const { component } = await gradedBy({ assertion: 'databricks:no-such-endpoint' });
    expect(component.pass).toBe(false);
    expect(component.reason).toMatch(/Grader databricks:no-such-endpoint/);
    expect(component.reason).toMatch(/no-such-endpoint/);
  });

  it('similar skips a text-only grader given for every kind and falls back like promptfoo', async () => {
    const run = (env: Record<string, string>) =>
      evaluate(
        {
          env: { ...emulators.env(), OPENAI_API_KEY: '', ...env },
          prompts: ['Capital of France?'],
          providers: [{ id: () => 'fixed', callApi: async () => ({ output: 'Paris is the capital of France.' }) }],
          tests: [
            {
              assert: [
                { type: 'llm-rubric', value: 'Mentions Paris' },
                { type: 'similar', value: 'The capital of France is Paris.' },
              ],
            },
          ],
        },
        { cache: false, grader: LLAMA },
      );
    const withKey = await run({ OPENAI_API_KEY: emulators.env().OPENAI_API_KEY! });
    expect(withKey.results[0]!.gradingResult!.componentResults!.map((c) => c.pass)).toEqual([true, true]);
    const without = await run({});
    const similar = without.results[0]!.gradingResult!.componentResults![1]!;
    expect(similar.pass).toBe(false);
    expect(similar.reason).toMatch(/llamaapi:Llama-3.3-70B-Instruct cannot produce embeddings.*embedding/s);
  });
});
