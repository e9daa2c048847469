// Read and maintenance queries over the store: listing, resolving an id, a cell's final state,
// streaming an eval's cells in order, deleting and garbage-collecting. Paging and filtering stay
// in SQL (LIMIT/OFFSET, status) so the viewer never loads a whole eval.

import { hostname } from 'node:os';
import { AssayError } from '../errors.js';
import type { EvalResult, RunSummary, SkippedCell } from '../results/types.js';
import type { PriorResults } from '../runner/options.js';
import { CELL_KEY, cellPositions } from './cell-lookup.js';
import type { Db } from './open-store.js';
import { PayloadCodec } from './payload.js';
import { column, iterateRows, scalar } from './sql.js';
import type { StoredStartInfo } from './store-writer.js';

export type EvalStatus = 'running' | 'complete' | 'interrupted';

export interface EvalListing {
  id: string;
  createdAt: string;
  description?: string;
  suiteHash?: string;
  status: EvalStatus;
  cells: number;
  successes: number;
  failures: number;
  errors: number;
  skipped: number;
  durationMs: number;
  runs: number;
}

interface EvalRow {
  id: string;
  created_at: string;
  description: string | null;
  suite_hash: string | null;
  status: EvalStatus;
  pid: number | null;
  host: string | null;
  total_cells: number;
  successes: number;
  failures: number;
  errors: number;
  skipped: number;
  duration_ms: number;
  runs: number;
}

const EVAL_COLUMNS =
  'id, created_at, description, suite_hash, status, pid, host, total_cells, successes, failures, errors, skipped, duration_ms, runs';

/** A 'running' eval whose process is gone (kill -9, power cut) is interrupted. */
function liveStatus(row: EvalRow): EvalStatus {
  if (row.status !== 'running' || !row.pid) return row.status;
  // Another machine's process (a store on a shared disk) cannot be checked from here.
  if (row.host && row.host !== hostname()) return 'running';
  try {
    process.kill(row.pid, 0);
    return 'running';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'running' : 'interrupted';
  }
}

function toListing(db: Db, row: EvalRow): EvalListing {
  const status = liveStatus(row);
  let counts = { successes: row.successes, failures: row.failures, errors: row.errors, skipped: row.skipped };
  // A run that never reached its end has no totals yet: count its stored cells.
  if (row.status === 'running') {
    const c = countCells(db, row.id);
    counts = {
      successes: c.pass,
      failures: c.fail,
      errors: c.error,
      skipped: Math.max(0, row.total_cells - c.pass - c.fail - c.error),
    };
  }
  return {
    id: row.id,
    createdAt: row.created_at,
    description: row.description ?? undefined,
    suiteHash: row.suite_hash ?? undefined,
    status,
    cells: row.total_cells,
    ...counts,
    durationMs: row.duration_ms,
    runs: row.runs,
  };
}

