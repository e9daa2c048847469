// Stable identity for cells and suites: a cell's id is a hash of what it runs (test content, the
// row's vars, prompt, provider id and label, repeat index), so resume, retry, compare and sharding
// can match cells across runs and machines. Pure functions: no clock, no randomness, no I/O.

import { createHash, hash } from 'node:crypto';
import { PathSet } from '../walk/path-set.js';

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
  return cellIdFromParts(
    identity.testHash,
    stableStringify(identity.vars),
    columnIdentityJson(identity.promptRaw, identity.promptLabel, identity.providerId, identity.providerLabel),
    identity.repeatIndex,
  );
}

/**
 * The part of a cell's identity that one column (prompt × provider) shares by all its cells, as the
 * JSON it contributes to the hashed array. The runner works it out once per column, not per cell.
 */
export function columnIdentityJson(
  promptRaw: string,
  promptLabel: string,
  providerId: string,
  providerLabel: string | undefined,
): string {
  return [promptRaw, promptLabel, providerId, providerLabel ?? null].map(stableStringify).join(',');
}

/**
 * `cellId` from its parts, `varsJson` being `stableStringify(vars)` (shared by a row's cells). The
 * text hashed is exactly `stableStringify` of the identity array, so ids never change.
 */
export function cellIdFromParts(testHash: string, varsJson: string, columnJson: string, repeatIndex: number): string {
  return shortHash(`["cell/1",${JSON.stringify(testHash)},${varsJson},${columnJson},${JSON.stringify(repeatIndex)}]`);
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
  // Hashed in chunks of ~1000 ids (the digest of the joined text is the same): one call per id
  // was 100,000 calls into the hash for a 100,000-cell suite.
  let text = 'suite/1';
  for (const id of cellIds) {
    text += `\n${id}`;
    if (text.length >= 20_000) {
      hash.update(text);
      text = '';
    }
  }
  hash.update(text);
  return hash.digest('hex').slice(0, 20);
}

export function shortHash(text: string): string {
  // The one-shot hash skips building a Hash object per call (node >= 20.12).
  return hash('sha256', text, 'hex').slice(0, 20);
}

/** JSON with sorted keys; functions as their source; cycles and built objects cut to a marker. */
export function stableStringify(value: unknown): string {
  // Written straight to text (no sorted copy of every object, then JSON.stringify over it): this
  // runs for every cell of every run. The output is byte for byte what that copy would give.
  return writeStable(value, new PathSet()) ?? 'null';
}

// Keys V8 enumerates first, in numeric order, whatever order they were added in.
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
const isIndexKey = (key: string): boolean => {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && INDEX_KEY.test(key) && Number(key) < 4294967295;
};

/** The JSON text of `v`, or undefined where JSON.stringify would leave the value out (a symbol). */
function writeStable(v: unknown, seen: PathSet): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
    case 'boolean':
      return JSON.stringify(v);
    case 'undefined':
      return 'null';
    case 'function':
      return JSON.stringify(`function:${v.toString()}`);
    case 'bigint':
      return JSON.stringify(`bigint:${v.toString()}`);
    case 'symbol':
      return undefined;
  }
  if (v === null) return 'null';
  const object = v as object;
  if (seen.has(object)) return '"[cycle]"';
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      let text = '[';
      for (let i = 0; i < object.length; i++) {
        // A hole or a symbol is null in an array, as JSON.stringify writes it.
        const item = i in object ? writeStable(object[i], seen) : 'null';
        text += `${i === 0 ? '' : ','}${item ?? 'null'}`;
      }
      return `${text}]`;
    }
    if (Buffer.isBuffer(object)) return JSON.stringify(`buffer:${createHash('sha256').update(object).digest('hex')}`);
    const proto = Object.getPrototypeOf(object);
    // A built provider object (class instance) is identified by its id, not its internals.
    if (proto !== Object.prototype && proto !== null) {
      const id = (object as { id?: unknown }).id;
      return JSON.stringify(
        typeof id === 'function'
          ? `object:${String((id as () => unknown).call(object))}`
          : `object:${proto?.constructor?.name ?? 'unknown'}`,
      );
    }
    // Sorted keys, except that integer-like keys come first in numeric order (as they would in any
    // object the sorted keys were copied into). `__proto__` could not be copied, so it is left out.
    const keys = Object.keys(object);
    let indexKeys = 0;
    while (indexKeys < keys.length && isIndexKey(keys[indexKeys]!)) indexKeys++;
    sortKeysFrom(keys, indexKeys);
    let text = '{';
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key === '__proto__') continue;
      const item = (object as Record<string, unknown>)[key];
      if (item === undefined) continue;
      const written = writeStable(item, seen);
      if (written === undefined) continue;
      text += first ? quotedKey(key) + written : `,${quotedKey(key)}${written}`;
      first = false;
    }
    return `${text}}`;
  } finally {
    seen.delete(object);
  }
}

/**
 * Sorts `keys[from..]` in place as Array#sort would (UTF-16 code units). Objects here have a few
 * keys: an insertion sort allocates nothing, where Array#sort copies the array for every object.
 */
function sortKeysFrom(keys: string[], from: number): void {
  if (keys.length - from > 32) {
    const sorted = keys.slice(from).sort();
    for (let i = 0; i < sorted.length; i++) keys[from + i] = sorted[i]!;
    return;
  }
  for (let i = from + 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= from && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
}

// `"key":` for the keys met so far: the same few keys (vars, assert, type, value...) recur in every
// test and cell, so each is quoted once instead of once per object. Bounded for odd inputs.
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 10_000;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    if (quotedKeys.size >= MAX_QUOTED_KEYS) quotedKeys.clear();
    quoted = `${JSON.stringify(key)}:`;
    quotedKeys.set(key, quoted);
  }
  return quoted;
}
