// Scrubs a whole value (a result, an event, a cached response) before it is written anywhere:
// every string loses the known secret values, and header maps lose values whose names are secret.

import { isSecretName } from './secret-names.js';
import { knownSecretCount, REDACTED, scrubText } from './secret-registry.js';
import { PathSet } from '../walk/path-set.js';

// Called as hasOwn.call(object, key) inside for...in, a pattern V8 compiles to a map check.
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * `value` with secrets removed. Plain objects and arrays are copied only where something changed,
 * so a clean result costs a walk and no allocation; class instances, functions and cycles are
 * left as they are.
 */
export function scrubValue<T>(value: T): T {
  // With no secret known, strings cannot change: only header maps (secret by name) are looked at.
  return walk(value, false, new PathSet(), knownSecretCount() > 0) as T;
}

function walk(value: unknown, inHeaders: boolean, seen: PathSet, scrubStrings: boolean): unknown {
  if (typeof value === 'string') return scrubStrings ? scrubText(value) : value;
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  if (Array.isArray(value)) {
    seen.add(value);
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = walk(value[i], false, seen, scrubStrings);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    seen.delete(value);
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  seen.add(value);
  let copy: Record<string, unknown> | undefined;
  // for...in with an own-key check visits what Object.keys lists, in its order, without an array
  // of keys (or [key, value] pairs) per object of every result.
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    const item = value[key];
    // Response and request header maps: `x-debug-authorization: Bearer …` is hidden by its name
    // even when the value is one this process never knew.
    const next =
      inHeaders && typeof item === 'string' && isSecretName(key)
        ? REDACTED
        : typeof item !== 'object' || item === null
          ? typeof item === 'string' && scrubStrings
            ? scrubText(item)
            : item
          : walk(item, isHeadersKey(key), seen, scrubStrings);
    if (next !== item) (copy ??= { ...value })[key] = next;
  }
  seen.delete(value);
  return copy ?? value;
}

function isHeadersKey(key: string): boolean {
  return key.length === 7 && key.toLowerCase() === 'headers';
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
