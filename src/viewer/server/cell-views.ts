// A stored cell as the matrix shows it (status, score, the output cut for size, failure reasons,
// metrics) and as the details panel shows it (the full result plus every earlier attempt).

import type { GradingResult } from '../../assertions/types.js';
import type { EvalResult, SkippedCell } from '../../results/types.js';
import { CELL_KEY, findCellPosition } from '../../store/cell-lookup.js';
import { PayloadCodec } from '../../store/payload.js';
import type { CellDetail, CellStatus, CellSummary } from '../contract.js';
import { HttpError } from './http-guard.js';
import type { ReadStore } from './read-store.js';

/** A cell row as read from the store: the indexed columns and the decoded body. */
export interface StoredCellRow {
  cellId: string;
  attempt: number;
  status: CellStatus;
  body: EvalResult | SkippedCell;
}

/** The output as text: strings as they are, structured outputs (tool calls, JSON) as indented JSON. */
export function outputText(result: EvalResult | SkippedCell | undefined): string {
  const output = (result as EvalResult | undefined)?.response?.output;
  if (output === undefined || output === null) return '';
  if (typeof output === 'string') return output;
  try {
    return JSON.stringify(output, null, 2) ?? '';
  } catch {
    return String(output);
  }
}

function failureReasons(status: CellStatus, result: EvalResult | SkippedCell): string[] {
  if (status === 'skipped') return [(result as SkippedCell).reason].filter(Boolean);
  const r = result as EvalResult;
  if (status === 'error') return [r.error ?? r.response?.error ?? 'error'].filter(Boolean) as string[];
  if (status !== 'fail') return [];
  const failed = (r.gradingResult?.componentResults ?? []).filter((c: GradingResult) => !c.pass);
  const reasons = failed.map((c) => c.reason).filter((reason) => typeof reason === 'string' && reason !== '');
  if (reasons.length === 0 && r.gradingResult?.reason) reasons.push(r.gradingResult.reason);
  return reasons;
}

export function cellSummary(row: StoredCellRow, outputCut: number): CellSummary {
  const { body, status } = row;
  const result = status === 'skipped' ? undefined : (body as EvalResult);
  const text = outputText(result);
  return {
    cellId: row.cellId,
    promptIdx: body.promptIdx,
    testIdx: body.testIdx,
    status,
    score: result && Number.isFinite(result.score) ? result.score : undefined,
    output: text.length > outputCut ? text.slice(0, outputCut) : text,
    outputTruncated: text.length > outputCut,
    failureReasons: failureReasons(status, body),
    latencyMs: result?.latencyMs,
    cost: result?.cost,
    tokensTotal: result?.tokenUsage?.total,
    errorKind: status === 'skipped' ? 'skipped' : undefined,
    attempts: row.attempt,
    namedScores: result?.namedScores ?? {},
  };
}

/** Every attempt at a cell, newest last; unknown cell → 404. */
export function cellDetail(store: ReadStore, evalId: string, cellId: string): CellDetail {
  const position = findCellPosition(store.db, evalId, cellId);
  const rows = position
    ? (store.db
        .prepare(
          `SELECT attempt, status, error_message, error_kind, latency_ms, body FROM cells WHERE ${CELL_KEY} ORDER BY attempt`,
        )
        .raw(true)
        .all(evalId, ...position, cellId) as Array<
        [number, CellStatus, string | null, string | null, number | null, string]
      >)
    : [];
  const last = rows[rows.length - 1];
  if (!last) throw new HttpError(404, `No cell "${cellId}" in eval ${evalId}.`);
  const codec = new PayloadCodec(store.db);
  const [attempt, status, , , , body] = last;
  const final: CellDetail['final'] =
    status === 'skipped'
      ? { kind: 'skipped', cell: codec.decode<SkippedCell>(body) }
      : { kind: 'result', result: withAttempts(codec.decode<EvalResult>(body), attempt) };
  return {
    cellId,
    status,
    final,
    // Attempt 0 is the placeholder of a cell an interrupted run never finished, not a try.
    earlier: rows
      .slice(0, -1)
      .filter(([a]) => a > 0)
      .map(([a, s, message, , latency]) => ({
        attempt: a,
        status: s,
        errorMessage: message ?? undefined,
        latencyMs: latency ?? undefined,
      })),
  };
}

function withAttempts(result: EvalResult, attempt: number): EvalResult {
  if (attempt > 1) result.attempts = attempt;
  return result;
}

/** The error kind stored beside a cell (provider, grading, runner, skipped). */
export function withErrorKind(summary: CellSummary, kind: string | null): CellSummary {
  if (kind) summary.errorKind = kind;
  return summary;
}
