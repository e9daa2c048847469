// Results found plain when recorded skip the scrub walk while no secret value is known; one that
// holds a header map must still be walked, so a secret-named header is hidden by its name alone.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

describe('scrubbing plain results', () => {
  it('hides a secret-named response header with no secret value known, and keeps the rest as it is', async () => {
    const provider = {
      id: () => 'headers-echo',
      callApi: async (prompt: string) => ({
        output: prompt,
        metadata: {
          http: { status: 200, headers: { 'x-debug-authorization': 'Bearer never-registered', 'x-request-id': 'r-1' } },
        },
      }),
    };
    const result = await evaluate(
      {
        prompts: ['say {{ word }}'],
        providers: [provider as never, 'echo'],
        tests: [{ vars: { word: 'apple' }, assert: [{ type: 'contains', value: 'apple' }] }],
      },
      { cache: false },
    );
    const rows = result.results;
    const fromCustom = rows.find((row) => row.provider.id === 'headers-echo')!;
    const fromEcho = rows.find((row) => row.provider.id === 'echo')!;
    const headers = (fromCustom.response!.metadata as { http: { headers: Record<string, string> } }).http.headers;
    expect(headers['x-debug-authorization']).toBe('[REDACTED]');
    expect(headers['x-request-id']).toBe('r-1');
    expect(fromCustom.success).toBe(true);
    expect(fromEcho.response?.output).toBe('say apple');
    expect(fromEcho.success).toBe(true);
  });
});
