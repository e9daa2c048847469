// Cell identity: the same cell in another run gets the same id; anything it runs that changes
// gives a new one.

import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  cellId,
  cellIdFromParts,
  columnIdentityJson,
  stableStringify,
  suiteHash,
  testContentHash,
} from '../../src/identity/cell-id.js';

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

// The text hashed before ids were computed by the runner's fast path: a sorted copy of the value,
// then JSON.stringify. Stored evals hold ids made this way, so the fast path must hash the same text.
function referenceStableStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'function') return `function:${v.toString()}`;
    if (typeof v === 'bigint') return `bigint:${v.toString()}`;
    if (v === undefined) return null;
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[cycle]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map(walk);
      if (Buffer.isBuffer(v)) return `buffer:${createHash('sha256').update(v).digest('hex')}`;
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        const id = (v as { id?: unknown }).id;
        return typeof id === 'function'
          ? `object:${String((id as () => unknown).call(v))}`
          : `object:${proto?.constructor?.name ?? 'unknown'}`;
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const item = (v as Record<string, unknown>)[key];
        if (item !== undefined) out[key] = walk(item);
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return JSON.stringify(walk(value)) ?? 'null';
}

describe('stableStringify', () => {
  class Built {
    id() {
      return 'built:1';
    }
  }
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic.self = cyclic;
  const shared = { s: 1 };
  // biome-ignore lint/suspicious/noSparseArray: a hole is one of the shapes compared
  const sparse = [1, , 3];
  const values: unknown[] = [
    undefined,
    null,
    'text "quoted" \u2028 \ud800',
    0,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    12.5,
    true,
    10n,
    Symbol('s'),
    () => 1,
    { b: 1, a: [1, 'x', undefined, null, Symbol('t'), () => 2], c: undefined, d: Symbol('u') },
    { 10: 'ten', 2: 'two', b: 'bee', 1: 'one', a: 'ay', '01': 'zero-one', 4294967295: 'big', [-1]: 'neg' },
    JSON.parse('{"__proto__": {"x": 1}, "y": 2}'),
    Object.assign(Object.create(null), { z: 1, y: { q: [] } }),
    { when: new Date(0), built: new Built(), map: new Map([[1, 2]]), bytes: new Uint8Array([1, 2]) },
    { buf: Buffer.from('abc') },
    cyclic,
    [shared, shared, { inner: shared }],
    sparse,
    { toJSON: () => 'not called', other: { toJSON: 'plain' } },
    { vars: { question: 'What is fact number 7 about lakehouses?', list: ['a', 'b'] } },
  ];

  it('writes the same text as a sorted copy passed to JSON.stringify', () => {
    for (const value of values) expect(stableStringify(value)).toBe(referenceStableStringify(value));
  });

  it('gives cell ids from parts equal to cellId', () => {
    const vars = { q: 'hi', n: 3 };
    const id = cellIdFromParts(
      base.testHash,
      stableStringify(vars),
      columnIdentityJson('Say {{q}}', 'p1', 'echo', 'fast'),
      2,
    );
    expect(id).toBe(cellId({ ...base, vars, providerLabel: 'fast', repeatIndex: 2 }));
    expect(cellId(base)).toBe(
      createHash('sha256')
        .update(referenceStableStringify(['cell/1', base.testHash, base.vars, 'Say {{q}}', 'p1', 'echo', null, 0]))
        .digest('hex')
        .slice(0, 20),
    );
  });
});
