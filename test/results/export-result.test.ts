import { describe, expect, it } from 'vitest';
import { stringifyResult } from '../../src/results/export-result.js';
import { FailureReason, type EvalResult } from '../../src/results/types.js';
import type { Provider } from '../../src/providers/types.js';

function result(extra: Partial<EvalResult> = {}): EvalResult {
  return {
    id: 'r1',
    cellId: 'c1',
    promptIdx: 0,
    testIdx: 0,
    repeatIndex: 0,
    description: undefined,
    testCase: { vars: { topic: 'cats' }, assert: [{ type: 'contains', value: 'cats' }] },
    promptId: 'p1',
    provider: { id: 'echo' },
    vars: { topic: 'cats' },
    prompt: { raw: 'About cats', label: 'About {{topic}}' },
    response: { output: 'About cats', tokenUsage: { total: 0 } },
    latencyMs: 0,
    failureReason: FailureReason.NONE,
    success: true,
    score: 1,
    namedScores: {},
    tokenUsage: {},
    ...extra,
  };
}

describe('stringifyResult', () => {
  it('writes a plain result exactly as JSON.stringify does, leaving out undefined fields', () => {
    const plain = result();
    expect(stringifyResult(plain)).toBe(JSON.stringify(plain));
    expect(stringifyResult(plain)).not.toContain('description');
    expect(stringifyResult(plain, 2)).toBe(JSON.stringify(plain, null, 2));
  });

  it('still redacts secrets under provider and config keys, anywhere in the result', () => {
    const text = stringifyResult(
      result({
        prompt: { raw: 'x', label: 'x', config: { apiKey: 'sk-live-123', temperature: 0 } },
        testCase: { vars: {}, options: { provider: { id: 'openai:gpt-4o', config: { api_key: 'sk-live-456' } } } },
      }),
    );
    expect(text).not.toContain('sk-live-123');
    expect(text).not.toContain('sk-live-456');
    expect(JSON.parse(text).prompt.config).toEqual({ apiKey: '[REDACTED]', temperature: 0 });
  });

  it('still writes a built provider as its id and label, and a bigint as text', () => {
    const provider: Provider = { id: () => 'custom:thing', label: 'Thing', call: async () => ({ output: '' }) };
    const text = stringifyResult(
      result({ testCase: { vars: {}, provider }, metadata: { count: 12n } as Record<string, unknown> }),
    );
    const parsed = JSON.parse(text);
    expect(parsed.testCase.provider).toEqual({ id: 'custom:thing', label: 'Thing' });
    expect(parsed.metadata).toEqual({ count: '12' });
  });

  it('keeps what toJSON and dates write', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const parsed = JSON.parse(stringifyResult(result({ metadata: { at, custom: { toJSON: () => 'custom' } } })));
    expect(parsed.metadata).toEqual({ at: '2026-01-02T03:04:05.000Z', custom: 'custom' });
  });
});
