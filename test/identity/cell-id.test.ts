// Cell identity: the same cell in another run gets the same id; anything it runs that changes
// gives a new one.

import { describe, expect, it } from 'vitest';
import { cellId, suiteHash, testContentHash } from '../../src/identity/cell-id.js';

const base = {
  testHash: testContentHash({ vars: { q: 'hi' }, assert: [{ type: 'contains', value: 'x' }] }),
  vars: { q: 'hi' },
  promptRaw: 'Say {{q}}',
  promptLabel: 'p1',
  providerId: 'echo',
  providerLabel: undefined,
  repeatIndex: 0,
};

describe('cellId', () => {
  it('is the same for the same content, whatever the key order', () => {
    expect(cellId(base)).toBe(cellId({ ...base }));
    expect(testContentHash({ a: 1, b: { c: 2, d: 3 } })).toBe(testContentHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(cellId(base)).toMatch(/^[0-9a-f]{20}$/);
  });

  it('changes when the test, vars, prompt, provider, label or repeat index changes', () => {
    const variants = [
      { testHash: testContentHash({ vars: { q: 'hi' }, assert: [{ type: 'contains', value: 'y' }] }) },
      { vars: { q: 'bye' } },
      { promptRaw: 'Say {{q}}!' },
      { promptLabel: 'p2' },
      { providerId: 'openai:gpt-4o' },
      { providerLabel: 'fast' },
      { repeatIndex: 1 },
    ];
    const ids = new Set([cellId(base), ...variants.map((change) => cellId({ ...base, ...change }))]);
    expect(ids.size).toBe(variants.length + 1);
  });

  it('hashes functions in a test by their source', () => {
    expect(testContentHash({ assert: [{ type: 'javascript', value: () => true }] })).not.toBe(
      testContentHash({ assert: [{ type: 'javascript', value: () => false }] }),
    );
  });

  it('suite hash depends on the planned cells and their order', () => {
    expect(suiteHash(['a', 'b'])).toBe(suiteHash(['a', 'b']));
    expect(suiteHash(['a', 'b'])).not.toBe(suiteHash(['b', 'a']));
    expect(suiteHash(['a'])).not.toBe(suiteHash(['a', 'b']));
  });
});
