// The store's sink: subscribes to the runner's events like any other output and commits finished
// cells in small batched transactions (at most BATCH_ROWS rows or BATCH_MS old), so a crash loses
// at most the cells of the open batch; batch numbers let the run report a cell only once it is
// committed (commit-gate.ts). A store failure never stops the eval: one warning, and the run goes
// on writing its other outputs.

import { hostname } from 'node:os';
import { errorMessage } from '../errors.js';
import {
  FailureReason,
  type EvalResult,
  type RunStartInfo,
  type RunSummary,
  type SkippedCell,
} from '../results/types.js';
import type { RunListener } from '../runner/events.js';
import type { Store } from './open-store.js';
import { storeError } from './open-store.js';
import { PayloadCodec } from './payload.js';
import { scalar } from './sql.js';

const BATCH_ROWS = 250;
// A commit rewrites the table's and indexes' last pages, ~0.5-1 ms here; at most one every 25 ms
// keeps that near 2% of a core. Cells wait at most this long to be reported (commit-gate.ts).
const BATCH_MS = 25;

/** The cells table's columns, in the order `insertCell` binds them (positional binding is the cheapest). */
type CellRow = [
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

/** RunStartInfo as stored: `expectedCells` becomes the per-row counts it answers. */
export type StoredStartInfo = Omit<RunStartInfo, 'expectedCells'> & { cellsPerRow: number[] };

export function cellStatus(result: EvalResult): 'pass' | 'fail' | 'error' {
  if (result.failureReason === FailureReason.ERROR) return 'error';
  return result.success ? 'pass' : 'fail';
}

function errorKind(result: EvalResult): string | null {
  if (result.failureReason !== FailureReason.ERROR) return null;
  if (result.response?.error) return 'provider';
  if (result.gradingResult && !result.gradingResult.pass) return 'grading';
  return 'runner';
}

export class StoreWriter {
  private readonly codec: PayloadCodec;
  private readonly insertCell;
  private readonly insertSkipped;
  private readonly lastAttempt;
  private evalId = '';
  /** Inserts waiting for the next commit (at most BATCH_ROWS, for at most BATCH_MS). */
  private queued: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  /** Batches are numbered from 1; `committedBatch` is the last one committed (Infinity once the store failed). */
  private openBatch = 1;
  committedBatch = 0;
  /** Called after each commit (and once the store fails): the commit gate delivers what it held. */
  onCommit: (() => void) | undefined;
  private failed = false;
  /** True when this run continues a stored eval (resume, retry): only then can a cell have earlier attempts. */
  private continuing = false;

  constructor(
    private readonly store: Store,
    private readonly warn: (message: string) => void,
  ) {
    const { db } = store;
    this.codec = new PayloadCodec(db);
    this.insertCell = db.prepare(`
      INSERT INTO cells (eval_id, cell_id, attempt, test_idx, prompt_idx, repeat_index, status, score, latency_ms, cost,
                         tokens_total, error_kind, error_message, provider, description, created_at, body)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.lastAttempt = db.prepare('SELECT coalesce(max(attempt), 0) FROM cells WHERE eval_id = ? AND cell_id = ?');
    this.insertSkipped = db.prepare(`
      INSERT OR IGNORE INTO cells (eval_id, cell_id, attempt, test_idx, prompt_idx, repeat_index, status, error_kind, error_message,
                                   provider, description, created_at, body)
      VALUES (@evalId, @cellId, 0, @testIdx, @promptIdx, @repeatIndex, 'skipped', 'skipped', @error, @provider, @description, @at, @body)`);
  }

  readonly listener: RunListener = (event) => {
    if (this.failed) return;
    try {
      if (event.type === 'start') this.onStart(event.info);
      else if (event.type === 'result' && !event.replayed) this.onResult(event.result);
      else if (event.type === 'skipped') this.onSkipped(event.cell);
      else if (event.type === 'end') this.onEnd(event.summary);
    } catch (err) {
      this.fail(err);
    }
  };

  private onStart(info: RunStartInfo): void {
    this.evalId = info.evalId;
    const { expectedCells, ...rest } = info;
    const cellsPerRow = Array.from({ length: info.totalRows }, (_, i) => expectedCells?.(i) ?? info.prompts.length);
    const stored: StoredStartInfo = { ...rest, cellsPerRow };
    const now = new Date().toISOString();
    const body = this.codec.encode(stored);
    // Asked first, so the start info (a whole config: 50,000 inline tests are ~10 MB) is handed
    // to SQLite once, by the statement that stores it, not also to an UPDATE that matches no row.
    const exists = scalar<number>(this.store.db.prepare('SELECT 1 FROM evals WHERE id = ?'), info.evalId) !== undefined;
    const updated = exists
      ? this.store.db
          .prepare(
            `UPDATE evals SET status = 'running', pid = ?, host = ?, updated_at = ?, runs = runs + 1, start_info = ?, total_cells = ? WHERE id = ?`,
          )
          .run(process.pid, hostname(), now, body, info.totalCells, info.evalId)
      : { changes: 0 };
    this.continuing = updated.changes > 0;
    // Checkpoint the WAL less often during the run (16 MB instead of 4 MB): fewer stalls in a commit.
    this.store.db.exec('PRAGMA wal_autocheckpoint = 4000');
    if (updated.changes === 0) {
      this.store.db
        .prepare(`INSERT INTO evals (id, created_at, updated_at, description, suite_hash, status, pid, host, total_cells, start_info)
                  VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`)
        .run(
          info.evalId,
          info.timestamp,
          now,
          info.description ?? null,
          info.suiteHash ?? null,
          process.pid,
          hostname(),
          info.totalCells,
          body,
        );
    }
  }

  private onResult(result: EvalResult): void {
    const cellId = result.cellId ?? `${result.testIdx}:${result.promptIdx}`;
    // A new attempt numbers itself after the cell's last real attempt (attempt 0 = skipped).
    const attempt = this.continuing ? Number(scalar<number>(this.lastAttempt, this.evalId, cellId) ?? 0) + 1 : 1;
    // Later sinks (files, console) show the attempt count of a retried cell.
    if (attempt > 1) result.attempts = attempt;
    const at = new Date().toISOString();
    // Encoded at commit time, inside the batch's transaction: its blob inserts commit with it.
    this.write(() => {
      const row: CellRow = [
        this.evalId,
        cellId,
        attempt,
        result.testIdx,
        result.promptIdx,
        result.repeatIndex,
        cellStatus(result),
        Number.isFinite(result.score) ? result.score : null,
        Math.round(result.latencyMs ?? 0),
        result.cost ?? null,
        result.tokenUsage?.total ?? null,
        errorKind(result),
        result.error ?? null,
        result.provider.label ?? result.provider.id,
        result.description ?? null,
        at,
        this.codec.encode(result),
      ];
      this.insertCell.run(...row);
    });
  }

  private onSkipped(cell: SkippedCell): void {
    this.write(() =>
      this.insertSkipped.run({
        evalId: this.evalId,
        cellId: cell.cellId ?? `${cell.testIdx}:${cell.promptIdx}`,
        testIdx: cell.testIdx,
        promptIdx: cell.promptIdx,
        repeatIndex: cell.repeatIndex,
        error: cell.reason,
        provider: cell.provider.label ?? cell.provider.id,
        description: cell.description ?? null,
        at: new Date().toISOString(),
        body: this.codec.encode(cell),
      }),
    );
  }

  private onEnd(summary: RunSummary): void {
    this.commit();
    const { stats } = summary;
    this.store.db
      .prepare(
        `UPDATE evals SET status = ?, updated_at = ?, successes = ?, failures = ?, errors = ?, skipped = ?, duration_ms = ?, summary = ?, pid = NULL WHERE id = ?`,
      )
      .run(
        summary.aborted || stats.skipped > 0 ? 'interrupted' : 'complete',
        new Date().toISOString(),
        stats.successes,
        stats.failures,
        stats.errors,
        stats.skipped,
        stats.durationMs,
        this.codec.encode(summary),
        this.evalId,
      );
  }

  /**
   * Queues one insert for the batch, committing when the batch is full. The transaction is opened
   * only at commit time, so the store's write lock is held for the inserts alone, never across the
   * run's own work (a long synchronous step elsewhere would otherwise block every other writer).
   */
  private write(insert: () => void): void {
    this.queued.push(insert);
    if (this.queued.length >= BATCH_ROWS) this.commit();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /** The batch that must commit before the events handed in so far may be reported. */
  batchToWaitFor(): number {
    return this.queued.length > 0 ? this.openBatch : this.committedBatch;
  }

  /** Commits the queued batch if the store still works; never throws (a failure is the one warning). */
  flush(): void {
    this.safely(() => this.commit());
  }

  /** Commits the queued batch in one transaction: when full, after BATCH_MS, and at the end of the run. */
  private commit(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queued;
    if (batch.length === 0) return;
    this.queued = [];
    const { db } = this.store;
    db.exec('BEGIN');
    for (const insert of batch) insert();
    db.exec('COMMIT');
    this.committedBatch = this.openBatch++;
    this.onCommit?.();
  }

  /** The same as flush(); named for the close and process-exit paths that must never throw. */
  flushQuietly(): void {
    this.flush();
  }

  private safely(work: () => void): void {
    if (this.failed) return;
    try {
      work();
    } catch (err) {
      this.fail(err);
    }
  }

  private fail(err: unknown): void {
    this.failed = true;
    this.queued = [];
    clearTimeout(this.timer);
    // Whatever waits for these cells goes on: the run outlives its store.
    this.committedBatch = Number.POSITIVE_INFINITY;
    this.onCommit?.();
    try {
      if (this.store.db.inTransaction) this.store.db.exec('ROLLBACK');
    } catch {
      // The database is already failing; the warning below is what the user needs.
    }
    this.warn(
      `The eval store could not be written, so this run will not be in \`assay list\` (${errorMessage(storeError(err, this.store.path))}). Other outputs are unaffected.`,
    );
  }
}
