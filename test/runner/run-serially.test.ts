import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

describe('options.runSerially', () => {
  it('runs those tests first, one at a time and in order, and keeps their rows in place', async () => {
    const calls: string[] = [];
    let inFlight = 0;
    let maxSerialInFlight = 0;
    const result = await evaluate(
      {
        prompts: ['{{ name }}'],
        providers: [
          async (prompt: string) => {
            inFlight++;
            if (prompt.startsWith('serial')) maxSerialInFlight = Math.max(maxSerialInFlight, inFlight);
            calls.push(prompt);
            await new Promise((resolve) => setTimeout(resolve, 10));
            inFlight--;
            return { output: prompt };
          },
        ],
        tests: [
          { vars: { name: 'parallel-a' } },
          { vars: { name: 'serial-1' }, options: { runSerially: true } },
          { vars: { name: 'parallel-b' } },
          { vars: { name: 'serial-2' }, options: { runSerially: true } },
        ],
      },
      { maxConcurrency: 4, cache: false },
    );
    expect(calls.slice(0, 2)).toEqual(['serial-1', 'serial-2']);
    expect(maxSerialInFlight).toBe(1);
    expect(result.results.map((r) => r.response?.output)).toEqual(['parallel-a', 'serial-1', 'parallel-b', 'serial-2']);
  });
});
