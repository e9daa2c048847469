import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators } from '../../src/emulator/index.js';
import type { RunningEmulators } from '../../src/emulator/types.js';
import { evaluate } from '../../src/index.js';

let emulators: RunningEmulators;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => {
  await emulators.close();
});

const grader = () => ({
  id: 'openai:chat:gpt-4.1-mini',
  config: { apiBaseUrl: `${emulators.openai.url}/v1`, apiKey: emulators.env().OPENAI_API_KEY },
});

describe('comparison assertions run once a row is complete', () => {
  it('select-best picks one winner across three providers with a real grader call', async () => {
    const replies = [
      'Bananas are yellow.',
      'Bananas are rich in potassium and fibre, a healthy snack.',
      'I like trains.',
    ];
    const result = await evaluate(
      {
        prompts: ['Tell me about {{topic}}'],
        providers: replies.map((reply, i) => ({ id: () => `fixed-${i}`, callApi: async () => ({ output: reply }) })),
        tests: [
          {
            vars: { topic: 'bananas' },
            assert: [
              { type: 'select-best', value: 'mentions potassium and fibre as a healthy snack', provider: grader() },
            ],
          },
        ],
      },
      { cache: false },
    );
    expect(result.results.map((r) => r.success)).toEqual([false, true, false]);
    expect(result.stats.successes).toBe(1);
    expect(result.stats.failures).toBe(2);
    // The grader's tokens are counted apart from the providers'.
    expect(result.stats.graderTokenUsage.total).toBeGreaterThan(0);
    expect(emulators.openai.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(1);
  });

  it('an llm-rubric grader that cannot be reached fails the assertion and the run goes on', async () => {
    const result = await evaluate(
      {
        prompts: ['{{q}}'],
        providers: [async (prompt: string) => ({ output: `answer to ${prompt}` })],
        tests: [
          {
            vars: { q: 'one' },
            assert: [
              {
                type: 'llm-rubric',
                value: 'is an answer',
                provider: {
                  id: 'openai:chat:gpt-4.1-mini',
                  config: { apiBaseUrl: 'http://127.0.0.1:9/v1', apiKey: 'x', maxRetries: 0 },
                },
              },
            ],
          },
          { vars: { q: 'two' }, assert: [{ type: 'contains', value: 'two' }] },
        ],
      },
      { cache: false },
    );
    expect(result.results[0]!.success).toBe(false);
    expect(result.results[0]!.failureReason).toBe(1);
    expect(result.results[0]!.error).toMatch(/grader|connect|ECONNREFUSED/i);
    expect(result.results[1]!.success).toBe(true);
  });
});
