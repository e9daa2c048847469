// Commits one batch of cell rows in one transaction. The rows are plain values (strings and
// numbers, the body as JSON text), so the same code runs on the main thread or on the store's
// worker thread (store-worker.ts); long strings in a body go to the blobs table here, inside the
// batch's transaction, so a body never commits without its blobs.

import type { Db } from './open-store.js';
import { PayloadCodec } from './payload.js';

/** A finished cell's row, in the order `insertCell` binds it (positional binding is the cheapest). */
export type CellRow = [
  evalId: string,
  cellId: string,
  attempt: number,
  testIdx: number,
  promptIdx: number,
  repeatIndex: number,
  status: string,
  score: number | null,
  latencyMs: number,
  cost: number | null,
  tokens: number | null,
  errorKind: string | null,
  error: string | null,
  provider: string,
  description: string | null,
  createdAt: string,
  body: string,
];

/** A cell that never ran (attempt 0, status 'skipped'). */
export type SkippedRow = [
  evalId: string,
  cellId: string,
  testIdx: number,
  promptIdx: number,
  repeatIndex: number,
  error: string,
  provider: string,
  description: string | null,
  createdAt: string,
  body: string,
];

/** `shortText`: every string in the body is under BLOB_MIN_CHARS, so it needs no blob scan. */
export type QueuedRow =
  | { skipped: false; values: CellRow; shortText?: boolean }
  | { skipped: true; values: SkippedRow; shortText?: undefined };

export class CellBatchWriter {
  private readonly codec: PayloadCodec;
  /**
   * The multi-row INSERTs, by rows per statement and which columns they bind once (see
   * insertChunk), prepared when first needed (a 100-row one takes ~0.3 ms: a one-cell eval never
   * pays for it).
   */
  private readonly insertCells = new Map<number, ReturnType<Db['prepare']>>();
  private readonly insertSkipped;

  constructor(private readonly db: Db) {
    this.codec = new PayloadCodec(db);
    this.insertSkipped = db.prepare(`
      INSERT OR IGNORE INTO cells (eval_id, cell_id, attempt, test_idx, prompt_idx, repeat_index, status, error_kind, error_message,
                                   provider, description, created_at, body)
      VALUES (?, ?, 0, ?, ?, ?, 'skipped', 'skipped', ?, ?, ?, ?, ?)`);
  }

