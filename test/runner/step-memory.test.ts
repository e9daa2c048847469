import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

describe('cells that depend on earlier cells', () => {
  it('storeOutputAs saves an output as a var for the tests after it', async () => {
    const result = await evaluate(
      {
        prompts: ['{{ question }}'],
        providers: [async (prompt: string) => ({ output: prompt.startsWith('name?') ? 'Ada' : `Hello ${prompt}` })],
        tests: [
          { vars: { question: 'name?' }, options: { storeOutputAs: 'name' } },
          { vars: { question: '{{ name }}' }, assert: [{ type: 'equals', value: 'Hello Ada' }] },
        ],
      },
      { maxConcurrency: 8, cache: false },
    );
    expect(result.results[1]!.response?.output).toBe('Hello Ada');
    expect(result.stats.successes).toBe(2);
  });

  it('_conversation gives each prompt the earlier turns of its column', async () => {
    const seen: string[] = [];
    const result = await evaluate(
      {
        prompts: ['{% for turn in _conversation %}[{{ turn.input }} -> {{ turn.output }}] {% endfor %}{{ message }}'],
        providers: [
          async (prompt: string) => {
            seen.push(prompt);
            return { output: `re: ${prompt.split('] ').pop()}` };
          },
        ],
        tests: [{ vars: { message: 'hi' } }, { vars: { message: 'how are you' } }, { vars: { message: 'bye' } }],
      },
      { maxConcurrency: 8, cache: false },
    );
    expect(result.results).toHaveLength(3);
    expect(seen[0]).toBe('hi');
    expect(seen[1]).toBe('[hi -> re: hi] how are you');
    expect(seen[2]).toContain('[hi -> re: hi] [');
    expect(seen[2]!.endsWith('bye')).toBe(true);
  });
});
