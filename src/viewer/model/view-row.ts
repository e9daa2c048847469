// One matrix row (ViewRow) from the cells of a test × repeat × var combination: the row's
// description, vars and metadata come from any of its cells (they all share the test).

import type { CellSummary, ViewRow } from '../contract.js';
import type { EvalResult, SkippedCell } from '../../results/types.js';
import { cutText } from './cell-summary.js';

/** Characters of a string var a row carries; the cell details carry the whole value. */
export const DEFAULT_VAR_CUT = 4000;

export function viewRowOf(
  testIdx: number,
  columns: number,
  cells: ReadonlyArray<{ source: EvalResult | SkippedCell; summary: CellSummary } | undefined>,
  varCut = DEFAULT_VAR_CUT,
): ViewRow {
  const first = cells.find((cell) => cell !== undefined)?.source;
  const row: ViewRow = {
    testIdx,
    vars: first ? cutVars(first.vars ?? {}, varCut) : {},
    cells: Array.from({ length: columns }, (_, i) => cells[i]?.summary ?? null),
  };
  const description = first ? descriptionOf(first) : undefined;
  if (description) row.description = description;
  const metadata = first && 'testCase' in first ? first.testCase?.metadata : undefined;
  if (metadata && Object.keys(metadata).length > 0) row.metadata = metadata;
  return row;
}

export function descriptionOf(cell: EvalResult | SkippedCell): string | undefined {
  return cell.description ?? ('testCase' in cell ? cell.testCase?.description : undefined);
}

function cutVars(vars: Record<string, unknown>, max: number): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value !== 'string' || value.length <= max) continue;
    out ??= { ...vars };
    out[name] = `${cutText(value, max).text}… [${value.length - max} more characters in the cell details]`;
  }
  return out ?? vars;
}
