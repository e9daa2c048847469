// The one mapping from a stored or live cell (EvalResult or SkippedCell) to what the viewer shows:
// its status, its CellSummary (the matrix cell) and its CellDetail (the details panel). The HTML
// report and the read-only server both use it, so a cell looks the same over HTTP and from file://.

import type { CellDetail, CellStatus, CellSummary } from '../contract.js';
import { FailureReason, type EvalResult, type SkippedCell } from '../../results/types.js';
import { outputText } from '../../results/export-result.js';

/** Characters of output a matrix cell carries by default; the details carry all of it. */
export const DEFAULT_OUTPUT_CUT = 1000;
/** At most this many failure reasons per cell, each cut to REASON_CUT characters (the tooltip). */
const MAX_REASONS = 8;
const REASON_CUT = 500;

/** The store's reading (src/store/store-writer.ts): an error is an error even if it "passed". */
export function cellStatusOf(result: Pick<EvalResult, 'success' | 'failureReason'>): CellStatus {
  if (result.failureReason === FailureReason.ERROR) return 'error';
  return result.success ? 'pass' : 'fail';
}

/** The store's cell id: the deterministic id when the run gave one, else the grid position. */
export function cellIdOf(cell: Pick<EvalResult, 'cellId' | 'testIdx' | 'promptIdx'>): string {
  return cell.cellId ?? `${cell.testIdx}:${cell.promptIdx}`;
}

/** The output as text: strings as they are, structured outputs (tool calls, JSON) as JSON, as every export writes it. */
export const outputTextOf = outputText;

/** provider | grading | runner as the store files it, or the provider's own failure kind when it gave one. */
export function errorKindOf(result: EvalResult): string | undefined {
  if (result.failureReason !== FailureReason.ERROR) return undefined;
  if (result.response?.failure?.kind) return result.response.failure.kind;
  if (result.response?.error) return 'provider';
  if (result.gradingResult && !result.gradingResult.pass) return 'grading';
  return 'runner';
}

/** Why the cell did not pass: the error, or each failed assertion's reason (first ones only). */
export function failureReasonsOf(result: EvalResult): string[] {
  const status = cellStatusOf(result);
  if (status === 'pass') return [];
  const reasons: string[] = [];
  if (status === 'error') reasons.push(result.error ?? result.response?.error ?? 'Unknown error');
  const failed = (result.gradingResult?.componentResults ?? []).filter((c) => !c.pass && c.reason);
  for (const component of failed) reasons.push(component.reason);
  if (reasons.length === 0 && result.gradingResult?.reason) reasons.push(result.gradingResult.reason);
  if (reasons.length === 0 && result.error) reasons.push(result.error);
  return reasons.slice(0, MAX_REASONS).map((reason) => cutText(reason, REASON_CUT).text);
}

export function summariseResult(result: EvalResult, outputCut = DEFAULT_OUTPUT_CUT): CellSummary {
  const status = cellStatusOf(result);
  const output = cutText(outputTextOf(result), outputCut);
  const summary: CellSummary = {
    cellId: cellIdOf(result),
    promptIdx: result.promptIdx,
    testIdx: result.testIdx,
    status,
    output: output.text,
    outputTruncated: output.truncated,
    failureReasons: failureReasonsOf(result),
    attempts: result.attempts ?? 1,
    namedScores: { ...(result.namedScores ?? {}) },
  };
  if (status !== 'error' && Number.isFinite(result.score)) summary.score = result.score;
  if (Number.isFinite(result.latencyMs)) summary.latencyMs = result.latencyMs;
  if (typeof result.cost === 'number' && Number.isFinite(result.cost)) summary.cost = result.cost;
  if (typeof result.tokenUsage?.total === 'number') summary.tokensTotal = result.tokenUsage.total;
  const kind = errorKindOf(result);
  if (kind) summary.errorKind = kind;
  return summary;
}

export function summariseSkipped(cell: SkippedCell): CellSummary {
  return {
    cellId: cellIdOf(cell),
    promptIdx: cell.promptIdx,
    testIdx: cell.testIdx,
    status: 'skipped',
    output: '',
    outputTruncated: false,
    failureReasons: [cutText(cell.reason, REASON_CUT).text],
    errorKind: 'skipped',
    attempts: 0,
    namedScores: {},
  };
}

/** The details panel of a cell: the whole final result. Earlier attempts come from the store when it has them. */
export function detailOfResult(result: EvalResult, earlier: CellDetail['earlier'] = []): CellDetail {
  return { cellId: cellIdOf(result), status: cellStatusOf(result), final: { kind: 'result', result }, earlier };
}

export function detailOfSkipped(cell: SkippedCell): CellDetail {
  return { cellId: cellIdOf(cell), status: 'skipped', final: { kind: 'skipped', cell }, earlier: [] };
}

/** `text` cut to `max` characters (never inside a surrogate pair). */
export function cutText(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  let end = Math.max(0, max);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: text.slice(0, end), truncated: true };
}
