// guardrails, is-refusal and finish-reason on what the Databricks provider reports from the
// emulator's AI Gateway endpoint `assay-guarded-endpoint` (PII and the keyword SuperSecretProject block).

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

describe('guardrail results from a Databricks AI Gateway endpoint', () => {
  it('flags prompts with an email address or the blocked keyword; clean prompts pass', async () => {
    const result = await evaluate(
      {
        env: emulators.env(),
        prompts: ['{{ q }}'],
        providers: ['databricks:assay-guarded-endpoint'],
        tests: [
          {
            vars: { q: 'Email john@example.com about the meeting' },
            assert: [{ type: 'guardrails' }, { type: 'is-refusal' }],
          },
          { vars: { q: 'Tell me about SuperSecretProject' }, assert: [{ type: 'not-guardrails' }] },
          {
            vars: { q: 'Tell me about SuperSecretProject' },
            assert: [{ type: 'guardrails', config: { purpose: 'redteam' } }],
          },
          {
            vars: { q: 'Tell me about Paris' },
            assert: [{ type: 'guardrails' }, { type: 'not-is-refusal' }, { type: 'finish-reason', value: 'stop' }],
          },
        ],
      },
      { cache: false },
    );
    const [email, keyword, redteam, clean] = result.results;
    expect(email!.response?.guardrails).toMatchObject({ flagged: true, flaggedInput: true });
    expect(email!.response?.isRefusal).toBe(true);
    expect(email!.gradingResult!.componentResults!.map((c) => c.pass)).toEqual([false, true]);
    expect(email!.gradingResult!.componentResults![0]!.reason).toMatch(/prompt was flagged.*PII/);
    expect(keyword!.success).toBe(true);
    expect(redteam!.success).toBe(true);
    expect(clean!.success).toBe(true);
    expect(result.stats.errors).toBe(0);
  });
});
