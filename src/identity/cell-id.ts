// Stable identity for cells and suites: a cell's id is a hash of what it runs (test content, the
// row's vars, prompt, provider id and label, repeat index), so resume, retry, compare and sharding
// can match cells across runs and machines. Pure functions: no clock, no randomness, no I/O.

import { createHash } from 'node:crypto';

export interface CellIdentity {
  /** Hash of the test case's content (see `testContentHash`), computed once per test. */
  testHash: string;
  /** The row's own var combination (a test with list vars has one row per combination). */
  vars: unknown;
  promptRaw: string;
  promptLabel: string;
  providerId: string;
  providerLabel?: string;
  repeatIndex: number;
}

/** A 20-hex-digit (80-bit) id: short enough for URLs and tables, wide enough never to collide in one store. */
export function cellId(identity: CellIdentity): string {
  return shortHash(
    stableStringify([
      'cell/1',
      identity.testHash,
      identity.vars,
      identity.promptRaw,
      identity.promptLabel,
      identity.providerId,
      identity.providerLabel ?? null,
      identity.repeatIndex,
    ]),
  );
}

/**
 * The id of the n-th (n ≥ 1) further cell in one suite that runs exactly what an earlier one runs
 * (a test written twice, a provider listed twice): each still needs an id of its own, and numbering
 * only the copies keeps every other cell's id unchanged.
 */
export function repeatedCellId(firstId: string, occurrence: number): string {
  return shortHash(`${firstId}#${occurrence}`);
}

/** Hash of a test case as written (functions by their source), so an edited test is a new cell. */
export function testContentHash(test: unknown): string {
  return shortHash(stableStringify(test));
}

/**
 * Hash of a suite's shape: the cell ids it plans, in order. Two runs with the same hash plan the
 * same cells, so stored cells of one are meaningful for the other.
 */
export function suiteHash(cellIds: Iterable<string>): string {
  const hash = createHash('sha256');
  hash.update('suite/1');
  for (const id of cellIds) hash.update(`\n${id}`);
  return hash.digest('hex').slice(0, 20);
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** JSON with sorted keys; functions as their source; cycles and built objects cut to a marker. */
export function stableStringify(value: unknown): string {
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
      // A built provider object (class instance) is identified by its id, not its internals.
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
