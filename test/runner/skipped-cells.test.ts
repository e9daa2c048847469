// A run stopped early accounts for the whole matrix: every cell is a result or a skipped cell,
// including cells cancelled while in flight whose provider never answers (issue 8, defects 10-11).

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import type { Provider } from '../../src/providers/types.js';

function providerAnsweringFirst(answered: number, onHang: () => void): Provider {
  return {
    id: () => 'first-few',
    // Ignores its abort signal on purpose: cancelling must not depend on the provider's cooperation.
    call: async (prompt, context) => {
      if (Number(context?.vars?.n) < answered) return { output: prompt };
      onHang();
      return new Promise(() => {});
    },
  } as Provider;
}

const tests = (count: number) =>
  Array.from({ length: count }, (_, n) => ({ vars: { n }, assert: [{ type: 'contains', value: `n${n}` }] }));

describe('skipped cells', () => {
  it('an aborted library run returns at once, counting cells in flight and never started as skipped', async () => {
    const abort = new AbortController();
    let hanging = 0;
    const provider = providerAnsweringFirst(5, () => {
      // Abort once every slot holds a hanging cell: nothing more can finish by itself.
      if (++hanging === 3) abort.abort(new Error('Cancelled by the caller'));
    });
    const result = await evaluate(
      { prompts: ['n{{n}}'], providers: [provider], tests: tests(20) },
      { maxConcurrency: 3, abortSignal: abort.signal, cache: false },
    );

    expect(result.aborted).toBe(true);
    expect(result.stats.successes).toBe(5);
    expect(result.stats.skipped).toBe(15);
    expect(result.results).toHaveLength(5);
  });

  it('a run with a global time limit reports the cells past it as skipped', async () => {
    const provider = providerAnsweringFirst(2, () => {});
    const result = await evaluate(
      { prompts: ['n{{n}}'], providers: [provider], tests: tests(6) },
      { maxConcurrency: 2, maxEvalTimeMs: 300, cache: false },
    );
    expect(result.stats).toMatchObject({ successes: 2, failures: 0, errors: 0, skipped: 4 });
  });
});
