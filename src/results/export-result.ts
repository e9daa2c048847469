// How a result is written to files: secret-free JSON (providers built in code reduced to their
// id, secrets in provider configs redacted) plus the text shown for a cell in tables and reports.

import type { EvalResult, SkippedCell } from './types.js';
import { cellStatus, type CellStatus } from './metrics.js';
import { isProvider } from '../providers/types.js';
import { providerSummary, redactSecrets } from './redact.js';
import { unstorableRow } from './storable.js';
import { PROVIDER_KEYS, replacerKeepsAll } from './plain-result.js';
import { errorMessage } from '../errors.js';

function replacer(this: unknown, key: string, value: unknown): unknown {
  // Most values of a result are strings and numbers: out first.
  if (typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (value === null) return value;
  if (isProvider(value)) return providerSummary(value);
  if (PROVIDER_KEYS.has(key) && value !== null && typeof value === 'object') return redactSecrets(value);
  return value;
}

// The compact text of results serialised so far (the store's writer asks first, as each result
// arrives; the JSONL and JSON sinks ask again once the store has committed it): one serialisation
// serves every output. Results are not changed after they are reported.
const compactTexts = new WeakMap<EvalResult, string>();

/** The result as one JSON document (compact unless `indent` is given). */
export function stringifyResult(result: EvalResult, indent?: number): string {
  if (indent !== undefined) return serialise(result, indent);
  return compactTexts.get(result) ?? serialise(result);
}

/** stringifyResult's compact text, kept for the outputs that will ask for the same result next. */
export function stringifyResultOnce(result: EvalResult): string {
  const text = stringifyResult(result);
  compactTexts.set(result, text);
  return text;
}

function serialise(result: EvalResult, indent?: number): string {
  try {
    // Most results are plain data the replacer would hand back unchanged at every node: V8's own
    // serialiser then writes them without a call into JavaScript per value (the same text).
    if (replacerKeepsAll(result)) return JSON.stringify(result, undefined, indent);
    return JSON.stringify(result, replacer, indent);
  } catch {
    // A cycle or a throwing toJSON in provider metadata must not lose the result: the slower
    // walk cuts cycles (and redacts every secret-named key on the way).
    try {
      return JSON.stringify(redactSecrets(result), replacer, indent);
    } catch (err) {
      // Last resort (the runner already turns unwritable results into error rows): one row, not the file.
      return JSON.stringify(unstorableRow(result, errorMessage(err)), replacer, indent);
    }
  }
}

/** A cell that never ran, as one JSON document marked `"skipped": true` (same redaction as a result). */
export function stringifySkipped(cell: SkippedCell): string {
  return JSON.stringify({ skipped: true, success: false, ...cell }, replacer);
}

/** Any value as secret-free JSON, e.g. the config embedded in an output file. */
export function stringifySafe(value: unknown, indent?: number): string {
  return JSON.stringify(redactSecrets(value), replacer, indent) ?? 'null';
}

/** The output as text: strings as they are, structured outputs as JSON. */
export function outputText(result: EvalResult): string {
  const output = result.response?.output;
  if (output === undefined || output === null) return '';
  if (typeof output === 'string') return output;
  try {
    return JSON.stringify(output) ?? String(output);
  } catch {
    return String(output);
  }
}

export function errorText(result: EvalResult): string {
  return result.error ?? result.response?.error ?? 'Unknown error';
}

/** Why the cell did not pass ('' for passes). */
export function failureText(result: EvalResult): string {
  const status = cellStatus(result);
  if (status === 'PASS') return '';
  if (status === 'ERROR') return errorText(result);
  return result.gradingResult?.reason ?? result.error ?? '';
}

/** A var's value as one line of text (objects as JSON). */
export function varText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

export function providerLabel(result: EvalResult): string {
  return result.provider.label || result.provider.id;
}

export function isCached(result: EvalResult): boolean {
  return result.response?.cached === true;
}

export { cellStatus, type CellStatus };
