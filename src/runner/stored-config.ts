// The config as the run records it (the store's start info, JSON/YAML outputs): secrets redacted
// and long text cut. Both walks copy only what they change; this skips the cutting walk, which
// remembers every object it meets, when a quick look finds nothing it would cut.

import { redactSecrets } from '../results/redact.js';
import { capValue } from '../results/storable.js';

/** Past this many values or this depth the quick look gives up and the full walk decides. */
const LOOK_BUDGET = 2_000_000;
const LOOK_DEPTH = 64;

export function storedConfig(config: Record<string, unknown>, maxStoredTextBytes: number): Record<string, unknown> {
  const redacted = redactSecrets(config) as Record<string, unknown>;
  const look = { left: LOOK_BUDGET };
  if (nothingToCut(redacted, maxStoredTextBytes, LOOK_DEPTH, look)) return redacted;
  return capValue(redacted, maxStoredTextBytes).value;
}

/**
 * True when every value is a short string, a number, a boolean, null, undefined or a function,
 * inside plain objects and arrays: capValue would return such a value as it is. Anything else
 * (long text, binary data, toJSON, class instances, deep or huge values, cycles) says false.
 */
function nothingToCut(value: unknown, maxBytes: number, depth: number, look: { left: number }): boolean {
  if (--look.left < 0) return false;
  if (typeof value === 'string') return value.length * 3 <= maxBytes;
  if (value === null || typeof value !== 'object') return true;
  if (depth === 0) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!nothingToCut(item, maxBytes, depth - 1, look)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const key of Object.keys(value)) {
    if (!nothingToCut((value as Record<string, unknown>)[key], maxBytes, depth - 1, look)) return false;
  }
  return true;
}
