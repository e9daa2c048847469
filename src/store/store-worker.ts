// The store's worker thread: commits the cell batches the run's StoreWriter posts, in order, on
// its own connection, so SQLite's inserts, commits and WAL checkpoints (a quarter of a large
// echo run's main-thread time) overlap with the run instead of stalling it. After each batch it
// raises the shared counter (for a caller blocked in flush) and posts the outcome.

import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import { CellBatchWriter, type QueuedRow } from './cell-batch.js';
import { openStore, storeError } from './open-store.js';

export interface StoreWorkerData {
  path: string;
  /** [0]: the last batch number handled (Atomics.notify'd after each); [1]: the last one committed. */
  state: Int32Array;
  replies: MessagePort;
}

export interface BatchMessage {
  number: number;
  /**
   * The rows as one JSON array, each row [kind, ...values without the body] (kind 0: a result,
   * 1: a skipped cell, 2: a result whose body holds no long string); the bodies follow in
   * `bodies`, in order, joined by newlines.
   */
  rows: string;
  bodies: string;
}

/** One per batch, in order; `failure` is the store's error text, once (later batches are dropped). */
export interface BatchReply {
  number: number;
  failure?: string;
}

const { path, state, replies } = workerData as StoreWorkerData;
let writer: CellBatchWriter | undefined;
let failed = false;

function commit(rows: QueuedRow[]): string | undefined {
  try {
    if (!writer) {
      const { db } = openStore(path);
      // Checkpoint the WAL less often (16 MB): a long checkpoint stalls only this thread, not the run.
      const pageSize = Number((db.prepare('PRAGMA page_size').raw(true).get() as [number])[0]);
      db.exec(`PRAGMA wal_autocheckpoint = ${Math.ceil(16_384_000 / pageSize)}`);
      writer = new CellBatchWriter(db);
    }
    writer.commit(rows);
    return undefined;
  } catch (err) {
    failed = true;
    return errorMessage(storeError(err, path));
  }
}

function decode(rowsJson: string, bodies: string): QueuedRow[] {
  const heads = JSON.parse(rowsJson) as Array<[number, ...unknown[]]>;
  const texts = bodies.split('\n');
  return heads.map((head, i) => {
    const values = head.slice(1);
    values.push(texts[i]!);
    return head[0] === 1
      ? ({ skipped: true, values } as QueuedRow)
      : ({ skipped: false, values, shortText: head[0] === 2 } as QueuedRow);
  });
}

parentPort?.on('message', ({ number, rows, bodies }: BatchMessage) => {
  const failure = failed ? undefined : commit(decode(rows, bodies));
  const reply: BatchReply = failure === undefined ? { number } : { number, failure };
  // The reply first: a caller blocked on the counter reads it synchronously once woken.
  replies.postMessage(reply);
  if (failure === undefined && !failed) Atomics.store(state, 1, number);
  Atomics.store(state, 0, number);
  Atomics.notify(state, 0);
});
