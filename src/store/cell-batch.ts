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
   * One INSERT per MULTI_ROW_SIZES entry, binding that many rows at once, prepared when first
   * needed (the 100-row one takes ~0.3 ms: a one-cell eval never pays for it).
   */
  private readonly insertCells: Array<ReturnType<Db['prepare']> | undefined> = [];
  private readonly insertSkipped;

  constructor(private readonly db: Db) {
    this.codec = new PayloadCodec(db);
    this.insertSkipped = db.prepare(`
      INSERT OR IGNORE INTO cells (eval_id, cell_id, attempt, test_idx, prompt_idx, repeat_index, status, error_kind, error_message,
                                   provider, description, created_at, body)
      VALUES (?, ?, 0, ?, ?, ?, 'skipped', 'skipped', ?, ?, ?, ?, ?)`);
  }

  /** Inserts the rows in one transaction; on a failure rolls it back and throws. */
  commit(rows: QueuedRow[]): void {
    const { db } = this;
    db.exec('BEGIN');
    try {
      let run: unknown[] = [];
      let runRows = 0;
      for (const row of rows) {
        const { values } = row;
        const last = values.length - 1;
        if (!row.shortText) values[last] = this.codec.encodeJson(values[last] as string);
        if (row.skipped) {
          // Rows go in the order they came (seq is the order a run stored its cells).
          this.insertRun(run, runRows);
          run = [];
          runRows = 0;
          this.insertSkipped.run(values);
        } else {
          for (const value of values) run.push(value);
          runRows++;
        }
      }
      this.insertRun(run, runRows);
      db.exec('COMMIT');
    } catch (err) {
      rollbackQuietly(db);
      throw err;
    }
  }

  /**
   * Inserts `rows` consecutive cell rows whose values lie end to end in `values`, in order, with as
   * few statements as MULTI_ROW_SIZES allows (a full batch of 100: one).
   */
  private insertRun(values: unknown[], rows: number): void {
    let done = 0;
    for (let size = 0; done < rows; size++) {
      const perStatement = MULTI_ROW_SIZES[size]!;
      if (rows - done < perStatement) continue;
      const statement = (this.insertCells[size] ??= this.db.prepare(insertCellsSql(perStatement)));
      while (rows - done >= perStatement) {
        const from = done * CELL_COLUMNS;
        const to = from + perStatement * CELL_COLUMNS;
        statement.run(from === 0 && to === values.length ? values : values.slice(from, to));
        done += perStatement;
      }
    }
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

function insertCellsSql(rows: number): string {
  const row = `(${Array.from({ length: CELL_COLUMNS }, () => '?').join(', ')})`;
  return `
      INSERT INTO cells (eval_id, cell_id, attempt, test_idx, prompt_idx, repeat_index, status, score, latency_ms, cost,
                         tokens_total, error_kind, error_message, provider, description, created_at, body)
      VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
}

export function rollbackQuietly(db: Db): void {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // The database is already failing; the caller reports the first error.
  }
}
