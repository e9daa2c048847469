// The eval page's filtering done in the browser, for the static report (EmbeddedEval): the same
// RowFilter semantics as the server's /rows endpoint, over the embedded rows. Pure, unit-tested.

import type { CellSummary, RowFilter, ViewRow } from '../contract.js';

/** A search the user typed that cannot be used (a bad regular expression): shown, never thrown. */
export class FilterError extends Error {}

export type RowMatcher = (row: ViewRow) => boolean;

/** Builds the predicate for `filter`; throws FilterError for an invalid regex. */
export function rowMatcher(filter: RowFilter): RowMatcher {
  const visible = filter.columns ? new Set(filter.columns) : undefined;
  const text = textMatcher(filter);
  const [metaKey, metaValue] = splitMeta(filter.meta);
  return (row) => {
    const cells = visibleCells(row, visible);
    if (!matchesShow(cells, filter.show ?? 'all')) return false;
    if (filter.metric && !cells.some((cell) => filter.metric! in cell.namedScores)) return false;
    if (metaKey !== undefined && !matchesMeta(row.metadata, metaKey, metaValue)) return false;
    if (text && !searchableFields(row, cells).some(text)) return false;
    return true;
  };
}

/** Rows matching `filter`, with the cells of hidden columns blanked (as the server answers them). */
export function filterRows(rows: ViewRow[], filter: RowFilter): ViewRow[] {
  const matches = rowMatcher(filter);
  const visible = filter.columns ? new Set(filter.columns) : undefined;
  const out: ViewRow[] = [];
  for (const row of rows) {
    if (!matches(row)) continue;
    out.push(visible ? { ...row, cells: row.cells.map((cell, idx) => (visible.has(idx) ? cell : null)) } : row);
  }
  return out;
}

function visibleCells(row: ViewRow, visible: Set<number> | undefined): CellSummary[] {
  const cells: CellSummary[] = [];
  row.cells.forEach((cell, idx) => {
    if (cell && (!visible || visible.has(idx))) cells.push(cell);
  });
  return cells;
}

function matchesShow(cells: CellSummary[], show: NonNullable<RowFilter['show']>): boolean {
  switch (show) {
    case 'all':
      return true;
    case 'failures':
      return cells.some((cell) => cell.status === 'fail');
    case 'errors':
      return cells.some((cell) => cell.status === 'error');
    case 'passes':
      return cells.some((cell) => cell.status === 'pass');
    case 'differs':
      return cells.some((cell) => cell.status !== cells[0]!.status);
  }
}

function textMatcher(filter: RowFilter): ((text: string) => boolean) | undefined {
  if (!filter.q) return undefined;
  if (filter.regex) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(filter.q, 'i');
    } catch (err) {
      throw new FilterError(`Invalid regular expression: ${(err as Error).message}`);
    }
    return (text) => pattern.test(text);
  }
  const needle = filter.q.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}

/** Description, var values, outputs and error messages: each matched on its own, as the server does. */
function searchableFields(row: ViewRow, cells: CellSummary[]): string[] {
  const fields: string[] = [];
  if (row.description) fields.push(row.description);
  for (const value of Object.values(row.vars)) fields.push(valueText(value));
  for (const cell of cells) {
    fields.push(cell.output);
    if (cell.status === 'error') fields.push(...cell.failureReasons);
  }
  return fields;
}

function splitMeta(meta: string | undefined): [string | undefined, string | undefined] {
  if (!meta) return [undefined, undefined];
  const eq = meta.indexOf('=');
  return eq === -1 ? [meta, undefined] : [meta.slice(0, eq), meta.slice(eq + 1)];
}

/** `key=value` matches the value as text; a bare `key` matches any row that has the key. */
function matchesMeta(metadata: ViewRow['metadata'], key: string, value: string | undefined): boolean {
  if (!metadata || !(key in metadata)) return false;
  return value === undefined || valueText(metadata[key]) === value;
}

/** A var or metadata value as one line of text (strings as they are, the rest as JSON). */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
