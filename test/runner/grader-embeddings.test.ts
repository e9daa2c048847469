// `similar` against each embedding-capable provider of the emulator, and embedding calls made for
// grading sharing the response cache and the grader token count with grader chat calls.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators } from '../../src/emulator/index.js';
import type { RunningEmulators } from '../../src/emulator/types.js';
import { evaluate } from '../../src/index.js';
import type { GraderSpec } from '../../src/suite/types.js';

let emulators: RunningEmulators;
let cacheDir: string;
const savedCachePath = process.env.ASSAY_CACHE_PATH;
beforeAll(async () => {
  emulators = await startEmulators();
  cacheDir = mkdtempSync(join(tmpdir(), 'assay-embed-cache-'));
  process.env.ASSAY_CACHE_PATH = cacheDir;
});
afterAll(async () => {
  await emulators.close();
  if (savedCachePath === undefined) delete process.env.ASSAY_CACHE_PATH;
  else process.env.ASSAY_CACHE_PATH = savedCachePath;
  rmSync(cacheDir, { recursive: true, force: true });
});

const OUTPUT = 'Paris is the capital of France.';

function similarRun(provider: GraderSpec, cache = false) {
  return evaluate(
    {
      env: emulators.env(),
      prompts: ['Capital of France?'],
      providers: [{ id: () => 'fixed', callApi: async () => ({ output: OUTPUT }) }],
      defaultTest: { options: { provider } },
      tests: [
        { assert: [{ type: 'similar', value: 'The capital of France is Paris.' }] },
        { assert: [{ type: 'similar', value: ['Bananas are yellow.', 'Volcanoes erupt lava.'] }] },
      ],
    },
    { cache },
  );
}

describe('similar with each embedding provider of the emulator', () => {
  const cases: Array<[string, GraderSpec, keyof RunningEmulators]> = [
    ['cloudflare-ai:embedding', { embedding: 'cloudflare-ai:embedding:@cf/baai/bge-base-en-v1.5' }, 'cloudflare'],
    ['databricks:embedding', { embedding: 'databricks:embedding:databricks-gte-large-en' }, 'databricks'],
    ['a Databricks endpoint named under embedding', { embedding: 'databricks:databricks-gte-large-en' }, 'databricks'],
    ['openai:embedding', { embedding: 'openai:embedding:text-embedding-3-small' }, 'openai'],
  ];
  it.each(cases)(
    '%s: a paraphrase passes, unrelated texts fail, and the embedding tokens count as grading',
    async (_name, provider, api) => {
      const before = (emulators[api] as { requests: unknown[] }).requests.length;
      const result = await similarRun(provider);
      expect(result.results.map((r) => r.success)).toEqual([true, false]);
      expect(result.results[1]!.error).toMatch(/None of the 2 values met the threshold/);
      // Output + 1 value, then output + 2 values: five embedding requests.
      expect((emulators[api] as { requests: unknown[] }).requests.length - before).toBe(5);
      expect(result.stats.graderTokenUsage.numRequests).toBe(5);
      expect(result.stats.graderTokenUsage.total).toBeGreaterThan(0);
    },
  );
});

describe('embedding calls for grading', () => {
  it('are served from the response cache on a rerun, their tokens counted as cached', async () => {
    const provider = { embedding: 'openai:embedding:text-embedding-3-large' };
    const first = await similarRun(provider, true);
    const sent = emulators.openai.requests.length;
    const second = await similarRun(provider, true);
    expect(emulators.openai.requests.length).toBe(sent);
    expect(second.results.map((r) => r.success)).toEqual(first.results.map((r) => r.success));
    expect(second.stats.graderTokenUsage.numRequests).toBe(0);
    expect(second.stats.graderTokenUsage.cached).toBe(first.stats.graderTokenUsage.total);
  });
});