  /**
   * Inserts the rows in one transaction; on a failure rolls it back and throws. Every row is
   * stamped with the transaction's time as its `created_at` (one clock read per batch instead of
   * one per cell; no reader orders cells by it: `seq` is the order a run stored them).
   */
  commit(rows: QueuedRow[]): void {
    const { db } = this;
    const now = new Date().toISOString();
    db.exec('BEGIN');
    try {
      let from = 0;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const { values } = row;
        const last = values.length - 1;
        values[last - 1] = now;
        if (!row.shortText) values[last] = this.codec.encodeJson(values[last] as string);
        if (row.skipped) {
          // Rows go in the order they came (seq is the order a run stored its cells).
          this.insertRun(rows, from, i);
          from = i + 1;
          this.insertSkipped.run(values);
        }
      }
      this.insertRun(rows, from, rows.length);
      db.exec('COMMIT');
    } catch (err) {
      rollbackQuietly(db);
      throw err;
    }
  }

  /**
   * Inserts the cell rows rows[from..to) (none of them skipped), in order, with as few statements
   * as MULTI_ROW_SIZES allows (a full batch of 100: one).
   */
  private insertRun(rows: QueuedRow[], from: number, to: number): void {
    let done = from;
    for (const perStatement of MULTI_ROW_SIZES) {
      while (to - done >= perStatement) {
        this.insertChunk(rows, done, perStatement);
        done += perStatement;
      }
    }
  }

  /**
   * One INSERT of `count` rows from `start`. A column holding the same value in every one of them
   * (the eval id, the batch's time, and in most runs the attempt, repeat index, provider, status,
   * cost and error columns) is bound once for the statement (?1, ?2, ...) instead of once per row:
   * each bound value is a call into the native binding, and a 100-row echo batch binds ~500
   * values instead of 1,700 (the microbenchmark's INSERT CPU: -30%).
   */
  private insertChunk(rows: QueuedRow[], start: number, count: number): void {
    const first = rows[start]!.values as CellRow;
    let shared = 0;
    for (let column = 0; column < CELL_COLUMNS; column++) {
      const value = first[column];
      let same = true;
      for (let i = start + 1; i < start + count && same; i++) same = Object.is(rows[i]!.values[column], value);
      if (same) shared |= 1 << column;
    }
    let key = count * 2 ** CELL_COLUMNS + shared;
    let statement = this.insertCells.get(key);
    if (!statement) {
      // Varied runs could meet many column patterns: past the cache's bound, only the columns that
      // are always shared are bound once, so the statements stay few.
      if (this.insertCells.size >= MAX_STATEMENTS) {
        shared &= ALWAYS_SHARED;
        key = count * 2 ** CELL_COLUMNS + shared;
        statement = this.insertCells.get(key);
      }
      if (!statement) {
        statement = this.db.prepare(insertCellsSql(count, shared));
        this.insertCells.set(key, statement);
      }
    }
    const values: unknown[] = [];
    for (let column = 0; column < CELL_COLUMNS; column++) if (shared & (1 << column)) values.push(first[column]);
    for (let i = start; i < start + count; i++) {
      const row = rows[i]!.values;
      for (let column = 0; column < CELL_COLUMNS; column++) if (!(shared & (1 << column))) values.push(row[column]);
    }
    statement.run(values);
  }
}

/** Values per cell row (CellRow's length). */
const CELL_COLUMNS = 17;
// Rows bound per INSERT, largest first, ending at 1 so any count is covered. Each call into the
// native binding has a fixed cost (~4 µs here) on top of its values: one 100-row INSERT per full
// batch (the store writer's BATCH_ROWS) instead of 100 single-row ones took the inserts' CPU from
// ~7.3 to ~5.5 µs a row in a microbenchmark (1.4 KB bodies). A batch cut short by its timer takes
// a few more calls.
const MULTI_ROW_SIZES = [100, 20, 5, 1];
/** The eval id and created_at columns: the same in every row of a batch. */
const ALWAYS_SHARED = (1 << 0) | (1 << 15);
/** Prepared INSERTs kept per writer before falling back to ALWAYS_SHARED (a 100-row one is ~0.3 ms to prepare). */
const MAX_STATEMENTS = 48;

const CELL_COLUMN_NAMES = `eval_id, cell_id, attempt, test_idx, prompt_idx, repeat_index, status, score, latency_ms, cost,
                         tokens_total, error_kind, error_message, provider, description, created_at, body`;

/**
 * `rows` rows of placeholders: the columns in `shared` (a bit per column) are ?1, ?2, ... in column
 * order, the rest numbered on from there row by row, so the values bind in that order. (Every
 * placeholder is numbered: a bare ? after ?n would take n + 1, not its place in the list.)
 */
function insertCellsSql(rows: number, shared: number): string {
  const sharedAt: number[] = [];
  let next = 1;
  for (let column = 0; column < CELL_COLUMNS; column++) if (shared & (1 << column)) sharedAt[column] = next++;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const placeholders: string[] = [];
    for (let column = 0; column < CELL_COLUMNS; column++) placeholders.push(`?${sharedAt[column] ?? next++}`);
    tuples.push(`(${placeholders.join(', ')})`);
  }
  return `INSERT INTO cells (${CELL_COLUMN_NAMES}) VALUES ${tuples.join(', ')}`;
}

export function rollbackQuietly(db: Db): void {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // The database is already failing; the caller reports the first error.
  }
}
