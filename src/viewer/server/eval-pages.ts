// The eval list (newest first, searched by id or description) and an eval's header: its columns,
// var names, row count, metric names and metadata keys, read from the stored start info and, for
// the names, from the cells themselves (memoised per store version: a 100k-cell scan runs once).

import { AssayError } from '../../errors.js';
import type { RunSummary } from '../../results/types.js';
import { PayloadCodec } from '../../store/payload.js';
import { getListing, getStartInfo, resolveEvalId } from '../../store/queries.js';
import { column, scalar } from '../../store/sql.js';
import type { EvalHeader, EvalListPage, ViewColumn } from '../contract.js';
import { HttpError } from './http-guard.js';
import type { ReadStore } from './read-store.js';

/** How many rows' metadata the header reads for the metadata filter's key list. */
export const METADATA_SCAN_ROWS = 5000;

/** LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally (ESCAPE '\'). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

export function listEvalsPage(store: ReadStore, q: string, limit: number, offset: number): EvalListPage {
  const { db } = store;
  const where = q ? "WHERE id LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\'" : '';
  const params = q ? [likePattern(q), likePattern(q)] : [];
  const total = Number(scalar<number>(db.prepare(`SELECT count(*) FROM evals ${where}`), ...params) ?? 0);
  const ids = column<string>(
    db.prepare(`SELECT id FROM evals ${where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`),
    ...params,
    limit,
    offset,
  );
  return { total, evals: ids.map((id) => getListing(db, id)) };
}

/** An eval id from a URL (full id, unique prefix or `latest`); unknown → 404, ambiguous → 400. */
export function evalIdFrom(store: ReadStore, ref: string): string {
  try {
    return resolveEvalId(store.db, ref);
  } catch (err) {
    if (err instanceof AssayError) throw new HttpError(/more than one/.test(err.message) ? 400 : 404, err.message);
    throw err;
  }
}

export function evalColumns(store: ReadStore, evalId: string): ViewColumn[] {
  return store.memo(`columns:${evalId}`, () =>
    getStartInfo(store.db, evalId).prompts.map((p, promptIdx) => ({
      promptIdx,
      promptLabel: p.label,
      promptRaw: p.raw,
      provider: p.provider,
    })),
  );
}

export function evalHeader(store: ReadStore, evalId: string): EvalHeader {
  const listing = getListing(store.db, evalId);
  const cached = store.memo(`header:${evalId}`, () => {
    const info = getStartInfo(store.db, evalId);
    const table = store.cellTable(evalId);
    return {
      columns: evalColumns(store, evalId),
      varNames: info.varNames ?? [],
      totalRows: info.totalRows ?? 0,
      metricNames: metricNames(store, evalId, table, listing.status),
      metadataKeys: column<string>(
        // Metadata belongs to the test, so one column's cells carry every row's; reading every
        // body of a 100k-cell eval would hold up the first screen, so the first rows stand for all.
        store.db.prepare(
          `SELECT DISTINCT j.key FROM (SELECT body FROM ${table} WHERE eval_id = ?
             AND prompt_idx = (SELECT min(prompt_idx) FROM cells WHERE eval_id = ?) ORDER BY test_idx LIMIT ${METADATA_SCAN_ROWS}) c,
           json_each(c.body, '$.testCase.metadata') j ORDER BY 1`,
        ),
        evalId,
        evalId,
      ),
    };
  });
  return { listing, ...cached };
}

function metricNames(store: ReadStore, evalId: string, table: string, status: string): string[] {
  // A finished eval's summary already names every metric: no need to read 100k bodies.
  if (status !== 'running') {
    const body = scalar<string>(store.db.prepare('SELECT summary FROM evals WHERE id = ?'), evalId);
    if (body) {
      const summary = new PayloadCodec(store.db).decode<RunSummary>(body);
      const names = new Set<string>();
      for (const p of summary.prompts ?? [])
        for (const name of Object.keys(p.metrics?.namedScores ?? {})) names.add(name);
      return [...names].sort();
    }
  }
  return column<string>(
    store.db.prepare(
      `SELECT DISTINCT j.key FROM ${table} c, json_each(c.body, '$.namedScores') j WHERE c.eval_id = ? ORDER BY 1`,
    ),
    evalId,
  );
}
