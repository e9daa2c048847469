// Resuming suites whose cells depend on each other ends like an uninterrupted run: a stored output
// feeds the storeOutputAs vars of the cells still to run, and a max-score row cut short by a stop
// is graded again, as a whole, once its missing cell has run. Real store, library API.

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import type { EvalResult } from '../../src/results/types.js';
import { tempDir } from '../support/cli.js';

let savedHome: string | undefined;
beforeEach(() => {
  savedHome = process.env.ASSAY_HOME;
  process.env.ASSAY_HOME = join(tempDir(), 'home');
});
afterEach(() => {
  process.env.ASSAY_HOME = savedHome;
});

/** A provider that records each prompt it is sent and can stop the run on its n-th call. */
function recordingProvider(id: string, reply: (prompt: string) => string) {
  const state = { calls: [] as string[], stopAt: 0, controller: new AbortController() };
  const provider = {
    id: () => id,
    callApi: async (prompt: string) => {
      state.calls.push(prompt);
      if (state.calls.length === state.stopAt) state.controller.abort();
      return { output: reply(prompt) };
    },
  };
  return { provider, state };
}

const summarise = (results: EvalResult[]) =>
  results.map((r) => ({
    cell: `${r.testIdx}/${r.promptIdx}`,
    prompt: r.prompt.raw,
    output: r.response?.output,
    success: r.success,
    score: r.score,
    checks: r.gradingResult?.componentResults?.map((c) => [c.assertion?.type, c.pass]),
  }));

describe('resume of a suite whose cells depend on each other', () => {
  it('feeds stored outputs to the storeOutputAs vars of the cells still to run', async () => {
    const { provider, state } = recordingProvider('chain', (prompt) => `<${prompt}>`);
    const suite = {
      prompts: ['Step {{n}} after {{prev}}'],
      providers: [provider],
      tests: Array.from({ length: 6 }, (_, i) => ({ vars: { n: String(i) }, options: { storeOutputAs: 'prev' } })),
    };
    const reference = await evaluate(suite, { cache: false, write: false });
    const referenceCalls = state.calls;

    // Stopped on its third call: two cells stored, the rest never ran.
    state.calls = [];
    state.stopAt = 3;
    const stopped = await evaluate(suite, { cache: false, abortSignal: state.controller.signal });
    expect(stopped.aborted).toBe(true);
    expect(stopped.stats.successes).toBe(2);

    state.calls = [];
    state.stopAt = 0;
    const resumed = await evaluate(suite, { cache: false, resume: true });
    // Only the cells not stored were called, each with the prompt the uninterrupted run sent.
    expect(state.calls).toEqual(referenceCalls.slice(2));
    expect(summarise(resumed.results)).toEqual(summarise(reference.results));
    expect(resumed.evalId).toBe(stopped.evalId);
  });

  it('grades a max-score row again when some of its cells were stored and the rest ran on resume', async () => {
    const short = recordingProvider('short', (prompt) => `ok ${prompt}`);
    const long = recordingProvider('long', (prompt) => `a much longer answer to ${prompt}`);
    // One call log for both providers, in the order the run made the calls.
    const calls: string[] = [];
    const controller = new AbortController();
    let stopAt = 0;
    const logged = (inner: typeof short.provider) => ({
      id: inner.id,
      callApi: async (prompt: string) => {
        calls.push(`${inner.id()}: ${prompt}`);
        if (calls.length === stopAt) controller.abort();
        return inner.callApi(prompt);
      },
    });
    const suite = {
      prompts: ['Question {{n}}'],
      providers: [logged(short.provider), logged(long.provider)],
      defaultTest: {
        assert: [{ type: 'javascript', value: 'output.length / 40' }, { type: 'max-score' }],
      },
      tests: Array.from({ length: 3 }, (_, i) => ({ vars: { n: String(i) } })),
    };
    const reference = await evaluate(suite, { cache: false, write: false, maxConcurrency: 1 });
    const referenceCalls = [...calls];
    // Each row has a winner and a loser when graded as a whole.
    expect(reference.results.map((r) => r.success)).toEqual([false, true, false, true, false, true]);

    // Stopped on row 1's second call: row 0 is graded and stored, row 1 has one ungraded cell.
    calls.length = 0;
    stopAt = 4;
    const stopped = await evaluate(suite, {
      cache: false,
      maxConcurrency: 1,
      abortSignal: controller.signal,
    });
    expect(stopped.aborted).toBe(true);
    expect(stopped.results).toHaveLength(3);

    calls.length = 0;
    stopAt = 0;
    const resumed = await evaluate(suite, { cache: false, maxConcurrency: 1, resume: true });
    expect(calls).toEqual(referenceCalls.slice(3));
    expect(summarise(resumed.results)).toEqual(summarise(reference.results));
  });
});
