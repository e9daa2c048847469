// The store's sink: subscribes to the runner's events like any other output and commits finished
// cells in small batched transactions (at most BATCH_ROWS rows or BATCH_MS old), so a crash loses
// at most the cells of the open batch; batch numbers let the run report a cell only once it is
// committed (commit-gate.ts). A store failure never stops the eval: one warning, and the run goes
// on writing its other outputs.

import { hostname } from 'node:os';
import { errorMessage } from '../errors.js';
import { stringifyResultOnce } from '../results/export-result.js';
import { plainLongestString } from '../results/plain-result.js';
import {
  FailureReason,
  type EvalResult,
  type RunStartInfo,
  type RunSummary,
  type SkippedCell,
} from '../results/types.js';
import type { RunListener } from '../runner/events.js';
import { BackgroundCheckpoints } from './background-checkpoints.js';
import { CELL_KEY } from './cell-lookup.js';
import { CellBatchWriter, type CellRow, type QueuedRow, rollbackQuietly } from './cell-batch.js';
import { OffThreadCommits } from './off-thread-commits.js';
import type { Store } from './open-store.js';
import { storeError } from './open-store.js';
import { BLOB_MIN_CHARS, PayloadCodec } from './payload.js';
import { scalar } from './sql.js';
import type { BatchReply } from './store-worker.js';

// A batch's cells are held (commit-gate.ts) until it commits; a fast run (echo, ~12k cells/s)
// fills 250 in ~20 ms, long enough for every held result to survive two scavenges and be copied
// into the old generation. 100 halves that; with the cell key index appended to (schema 2) a
// commit's fixed cost is small: on the 100k-cell echo run 0.94x the CPU of 250 and ~2 MB less peak RSS.
const BATCH_ROWS = 100;
// A commit rewrites the table's and indexes' last pages, ~0.5-1 ms here; at most one every 25 ms
// keeps that near 2% of a core. Cells wait at most this long to be reported (commit-gate.ts).
const BATCH_MS = 25;
/** WAL size at which a commit on the run's thread also checkpoints (see onStart): 500 pages of 4 KB. */
const WAL_CHECKPOINT_BYTES = 2_048_000;
/**
 * The run's own bound while background-checkpoints.ts checkpoints every ~2 MB off the run's thread,
 * four times the one above: the run's commits checkpoint only if those fall behind (or fail), so
 * the WAL stays bounded.
 */
const WAL_FALLBACK_CHECKPOINT_BYTES = 4 * WAL_CHECKPOINT_BYTES;
/** Bytes a cell row adds to the WAL besides its body (columns, index entries), for the estimate. */
const ROW_OVERHEAD_BYTES = 200;
// Runs with at least this many cells commit on a worker thread when asked to (offThread). Off
// unless ASSAY_STORE_WORKER_MIN_CELLS sets it: on a 100k-cell echo run it takes about a sixth of
// the main thread's CPU off it but is no faster on 2 cores (the other core also runs the
// collector), for ~20 MB more peak memory (a second V8 isolate and libsql connection).
const OFF_THREAD_MIN_CELLS = cellCountFromEnv(process.env.ASSAY_STORE_WORKER_MIN_CELLS) ?? Number.POSITIVE_INFINITY;

