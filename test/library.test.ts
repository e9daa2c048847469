import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/index.js';
import { tempDir } from './support/cli.js';

describe('library evaluate()', () => {
  it('accepts function prompts, provider objects and functions, and returns ordered results', async () => {
    const dir = tempDir();
    const outputPath = join(dir, 'results.json');
    const seen: number[] = [];
    const result = await evaluate(
      {
        prompts: ['Hello {{name}}', ({ vars }: { vars: Record<string, unknown> }) => `Bye ${String(vars.name)}`],
        providers: [
          { id: () => 'upper', callApi: async (prompt: string) => ({ output: prompt.toUpperCase() }) },
          async (prompt: string) => ({ output: `${prompt}!` }),
        ],
        tests: [
          { vars: { name: 'ada' }, assert: [{ type: 'icontains', value: 'ada' }] },
          { vars: { name: 'bob' }, assert: [{ type: 'javascript', value: "output.endsWith('!')" }] },
        ],
        outputPath,
      },
      { maxConcurrency: 3, progressCallback: (completed) => seen.push(completed) },
    );

    expect(result.results).toHaveLength(8);
    expect(result.results.map((r) => [r.testIdx, r.promptIdx])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    expect(result.results[0]!.response?.output).toBe('HELLO ADA');
    expect(result.results[3]!.response?.output).toBe('Bye ada!');
    // Test 2 only passes on the function provider (output ends with '!').
    expect(result.stats.successes).toBe(6);
    expect(result.stats.failures).toBe(2);
    expect(seen.at(-1)).toBe(8);
    const written = JSON.parse(readFileSync(outputPath, 'utf8'));
    expect(written.results.results).toHaveLength(8);
  });

  it('turns a provider that throws into an error row and keeps going', async () => {
    const result = await evaluate({
      prompts: ['{{x}}'],
      providers: [
        async (prompt: string) => {
          if (prompt === 'boom') throw new Error('kaput');
          return { output: prompt };
        },
      ],
      tests: [{ vars: { x: 'boom' } }, { vars: { x: 'fine' } }],
    });
    expect(result.results[0]!.error).toContain('kaput');
    expect(result.results[0]!.failureReason).toBe(2);
    expect(result.results[1]!.success).toBe(true);
    expect(result.stats.errors).toBe(1);
  });
  it('gives each var combination row a testCase whose vars are that combination, as promptfoo does', async () => {
    const result = await evaluate({
      prompts: ['Hi {{name}}'],
      providers: [async (prompt: string) => ({ output: prompt })],
      tests: [{ vars: { name: ['ada', 'bob'], lang: 'en' } }],
    });
    expect(result.results.map((r) => r.testCase.vars)).toEqual([
      { name: 'ada', lang: 'en' },
      { name: 'bob', lang: 'en' },
    ]);
  });
});
