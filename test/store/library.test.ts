// The store through the library API: evaluate() records the eval (unless write: false), and
// listEvals / getEval / compareEvals read it back.

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareEvals, evaluate, getEval, listEvals } from '../../src/index.js';
import { tempDir } from '../support/cli.js';

let savedHome: string | undefined;
beforeEach(() => {
  savedHome = process.env.ASSAY_HOME;
  process.env.ASSAY_HOME = join(tempDir(), 'home');
});
afterEach(() => {
  process.env.ASSAY_HOME = savedHome;
});

const suite = (answer: string) => ({
  prompts: ['Q: {{q}}'],
  providers: [{ id: 'stub', callApi: async () => ({ output: answer }) }],
  tests: [
    { vars: { q: 'one' }, assert: [{ type: 'contains', value: 'yes' }] },
    { vars: { q: 'two' }, assert: [{ type: 'contains', value: 'y' }] },
  ],
});

describe('store library API', () => {
  it('a test written twice and a provider listed twice are each stored as cells of their own', async () => {
    const same = { vars: { q: 'one' }, assert: [{ type: 'contains', value: 'yes' }] };
    const result = await evaluate({
      prompts: ['Q: {{q}}'],
      providers: ['echo', 'echo'],
      tests: [same, { ...same }, { vars: { q: 'two' } }],
    });
    const ids = result.results.map((r) => r.cellId);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    const stored = listEvals().find((e) => e.id === result.evalId);
    expect(stored).toMatchObject({ status: 'complete', cells: 6 });
  });

  it('evaluate stores the eval; listEvals, getEval and compareEvals read it', async () => {
    const first = await evaluate(suite('yes'));
    const second = await evaluate(suite('y'));
    const listed = listEvals();
    expect(listed.map((e) => e.id)).toEqual([second.evalId, first.evalId]);
    expect(listed[1]).toMatchObject({ status: 'complete', cells: 2, successes: 2, failures: 0 });

    const stored = await getEval(first.evalId);
    expect(stored.results.map((r) => r.response?.output)).toEqual(['yes', 'yes']);
    expect(stored.results.map((r) => r.cellId)).toEqual(first.results.map((r) => r.cellId));
    expect(stored.summary.stats.successes).toBe(2);

    const comparison = compareEvals(first.evalId, 'latest');
    expect(comparison.regressions.map((r) => [r.candidate.vars, r.kind])).toEqual([['{"q":"one"}', 'pass-to-fail']]);
    expect(comparison.unchanged).toBe(1);
  });

  it('write: false leaves the store alone', async () => {
    await evaluate(suite('yes'));
    await evaluate(suite('yes'), { write: false });
    await evaluate({ ...suite('yes'), evaluateOptions: { write: false } } as Parameters<typeof evaluate>[0]);
    expect(listEvals()).toHaveLength(1);
  });

  it('an unknown eval id is one clear error', async () => {
    await evaluate(suite('yes'));
    await expect(getEval('eval-nope')).rejects.toThrow('No eval "eval-nope" in the store');
  });
});

describe('evaluate with resume', () => {
  it('an aborted eval resumed runs only the cells it had not finished, as one eval', async () => {
    const calls: string[] = [];
    const abort = new AbortController();
    const makeSuite = () => ({
      prompts: ['Q: {{q}}'],
      providers: [
        {
          id: 'counting',
          callApi: async (prompt: string) => {
            calls.push(prompt);
            if (calls.length === 4) abort.abort();
            return { output: `A ${prompt}` };
          },
        },
      ],
      tests: Array.from({ length: 10 }, (_, i) => ({ vars: { q: String(i) } })),
    });
    const first = await evaluate(makeSuite(), { maxConcurrency: 1, abortSignal: abort.signal });
    expect(first.aborted).toBe(true);
    const doneFirst = first.results.length;
    expect(doneFirst).toBeLessThan(10);
    expect(listEvals()[0]).toMatchObject({ status: 'interrupted' });

    calls.length = 0;
    const resumed = await evaluate(makeSuite(), { maxConcurrency: 1, resume: true });
    expect(resumed.evalId).toBe(first.evalId);
    expect(resumed.aborted).toBe(false);
    expect(resumed.results.map((r) => r.response?.output)).toEqual(Array.from({ length: 10 }, (_, i) => `A Q: ${i}`));
    // Only the cells without a stored result were called.
    expect(calls).toHaveLength(10 - doneFirst);
    expect(listEvals()).toHaveLength(1);
    expect(listEvals()[0]).toMatchObject({ status: 'complete', successes: 10, runs: 2 });
  });
});
