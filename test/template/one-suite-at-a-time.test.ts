// The CLI builds and runs one suite at a time and says so (useOneSuiteAtATime): templates then
// find their suite's engine without AsyncLocalStorage, and must still see that suite's env and
// filters across every await of the run, and a default engine outside it.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import {
  currentTemplateEngine,
  renderTemplate,
  TemplateEngine,
  useOneSuiteAtATime,
  withTemplateEngine,
} from '../../src/template/environment.js';

useOneSuiteAtATime();

const slowEcho = {
  id: () => 'slow-echo',
  callApi: async (prompt: string) => new Promise((resolve) => setTimeout(() => resolve({ output: prompt }), 2)),
};

describe('one suite at a time', () => {
  it('renders a run with its own env and filters, then the next run with its own', async () => {
    for (const region of ['eu', 'us']) {
      const summary = await evaluate(
        {
          prompts: ['{{ env.REGION }}/{{ n | tag }}'],
          providers: [slowEcho],
          env: { REGION: region },
          nunjucksFilters: { tag: (value: unknown) => `${region}-${String(value)}` },
          tests: Array.from({ length: 5 }, (_, n) => ({
            vars: { n },
            assert: [{ type: 'equals', value: `{{ env.REGION }}/${region}-${n}` }],
          })),
        },
        { maxConcurrency: 3 },
      );
      expect(summary.results.map((r) => r.response?.output)).toEqual(
        Array.from({ length: 5 }, (_, n) => `${region}/${region}-${n}`),
      );
      expect(summary.stats.successes).toBe(5);
    }
  });

  it('keeps the engine across awaits, restores the outer one after a scope, and is default outside', async () => {
    const outer = new TemplateEngine({ env: { WHO: 'outer' } });
    const inner = new TemplateEngine({ env: { WHO: 'inner' } });
    await withTemplateEngine(outer, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(renderTemplate('{{ env.WHO }}', {})).toBe('outer');
      await withTemplateEngine(inner, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        expect(currentTemplateEngine()).toBe(inner);
      });
      expect(currentTemplateEngine()).toBe(outer);
    });
    expect(() =>
      withTemplateEngine(inner, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    const outside = currentTemplateEngine();
    expect(outside).not.toBe(outer);
    expect(outside).not.toBe(inner);
    expect(renderTemplate('{{ env.WHO }}', {})).toBe(process.env.WHO ?? '');
  });
});
