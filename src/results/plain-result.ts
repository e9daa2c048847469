// Tells which results are plain data that serialise exactly as V8's JSON.stringify writes them
// (no provider instance, no toJSON, no secret to redact, no text over the stored-text cap), with
// one walk when the runner records a cell: the same walk answers storable.ts (nothing to cut) and
// export-result.ts (no replacer needed), so neither walks the result again.

import { redactSecrets } from './redact.js';

// Keys whose values are (or hold) provider configuration, which may carry credentials.
export const PROVIDER_KEYS = new Set(['provider', 'providers', 'grader', 'config', 'env']);

/** Depth past which a value is left to the replacer (which also copes with cycles). */
const MAX_PLAIN_DEPTH = 32;

// The walk's running state, in module variables rather than an object per walk (one walk per cell).
let textChars = 0;
let longestString = 0;
let maxStringChars = Number.POSITIVE_INFINITY;
let headerMaps = false;

/**
 * The number of characters of text (string values, not keys) under `value` if export-result.ts's
 * replacer would return every value under it as it is and no string is longer than
 * `longestAllowed`; otherwise -1. Plain means only plain objects and arrays (no class instances, no
 * toJSON, no functions, no bigints) and nothing under a provider key that redactSecrets would
 * change. Conservative: any doubt answers -1. Throws what a getter under `value` throws.
 */
export function plainTextChars(value: object, longestAllowed = Number.POSITIVE_INFINITY): number {
  textChars = 0;
  longestString = 0;
  maxStringChars = longestAllowed;
  headerMaps = false;
  return isPlain(value, 0) ? textChars : -1;
}

/** The length of the longest string met by the last plainTextChars walk that answered plain. */
export function longestStringOfLastWalk(): number {
  return longestString;
}

function isPlain(value: object, depth: number): boolean {
  if (depth > MAX_PLAIN_DEPTH) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'string') {
        if (item.length > maxStringChars) return false;
        if (item.length > longestString) longestString = item.length;
        textChars += item.length;
      } else if (typeof item === 'object') {
        if (item !== null && !isPlain(item, depth + 1)) return false;
      } else if (typeof item === 'bigint' || typeof item === 'function') return false;
    }
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  // for...in also meets inherited enumerable keys, which JSON skips: they can only make this more careful.
  for (const key in value) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item === 'string') {
      if (item.length > maxStringChars) return false;
      if (item.length > longestString) longestString = item.length;
      textChars += item.length;
    } else if (typeof item === 'object') {
      if (item === null) continue;
      if (PROVIDER_KEYS.has(key) && redactSecrets(item) !== item) return false;
      // The scrub walk (redaction/scrub-value.ts) looks inside these for secret-named headers.
      if (key.length === 7 && key.toLowerCase() === 'headers') headerMaps = true;
      if (!isPlain(item, depth + 1)) return false;
    } else if (typeof item === 'bigint' || typeof item === 'function') return false;
  }
  return true;
}

/** Whether the last plainTextChars walk that answered plain met an object under a `headers` key (any case). */
export function headerMapsOfLastWalk(): boolean {
  return headerMaps;
}

// Results found plain when recorded (storable.ts), with their longest string's length, negated
// (as -1 - length) when the result holds a header map: one number per result, no object. Results
// are not changed after they are reported, except for a retried cell's `attempts` count (a
// number, which keeps them plain and adds no string).
const plainResults = new WeakMap<object, number>();

export function markPlainResult(result: object, longestString: number, withHeaderMaps = true): void {
  plainResults.set(result, withHeaderMaps ? -1 - longestString : longestString);
}

/** The length of the longest string in a result found plain when recorded, or undefined. */
export function plainLongestString(result: object): number | undefined {
  const marked = plainResults.get(result);
  return marked === undefined || marked >= 0 ? marked : -1 - marked;
}

/**
 * True for a result found plain when recorded without any header map: with no secret value
 * known, scrubbing it (scrub-value.ts) would hand it back unchanged, so it need not be walked.
 */
export function plainWithoutHeaderMaps(result: object): boolean {
  const marked = plainResults.get(result);
  return marked !== undefined && marked >= 0;
}

/** True when `value` was found plain when recorded, or is plain now. */
export function replacerKeepsAll(value: object): boolean {
  return plainResults.has(value) || plainTextChars(value) >= 0;
}