export function countCells(db: Db, evalId: string): Record<'pass' | 'fail' | 'error' | 'skipped', number> {
  const counts = { pass: 0, fail: 0, error: 0, skipped: 0 };
  const rows = db
    .prepare('SELECT status, count(*) AS n FROM latest_cells WHERE eval_id = ? GROUP BY status')
    .all(evalId) as Array<{ status: keyof typeof counts; n: number }>;
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export function listEvalRows(
  db: Db,
  options: { limit?: number; offset?: number; suiteHash?: string } = {},
): EvalListing[] {
  const where = options.suiteHash ? 'WHERE suite_hash = ?' : '';
  const params: unknown[] = options.suiteHash ? [options.suiteHash] : [];
  const rows = db
    .prepare(`SELECT ${EVAL_COLUMNS} FROM evals ${where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`)
    .all(...params, options.limit ?? -1, options.offset ?? 0) as EvalRow[];
  return rows.map((row) => toListing(db, row));
}

/** `latest` or an eval id (a unique prefix is enough); unknown ids are one clear error. */
export function resolveEvalId(db: Db, ref: string): string {
  if (ref === 'latest') {
    const id = scalar<string>(db.prepare('SELECT id FROM evals ORDER BY created_at DESC, rowid DESC LIMIT 1'));
    if (!id) throw new AssayError('STORE', 'The eval store has no evals yet.');
    return id;
  }
  const exact = scalar<string>(db.prepare('SELECT id FROM evals WHERE id = ?'), ref);
  if (exact) return exact;
  const matches = column<string>(
    db.prepare("SELECT id FROM evals WHERE id LIKE ? ESCAPE '\\' LIMIT 2"),
    `${ref.replace(/[\\%_]/g, '\\$&')}%`,
  );
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new AssayError('USAGE', `"${ref}" matches more than one eval; give more of the id (see \`assay list\`).`);
  throw new AssayError('USAGE', `No eval "${ref}" in the store (see \`assay list\`).`);
}

export function getListing(db: Db, evalId: string): EvalListing {
  const row = db.prepare(`SELECT ${EVAL_COLUMNS} FROM evals WHERE id = ?`).get(evalId) as EvalRow | undefined;
  if (!row) throw new AssayError('USAGE', `No eval "${evalId}" in the store (see \`assay list\`).`);
  return toListing(db, row);
}

export function getStartInfo(db: Db, evalId: string): StoredStartInfo {
  const body = scalar<string>(db.prepare('SELECT start_info FROM evals WHERE id = ?'), evalId);
  return new PayloadCodec(db).decode<StoredStartInfo>(body ?? '{}');
}

export function getSummary(db: Db, evalId: string): RunSummary | undefined {
  const body = scalar<string>(db.prepare('SELECT summary FROM evals WHERE id = ?'), evalId);
  return body ? new PayloadCodec(db).decode<RunSummary>(body) : undefined;
}

export type StoredCell = { kind: 'result'; result: EvalResult } | { kind: 'skipped'; cell: SkippedCell };

/** Each cell's final state, in the order the cells were first stored; one row in memory at a time. */
export function* iterateLatestCells(db: Db, evalId: string): Generator<StoredCell> {
  const codec = new PayloadCodec(db);
  const rows = iterateRows<[number, string, string]>(
    db.prepare('SELECT attempt, status, body FROM latest_cells WHERE eval_id = ? ORDER BY test_idx, prompt_idx'),
    evalId,
  );
  for (const [attempt, status, body] of rows) {
    if (status === 'skipped') yield { kind: 'skipped', cell: codec.decode<SkippedCell>(body) };
    else {
      const result = codec.decode<EvalResult>(body);
      if (attempt > 1) result.attempts = attempt;
      yield { kind: 'result', result };
    }
  }
}

/** Stored cells a new run should not run again: `finished` (resume) or `notErrored` (retry-errors). */
/**
 * The stored cells a continued run must not run again. `finished` (resume): every cell with a
 * result. `notErrored` (retry-errors): every cell except those whose last attempt is an error, so
 * cells that never ran (skipped, or not stored at all) stay as they are: reported as not run,
 * never called.
 */
export function priorResults(db: Db, evalId: string, keep: 'finished' | 'notErrored'): PriorResults {
  const codec = new PayloadCodec(db);
  const latestAttempt = db.prepare(
    `SELECT attempt, status, body FROM cells WHERE ${CELL_KEY} ORDER BY attempt DESC LIMIT 1`,
  );
  const positionOf = cellPositions(db, evalId);
  const latest = (cellId: string) => {
    const position = positionOf(cellId);
    return (
      position &&
      (latestAttempt.get(evalId, ...position, cellId) as { attempt: number; status: string; body: string } | undefined)
    );
  };
  const hasResult = (status: string) => status !== 'skipped' && (keep === 'finished' || status !== 'error');
  return {
    has(cellId) {
      const row = latest(cellId);
      if (keep === 'notErrored') return row?.status !== 'error';
      return row !== undefined && hasResult(row.status);
    },
    get(cellId) {
      const row = latest(cellId);
      if (!row || !hasResult(row.status)) return undefined;
      const result = codec.decode<EvalResult>(row.body);
      if (row.attempt > 1) result.attempts = row.attempt;
      return result;
    },
  };
}

export function deleteEvals(db: Db, ids: string[]): number {
  const remove = db.prepare('DELETE FROM evals WHERE id = ?');
  let removed = 0;
  db.transaction(() => {
    for (const id of ids) removed += remove.run(id).changes;
  })();
  return removed;
}

/** Keeps the newest `count` evals, or the evals newer than `days`; deletes the rest, then VACUUMs. */
export function gcEvals(db: Db, keep: { count?: number; days?: number }): number {
  const ids =
    keep.count !== undefined
      ? column<string>(
          db.prepare('SELECT id FROM evals ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?'),
          keep.count,
        )
      : column<string>(
          db.prepare('SELECT id FROM evals WHERE created_at < ?'),
          new Date(Date.now() - (keep.days ?? 0) * 86_400_000).toISOString(),
        );
  const removed = deleteEvals(db, ids);
  deleteOrphanBlobs(db);
  db.exec('VACUUM');
  return removed;
}

/** Deletes blobs no stored body references, in one pass over the bodies (not one per blob). */
function deleteOrphanBlobs(db: Db): void {
  const referenced = new Set<string>();
  const ref = /"\\u0000blob":"([0-9a-f]{64})"/g;
  const scan = (body: string | null) => {
    if (body) for (const match of body.matchAll(ref)) referenced.add(match[1]!);
  };
  for (const [body] of iterateRows<[string]>(db.prepare('SELECT body FROM cells'))) scan(body);
  for (const [a, b] of iterateRows<[string, string | null]>(db.prepare('SELECT start_info, summary FROM evals'))) {
    scan(a);
    scan(b);
  }
  const remove = db.prepare('DELETE FROM blobs WHERE hash = ?');
  const orphans = column<string>(db.prepare('SELECT hash FROM blobs')).filter((hash) => !referenced.has(hash));
  db.transaction(() => {
    for (const hash of orphans) remove.run(hash);
  })();
}

export interface CellPage {
  total: number;
  cells: StoredCell[];
}

/**
 * One page of an eval's cells in grid order (row, then column), optionally only one final status:
 * the viewer's query. Counting and paging run in SQL; only the page's bodies are decoded.
 */
export function pageCells(
  db: Db,
  evalId: string,
  options: { status?: 'pass' | 'fail' | 'error' | 'skipped'; offset?: number; limit?: number } = {},
): CellPage {
  const where = options.status ? 'eval_id = ? AND status = ?' : 'eval_id = ?';
  const params: unknown[] = options.status ? [evalId, options.status] : [evalId];
  const total = Number(scalar<number>(db.prepare(`SELECT count(*) FROM latest_cells WHERE ${where}`), ...params) ?? 0);
  const codec = new PayloadCodec(db);
  const rows = db
    .prepare(
      `SELECT attempt, status, body FROM latest_cells WHERE ${where} ORDER BY test_idx, prompt_idx LIMIT ? OFFSET ?`,
    )
    .raw(true)
    .all(...params, options.limit ?? 50, options.offset ?? 0) as Array<[number, string, string]>;
  const cells = rows.map(([attempt, status, body]): StoredCell => {
    if (status === 'skipped') return { kind: 'skipped', cell: codec.decode<SkippedCell>(body) };
    const result = codec.decode<EvalResult>(body);
    if (attempt > 1) result.attempts = attempt;
    return { kind: 'result', result };
  });
  return { total, cells };
}
