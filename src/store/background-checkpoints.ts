// Copies the store's WAL into the database (a checkpoint) on libsql's own threads instead of the
// run's: on a 100,000-cell echo run the checkpoints were ~0.3 s of the main thread's time (reading
// the WAL back, writing each page into the database, two fsyncs each), stalling every reply in
// flight. The writer's connection keeps a fallback bound (store-writer.ts), so the WAL stays
// bounded even if these fall behind or fail.

import { type AsyncConnection, openAsyncConnection } from './load-libsql.js';

/** Bytes committed since the last checkpoint after which the next one starts (~the old 2 MB bound). */
const CHECKPOINT_EVERY_BYTES = 2_048_000;
/** Checkpoints started at once after one during which commits came (see afterCheckpoint). */
const MAX_CHASES = 3;

export class BackgroundCheckpoints {
  private connection: AsyncConnection | undefined;
  private inFlight: Promise<void> | undefined;
  private committedBytes = 0;
  /** Commits since the checkpoint in flight started, and follow-up checkpoints started in a row. */
  private commitsDuring = 0;
  private chases = 0;
  /** Set once opening or a checkpoint failed, or on close: from then on the writer's own bound does the work. */
  private stopped = false;

  constructor(private readonly path: string) {}

  /**
   * Called after each commit with about how many bytes it wrote. Starts a checkpoint right after a
   * commit, so it has the time until the next one to finish: a checkpoint that has copied the
   * whole WAL when the next write begins lets SQLite write the WAL from its start again.
   */
  afterCommit(bytes: number): void {
    this.committedBytes += bytes;
    if (this.inFlight) this.commitsDuring++;
    if (this.stopped || this.inFlight || this.committedBytes < CHECKPOINT_EVERY_BYTES) return;
    this.chases = 0;
    this.start();
  }

  private start(): void {
    this.committedBytes = 0;
    this.commitsDuring = 0;
    try {
      // Opened when first needed: a small eval never opens it.
      this.connection ??= openAsyncConnection(this.path);
      // PASSIVE: copies what no reader still needs, never waits for a lock and never blocks the writer.
      this.inFlight = this.connection.exec('PRAGMA wal_checkpoint(PASSIVE)').then(
        () => {
          this.inFlight = undefined;
          this.afterCheckpoint();
        },
        () => {
          this.inFlight = undefined;
          this.stop();
        },
      );
    } catch {
      this.stop();
    }
  }

  /**
   * SQLite writes the WAL from its start again only when a write begins with every frame copied.
   * A checkpoint copies the frames committed before it started: if commits came while it ran, the
   * next write would append, and the WAL would grow until the writer's fallback bound. A follow-up
   * checkpoint copies just those commits' frames (quick), usually before the next commit.
   */
  private afterCheckpoint(): void {
    if (this.stopped || this.commitsDuring === 0 || this.chases >= MAX_CHASES) return;
    this.chases++;
    this.start();
  }

  /** Closes the connection once a checkpoint in flight has finished; never throws. */
  stop(): void {
    this.stopped = true;
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    const close = () => {
      try {
        connection.close();
      } catch {
        // A checkpoint connection holds nothing uncommitted: closing it cannot lose a cell.
      }
    };
    if (this.inFlight) void this.inFlight.then(close);
    else close();
  }
}
