// The eval page's rows (one per testIdx), filtered, sorted and paged in SQLite: every filter is a
// HAVING condition over the row's cells in the visible columns, so counting and paging never load
// bodies; only the page's cells are decoded. libsql has no user-defined functions, so a regex
// search is the one filter run in JS, over a bounded number of cells.

import type { EvalResult, SkippedCell } from '../../results/types.js';
import { PayloadCodec } from '../../store/payload.js';
import { column, iterateRows, scalar } from '../../store/sql.js';
import type { CellStatus, RowFilter, RowPage, ViewRow } from '../contract.js';
import { cellSummary, withErrorKind } from './cell-views.js';
import { evalColumns, likePattern } from './eval-pages.js';
import { HttpError } from './http-guard.js';
import type { RowSort } from './query-params.js';
import type { CellTable, ReadStore } from './read-store.js';

/** A regex search reads at most this many cells' text; past it the page says it was cut. */
export const REGEX_SCAN_LIMIT = 200_000;

const OUTPUT_JSON = "json_extract(c.body, '$.response.output')";
// A long output is stored once in `blobs`; json_extract returns its reference object as text.
const OUTPUT_TEXT = `CASE WHEN substr(${OUTPUT_JSON}, 1, 15) = '{"\\u0000blob":"'
  THEN (SELECT b.body FROM blobs b WHERE b.hash = substr(${OUTPUT_JSON}, 16, 64)) ELSE ${OUTPUT_JSON} END`;
const VARS_TEXT = "json_extract(c.body, '$.vars')";

const ORDER: Record<RowSort, string> = {
  row: 'c.test_idx',
  score: 'avg(c.score) IS NULL, avg(c.score), c.test_idx',
  '-score': 'avg(c.score) IS NULL, avg(c.score) DESC, c.test_idx',
  latency: 'max(c.latency_ms) IS NULL, max(c.latency_ms), c.test_idx',
  '-latency': 'max(c.latency_ms) IS NULL, max(c.latency_ms) DESC, c.test_idx',
  cost: 'sum(c.cost) IS NULL, sum(c.cost), c.test_idx',
  '-cost': 'sum(c.cost) IS NULL, sum(c.cost) DESC, c.test_idx',
};

interface RowQuery {
  table: CellTable;
  where: string;
  whereParams: unknown[];
  having: string[];
  /** WHERE parameters, then HAVING parameters: the order they appear in `grouped()`. */
  params: unknown[];
}

