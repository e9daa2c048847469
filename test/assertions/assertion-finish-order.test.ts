// A row's assertions run together; the order they finish in decides the row's reason (the last
// failure to finish) and the order of its named scores. A script assertion takes more turns than a
// text check, so it finishes after it whatever its place in the list; this order is part of every
// output and must not move when the grading code changes.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

describe("the order a row's assertions finish in", () => {
  it('reports the last failure to finish and lists named scores in finishing order', async () => {
    const suite = {
      prompts: ['Say {{word}} and {{other}}'],
      providers: ['echo'],
      tests: [
        {
          vars: { word: 'kiwi', other: 'fig' },
          assert: [
            { type: 'javascript', value: 'false', metric: 'js' },
            { type: 'contains', value: 'zzz', metric: 'text' },
          ],
        },
        {
          vars: { word: 'plum', other: 'lime' },
          assert: [
            { type: 'not-contains', value: 'plum', metric: 'a' },
            { type: 'javascript', value: 'output.length / 100', metric: 'd' },
            { type: 'regex', value: 'x+y', metric: 'c' },
          ],
        },
      ],
    };
    // A handler's first use in a process loads it, which takes turns of its own: the first eval
    // loads them (as the CLI does while the suite loads), the second shows the order of every later row.
    await evaluate(suite, { cache: false });
    const { results } = await evaluate(suite, { cache: false });
    const [first, second] = [...results].sort((x, y) => x.testIdx - y.testIdx);
    expect(first!.error).toBe('Custom function returned false\nfalse');
    expect(Object.keys(first!.namedScores)).toEqual(['text', 'js']);
    expect(second!.error).toBe('Expected output to match regex "x+y"');
    expect(Object.keys(second!.namedScores)).toEqual(['a', 'c', 'd']);
    // Components stay in the order the assertions are listed.
    expect(second!.gradingResult!.componentResults!.map((c) => c.assertion?.type)).toEqual([
      'not-contains',
      'javascript',
      'regex',
    ]);
  });
});