function cellCountFromEnv(text: string | undefined): number | undefined {
  const count = text?.trim() ? Number(text) : Number.NaN;
  return count >= 0 ? count : undefined;
}

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
  private readonly batches: CellBatchWriter;
  private readonly lastAttempt;
  private evalId = '';
  /** Rows waiting for the next commit (at most BATCH_ROWS, for at most BATCH_MS). */
  private queued: QueuedRow[] = [];
  /** What each queued row's body is written from, at commit time (so the text lives only briefly). */
  private sources: Array<EvalResult | SkippedCell> = [];
  private timer: NodeJS.Timeout | undefined;
  /** Batches are numbered from 1; `committed` is the last one committed here or heard of (Infinity once the store failed). */
  private openBatch = 1;
  private committed = 0;
  /** Called after each commit (and once the store fails): the commit gate delivers what it held. */
  onCommit: (() => void) | undefined;
  private failed = false;
  /** True when this run continues a stored eval (resume, retry): only then can a cell have earlier attempts. */
  private continuing = false;
  /** The worker thread committing the batches, for a large run asked to use one. */
  private offThread: OffThreadCommits | undefined;
  /** Checkpoints on libsql's threads, when this thread commits the batches. */
  private checkpoints: BackgroundCheckpoints | undefined;

  constructor(
    private readonly store: Store,
    private readonly warn: (message: string) => void,
    private readonly options: { offThread?: boolean } = {},
  ) {
    const { db } = store;
    this.codec = new PayloadCodec(db);
    this.batches = new CellBatchWriter(db);
    this.lastAttempt = db.prepare(`SELECT coalesce(max(attempt), 0) FROM cells WHERE ${CELL_KEY}`);
  }
  /**
   * The last batch committed (Infinity once the store failed). With a worker committing, its shared
   * counter is read directly: waiting for its reply message (one event-loop turn at least) kept
   * every held result alive through several young-generation collections, so most were copied
   * into the old generation.
   */
  get committedBatch(): number {
    const offThread = this.offThread;
    return offThread ? Math.max(this.committed, offThread.committedSoFar()) : this.committed;
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
    // The commit that crosses the WAL's checkpoint size copies the WAL into the database and syncs
    // it, on this (the run's) thread: at 4,000 pages that commit took 35-45 ms, a stall that delays
    // every reply in flight. At 2 MB (500 pages of 4 KB) the worst commit is ~14 ms, for ~7% more commit
    // time in all (measured: 100,000 rows of 1.5 KB in batches of 250).
    // When this thread commits, the checkpoints run on libsql's threads (background-checkpoints.ts)
    // and a commit here checkpoints only past the larger fallback bound.
    const offThread = this.options.offThread === true && info.totalCells >= OFF_THREAD_MIN_CELLS;
    if (!offThread) this.checkpoints = new BackgroundCheckpoints(this.store.path);
    const pageSize = Number(scalar<number>(this.store.db.prepare('PRAGMA page_size')) ?? 4096);
    const walBound = offThread ? WAL_CHECKPOINT_BYTES : WAL_FALLBACK_CHECKPOINT_BYTES;
    this.store.db.exec(`PRAGMA wal_autocheckpoint = ${Math.ceil(walBound / pageSize)}`);
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
    if (offThread) {
      this.offThread = OffThreadCommits.start(this.store.path, (reply) => this.onReply(reply));
    }
  }

  private onResult(result: EvalResult): void {
    const cellId = result.cellId ?? `${result.testIdx}:${result.promptIdx}`;
    // A new attempt numbers itself after the cell's last real attempt (attempt 0 = skipped).
    const attempt = this.continuing
      ? Number(scalar<number>(this.lastAttempt, this.evalId, result.testIdx, result.promptIdx, cellId) ?? 0) + 1
      : 1;
    // Later sinks (files, console) show the attempt count of a retried cell.
    if (attempt > 1) result.attempts = attempt;
    const values: CellRow = [
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
      '', // created_at: the batch's time, stamped at commit (cell-batch.ts)
      '', // the body: written at commit
    ];
    this.write({ skipped: false, values }, result);
  }

  private onSkipped(cell: SkippedCell): void {
    this.write(
      {
        skipped: true,
        values: [
          this.evalId,
          cell.cellId ?? `${cell.testIdx}:${cell.promptIdx}`,
          cell.testIdx,
          cell.promptIdx,
          cell.repeatIndex,
          cell.reason,
          cell.provider.label ?? cell.provider.id,
          cell.description ?? null,
          '', // created_at: stamped at commit
          '', // the body: written at commit
        ],
      },
      cell,
    );
  }

  private onEnd(summary: RunSummary): void {
    this.commit();
    // The eval's row says complete only once its last cells are in.
    this.settleOffThread();
    if (this.failed) return;
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
    this.stopCheckpoints();
  }

  /** Stops the background checkpoints (the connection closes once one in flight has finished). */
  stopCheckpoints(): void {
    this.checkpoints?.stop();
    this.checkpoints = undefined;
  }

  /**
   * Queues one row for the batch, committing when the batch is full. The transaction is opened
   * only at commit time, so the store's write lock is held for the inserts alone, never across the
   * run's own work (a long synchronous step elsewhere would otherwise block every other writer).
   */
  private write(row: QueuedRow, source: EvalResult | SkippedCell): void {
    this.queued.push(row);
    this.sources.push(source);
    if (this.queued.length >= BATCH_ROWS) this.commit();
    else this.timer ??= setTimeout(() => this.safely(() => this.commit()), BATCH_MS);
  }

  /** The batch that must commit before the events handed in so far may be reported. */
  batchToWaitFor(): number {
    return this.queued.length > 0 ? this.openBatch : this.openBatch - 1;
  }

  /** Commits the queued batch (waiting for the worker, if one commits) if the store still works; never throws. */
  flush(): void {
    this.safely(() => {
      this.commit();
      this.settleOffThread();
    });
  }

  /**
   * Commits the queued batch in one transaction, or hands it to the worker thread: when full,
   * after BATCH_MS, and at the end of the run.
   */
  private commit(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queued;
    if (batch.length === 0) return;
    const sources = this.sources;
    this.queued = [];
    this.sources = [];
    let bytes = 0;
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i]!;
      const { skipped, values } = row;
      // A result's body is the JSON its file outputs write a moment later (serialised once, shared).
      const body = skipped ? JSON.stringify(sources[i]) : stringifyResultOnce(sources[i] as EvalResult);
      values[values.length - 1] = body;
      bytes += body.length + ROW_OVERHEAD_BYTES;
      // A plain result whose strings are all short holds nothing for the blobs table.
      if (!skipped && (plainLongestString(sources[i]!) ?? BLOB_MIN_CHARS) < BLOB_MIN_CHARS) row.shortText = true;
    }
    const number = this.openBatch++;
    if (this.offThread) {
      this.offThread.post(number, batch);
      return;
    }
    this.batches.commit(batch);
    this.committed = number;
    this.checkpoints?.afterCommit(bytes);
    this.onCommit?.();
  }

  /** Waits until the worker has committed every batch handed to it, then stops it. */
  private settleOffThread(): void {
    const offThread = this.offThread;
    if (!offThread) return;
    this.offThread = undefined;
    const answered = offThread.waitFor(this.openBatch - 1);
    offThread.stop();
    if (!answered && !this.failed) this.fail(new Error('the store did not answer in time'));
  }

  private onReply(reply: BatchReply): void {
    if (this.failed) return;
    if (reply.failure !== undefined) {
      this.fail(reply.failure);
      return;
    }
    this.committed = Math.max(this.committed, reply.number);
    this.onCommit?.();
  }

  /** Commits (or hands the worker) the rows queued so far without waiting for the batch to fill; never throws. */
  commitQueued(): void {
    this.safely(() => this.commit());
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

  /** `err` is the store's error, or (from the worker) its text already. */
  private fail(err: unknown): void {
    this.failed = true;
    this.queued = [];
    this.sources = [];
    clearTimeout(this.timer);
    const offThread = this.offThread;
    this.offThread = undefined;
    offThread?.stop();
    this.stopCheckpoints();
    // Whatever waits for these cells goes on: the run outlives its store.
    this.committed = Number.POSITIVE_INFINITY;
    this.onCommit?.();
    rollbackQuietly(this.store.db);
    const detail = typeof err === 'string' ? err : errorMessage(storeError(err, this.store.path));
    this.warn(
      `The eval store could not be written, so this run will not be in \`assay list\` (${detail}). Other outputs are unaffected.`,
    );
  }
}