function rowQuery(table: CellTable, evalId: string, filter: RowFilter, textInSql: boolean): RowQuery {
  const q: RowQuery = { table, where: 'c.eval_id = ?', whereParams: [evalId], having: [], params: [] };
  if (filter.columns?.length) {
    q.where += ` AND c.prompt_idx IN (${filter.columns.map(() => '?').join(',')})`;
    q.whereParams.push(...filter.columns);
  }
  q.params.push(...q.whereParams);
  const show = filter.show ?? 'all';
  if (show === 'failures') q.having.push("max(c.status = 'fail')");
  if (show === 'errors') q.having.push("max(c.status = 'error')");
  if (show === 'passes') q.having.push("max(c.status = 'pass')");
  if (show === 'differs') q.having.push('count(DISTINCT c.status) > 1');
  if (filter.q && textInSql) {
    const pattern = likePattern(filter.q);
    const precise = `c.description LIKE ? ESCAPE '\\' OR ${VARS_TEXT} LIKE ? ESCAPE '\\' OR (${OUTPUT_TEXT}) LIKE ? ESCAPE '\\' OR c.error_message LIKE ? ESCAPE '\\'`;
    // The body's JSON holds vars, description, output and error as written unless JSON escapes
    // them; for text with nothing to escape, one LIKE over the raw body (or a body with a blob
    // reference) rules out most cells before the field-by-field check.
    if (/^[^"\\\u0000-\u001f]*$/.test(filter.q)) {
      q.having.push(`max((c.body LIKE ? ESCAPE '\\' OR c.body LIKE '%\\u0000blob%') AND (${precise}))`);
      q.params.push(pattern);
    } else q.having.push(`max(${precise})`);
    q.params.push(pattern, pattern, pattern, pattern);
  }
  if (filter.metric) {
    q.having.push(
      "max(instr(c.body, json_quote(?)) AND EXISTS (SELECT 1 FROM json_each(c.body, '$.namedScores') m WHERE m.key = ?))",
    );
    q.params.push(filter.metric, filter.metric);
  }
  if (filter.meta) {
    const eq = filter.meta.indexOf('=');
    const key = eq < 0 ? filter.meta : filter.meta.slice(0, eq);
    if (eq < 0) {
      q.having.push("max(EXISTS (SELECT 1 FROM json_each(c.body, '$.testCase.metadata') m WHERE m.key = ?))");
      q.params.push(key);
    } else {
      // A list value matches when any of its items equals the value (as --filter-metadata reads lists).
      q.having.push(`max(EXISTS (SELECT 1 FROM json_each(c.body, '$.testCase.metadata') m WHERE m.key = ? AND (
        CAST(m.value AS TEXT) = ? OR (m.type = 'array' AND EXISTS (SELECT 1 FROM json_each(m.value) i WHERE CAST(i.value AS TEXT) = ?)))))`);
      const value = filter.meta.slice(eq + 1);
      q.params.push(key, value, value);
    }
  }
  return q;
}

function grouped(q: RowQuery): string {
  const having = q.having.length ? ` HAVING ${q.having.join(' AND ')}` : '';
  return `SELECT c.test_idx FROM ${q.table} c WHERE ${q.where} GROUP BY c.test_idx${having}`;
}

export function pageRows(
  store: ReadStore,
  evalId: string,
  filter: RowFilter,
  options: { offset: number; limit: number; sort: RowSort; outputCut: number },
): RowPage {
  const table = store.cellTable(evalId);
  const regex = filter.q && filter.regex ? compileRegex(filter.q) : undefined;
  const q = rowQuery(table, evalId, filter, !regex);
  const { db } = store;
  let total: number;
  let page: number[];
  let note: string | undefined;
  if (regex) {
    const matched = regexMatches(store, q, regex);
    note = matched.note;
    const ordered = column<number>(db.prepare(`${grouped(q)} ORDER BY ${ORDER[options.sort]}`), ...q.params).filter(
      (t) => matched.rows.has(t),
    );
    total = ordered.length;
    page = ordered.slice(options.offset, options.offset + options.limit);
  } else if (q.having.length) {
    // A filtered list is read once as ids (50,000 integers at most per 100k cells): its length is
    // the total and a slice the page, instead of running the filter twice (count, then page).
    const ordered = column<number>(db.prepare(`${grouped(q)} ORDER BY ${ORDER[options.sort]}`), ...q.params);
    total = ordered.length;
    page = ordered.slice(options.offset, options.offset + options.limit);
  } else {
    total = Number(
      scalar<number>(db.prepare(`SELECT count(DISTINCT c.test_idx) FROM ${table} c WHERE ${q.where}`), ...q.params) ??
        0,
    );
    page = column<number>(
      db.prepare(`${grouped(q)} ORDER BY ${ORDER[options.sort]} LIMIT ? OFFSET ?`),
      ...q.params,
      options.limit,
      options.offset,
    );
  }
  const rows = materialise(store, evalId, table, page, filter.columns, options.outputCut);
  return { total, offset: options.offset, rows, ...(note ? { note } : {}) };
}

function compileRegex(source: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (err) {
    throw new HttpError(400, `q is not a valid regular expression: ${(err as Error).message}`);
  }
}

/** testIdx values whose description, a var, the output or the error matches, in the visible columns. */
function regexMatches(store: ReadStore, q: RowQuery, regex: RegExp): { rows: Set<number>; note?: string } {
  const rows = new Set<number>();
  let scanned = 0;
  const cells = iterateRows<[number, string | null, string | null, string | null, string | null]>(
    store.db.prepare(
      `SELECT c.test_idx, c.description, ${VARS_TEXT}, ${OUTPUT_TEXT}, c.error_message FROM ${q.table} c WHERE ${q.where}`,
    ),
    ...q.whereParams,
  );
  for (const [testIdx, description, vars, output, error] of cells) {
    if (++scanned > REGEX_SCAN_LIMIT) {
      return {
        rows,
        note: `The regular expression was tried on the first ${REGEX_SCAN_LIMIT.toLocaleString('en')} cells only; narrow the columns or use plain text search (run in SQLite) for the rest.`,
      };
    }
    if (rows.has(testIdx)) continue;
    if ([description, output, error, ...varValues(vars)].some((text) => text != null && regex.test(text)))
      rows.add(testIdx);
  }
  return { rows };
}

function varValues(vars: string | null): string[] {
  if (!vars) return [];
  try {
    const parsed = JSON.parse(vars) as Record<string, unknown>;
    return Object.values(parsed ?? {}).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  } catch {
    return [vars];
  }
}

/** The page's rows with their cells in column order; only these bodies are decoded. */
function materialise(
  store: ReadStore,
  evalId: string,
  table: CellTable,
  testIdxs: number[],
  columns: number[] | undefined,
  outputCut: number,
): ViewRow[] {
  if (testIdxs.length === 0) return [];
  const width = evalColumns(store, evalId).length;
  const visible = columns?.length ? new Set(columns) : undefined;
  const byTest = new Map<number, ViewRow>(
    testIdxs.map((t) => [t, { testIdx: t, vars: {}, cells: Array(width).fill(null) }]),
  );
  const codec = new PayloadCodec(store.db);
  const cells = store.db
    .prepare(
      `SELECT c.test_idx, c.prompt_idx, c.cell_id, c.attempt, c.status, c.error_kind, c.body FROM ${table} c
       WHERE c.eval_id = ? AND c.test_idx IN (${testIdxs.map(() => '?').join(',')}) ORDER BY c.test_idx, c.prompt_idx`,
    )
    .raw(true)
    .all(evalId, ...testIdxs) as Array<[number, number, string, number, CellStatus, string | null, string]>;
  for (const [testIdx, promptIdx, cellId, attempt, status, errorKind, text] of cells) {
    const row = byTest.get(testIdx)!;
    const body = codec.decode<EvalResult | SkippedCell>(text);
    // Row facts come from whichever cell is read first; every cell of a row shares them.
    if (row.description === undefined) row.description = body.description ?? (body as EvalResult).testCase?.description;
    if (Object.keys(row.vars).length === 0) row.vars = body.vars ?? {};
    if (row.metadata === undefined && (body as EvalResult).testCase?.metadata)
      row.metadata = (body as EvalResult).testCase.metadata;
    if (visible && !visible.has(promptIdx)) continue;
    while (row.cells.length <= promptIdx) row.cells.push(null);
    row.cells[promptIdx] = withErrorKind(cellSummary({ cellId, attempt, status, body }, outputCut), errorKind);
  }
  return testIdxs.map((t) => byTest.get(t)!);
}
