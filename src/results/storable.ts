// Keeps one huge or strange result from costing every output: text longer than the stored-text
// cap is cut with a visible marker, and a result that still cannot be written (too much text in
// total, a getter that throws, nesting deeper than the stack) becomes an error row. Applied once,
// when the runner records a cell, so the counts and every sink see the same row.

import { Buffer } from 'node:buffer';
import { errorMessage } from '../errors.js';
import { isProvider } from '../providers/types.js';
import { FailureReason, type EvalResult, type SkippedCell } from './types.js';
import { PathSet } from '../walk/path-set.js';
import { headerMapsOfLastWalk, longestStringOfLastWalk, markPlainResult, plainTextChars } from './plain-result.js';

/** Default cap on one stored text (prompt, output, var value): 4 MiB of UTF-8. */
export const DEFAULT_MAX_STORED_TEXT_BYTES = 4 * 1024 * 1024;
export const MAX_STORED_TEXT_ENV = 'ASSAY_MAX_STORED_TEXT_BYTES';
// V8 cannot build a string past ~536M characters, and one result is written as one JSON string;
// a quarter of that leaves room for escapes and for text that appears in two places.
const MAX_RESULT_TEXT_CHARS = 128 * 1024 * 1024;
// Called as hasOwn.call(object, key) inside for...in, a pattern V8 compiles to a map check.
const hasOwn = Object.prototype.hasOwnProperty;

/** The cap in bytes: explicit (library option / evaluateOptions) first, then the environment, then the default. */
export function resolveMaxStoredTextBytes(explicit: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (explicit !== undefined && Number.isFinite(explicit) && explicit > 0) return Math.floor(explicit);
  const fromEnv = Number(env[MAX_STORED_TEXT_ENV]);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? Math.floor(fromEnv) : DEFAULT_MAX_STORED_TEXT_BYTES;
}

/** `text` cut to at most `maxBytes` bytes of UTF-8 plus a marker saying what was cut, or `text` itself. */
export function capText(text: string, maxBytes: number): string {
  // A UTF-16 unit is at most 3 bytes of UTF-8, so short strings need no measuring.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return text;
  const head = Buffer.from(text.slice(0, maxBytes), 'utf8');
  let end = Math.min(maxBytes, head.length);
  // Back off to the start of a character so the kept part is valid UTF-8.
  while (end > 0 && end < head.length && (head[end]! & 0xc0) === 0x80) end--;
  return `${head.toString('utf8', 0, end)}\n…[truncated by Assay: ${bytes} bytes, first ${end} kept; raise ${MAX_STORED_TEXT_ENV} or evaluateOptions.maxStoredTextBytes to keep more]`;
}

/**
 * `value` with every string over the cap cut, copying only the objects on the way to a cut one
 * (the caller's objects are never changed). Throws what serialising would throw (a getter or
 * toJSON that throws, nesting too deep); `textChars` counts the text the value will write.
 */
export function capValue<T>(value: T, maxBytes: number): { value: T; textChars: number } {
  const walk = new CapWalk(maxBytes);
  return { value: walk.visit(value) as T, textChars: walk.textChars };
}

class CapWalk {
  textChars = 0;
  // An object met again while still being visited is a cycle, left for the writer to cut.
  private readonly path = new PathSet();
  // Shared objects (a row's vars appear in several places) that had to be copied get the same
  // copy wherever they appear; objects left as they are need no entry (most results: none).
  private copies: Map<object, unknown> | undefined;

  constructor(private readonly maxBytes: number) {}

  visit(value: unknown): unknown {
    if (typeof value === 'string') {
      const capped = capText(value, this.maxBytes);
      this.textChars += capped.length;
      return capped;
    }
    if (value === null || typeof value !== 'object') return value;
    if (this.path.has(value)) return value;
    const copied = this.copies?.get(value);
    if (copied !== undefined) return copied;
    // Providers are written as { id, label }.
    if (isProvider(value)) return value;
    // Binary data is written as a list of numbers, about four characters a byte.
    if (ArrayBuffer.isView(value)) {
      if (value.byteLength <= this.maxBytes) {
        this.textChars += value.byteLength * 4;
        return value;
      }
      return `…[${value.byteLength} bytes of binary data not stored by Assay: over the ${this.maxBytes}-byte cap]`;
    }
    this.path.add(value);
    let out: unknown;
    try {
      out = this.visitObject(value);
    } finally {
      this.path.delete(value);
    }
    if (out !== value) (this.copies ??= new Map()).set(value, out);
    return out;
  }

