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

export type QueuedRow = { skipped: false; values: CellRow } | { skipped: true; values: SkippedRow };

export class CellBatchWriter {
  private readonly codec: PayloadCodec;
  private readonly insertCell;
  private readonly insertSkipped;

  constructor(private readonly db: Db) {
    this.codec = new PayloadCodec(db);
    this.insertCell = db.prepare(`
      INSERT INTO cells (eval_id, cell_id, attempt, test_idx, prompt_idx, repeat_index, status, score, latency_ms, cost,
                         tokens_total, error_kind, error_message, provider, description, created_at, body)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
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
      for (const row of rows) {
        const { values } = row;
        const last = values.length - 1;
        values[last] = this.codec.encodeJson(values[last] as string);
        if (row.skipped) this.insertSkipped.run(...values);
        else this.insertCell.run(...values);
      }
      db.exec('COMMIT');
    } catch (err) {
      rollbackQuietly(db);
      throw err;
    }
  }
}

export function rollbackQuietly(db: Db): void {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // The database is already failing; the caller reports the first error.
  }
}