  private visitObject(value: object): unknown {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      // What the writer will call; a throw here would have lost the whole output file.
      const json: unknown = toJSON.call(value);
      const capped = this.visit(json);
      return capped === json ? value : capped;
    }
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const capped = this.visitItem(item);
        if (capped !== item) (copy ??= value.slice())[i] = capped;
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    // for...in with an own-key check visits what Object.keys lists, in its order, without an
    // array of keys per object of every result.
    for (const key in value) {
      if (!hasOwn.call(value, key)) continue;
      const item: unknown = (value as Record<string, unknown>)[key];
      const capped = this.visitItem(item);
      if (capped !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = capped;
    }
    return copy ?? value;
  }

  // Numbers, booleans and short strings (most of a result) need no call into visit.
  private visitItem(item: unknown): unknown {
    if (typeof item === 'string' && item.length * 3 <= this.maxBytes) {
      this.textChars += item.length;
      return item;
    }
    return item === null || (typeof item !== 'object' && typeof item !== 'string') ? item : this.visit(item);
  }
}

/**
 * The result as it is stored: long text cut to `maxBytes`, or an error row saying why it could
 * not be stored at all. The grading already happened on the full text.
 */
export function storableResult(result: EvalResult, maxBytes: number): EvalResult {
  try {
    // Most results are plain data with short text: one walk finds nothing to cut and, marked
    // plain, the writers serialise them without walking them again (plain-result.ts).
    const plainChars = plainTextChars(result, maxBytes / 3);
    if (plainChars >= 0 && plainChars <= MAX_RESULT_TEXT_CHARS) {
      markPlainResult(result, longestStringOfLastWalk(), headerMapsOfLastWalk());
      return result;
    }
  } catch {
    // A getter that throws: the walk below makes the error row.
  }
  try {
    const { value, textChars } = capValue(result, maxBytes);
    if (textChars <= MAX_RESULT_TEXT_CHARS) return value;
    return unstorableRow(
      result,
      `it holds ${textChars} characters of text even with each text cut to ${maxBytes} bytes`,
      maxBytes,
    );
  } catch (err) {
    return unstorableRow(result, errorMessage(err), maxBytes);
  }
}

/** A skipped cell as it is stored: its vars capped like a result's, or left out if they cannot be written. */
export function storableSkippedCell(cell: SkippedCell, maxBytes: number): SkippedCell {
  try {
    return capValue(cell, maxBytes).value;
  } catch {
    return {
      ...cell,
      description: undefined,
      vars: {},
      prompt: { raw: '', label: capText(String(cell.prompt.label), 4096) },
    };
  }
}

/** An error row in place of a result that cannot be written: where it was, and why. */
export function unstorableRow(result: EvalResult, why: string, maxBytes = DEFAULT_MAX_STORED_TEXT_BYTES): EvalResult {
  const text = (value: unknown) => (typeof value === 'string' ? capText(value, Math.min(maxBytes, 4096)) : undefined);
  const usage = result.tokenUsage ?? {};
  return {
    id: String(result.id),
    promptIdx: result.promptIdx,
    testIdx: result.testIdx,
    repeatIndex: result.repeatIndex,
    description: text(result.description),
    testCase: { description: text(result.description) },
    promptId: String(result.promptId),
    provider: { id: text(result.provider?.id) ?? 'unknown', label: text(result.provider?.label) },
    prompt: { raw: '', label: text(result.prompt?.label) ?? '' },
    vars: {},
    error: `The result could not be stored: ${text(why)}. Its vars, prompt and output are left out; every other result is kept.`,
    failureReason: FailureReason.ERROR,
    success: false,
    score: 0,
    latencyMs: Number.isFinite(result.latencyMs) ? result.latencyMs : 0,
    namedScores: {},
    cost: typeof result.cost === 'number' ? result.cost : undefined,
    tokenUsage: {
      prompt: usage.prompt,
      completion: usage.completion,
      total: usage.total,
      cached: usage.cached,
      numRequests: usage.numRequests,
    },
  };
}
