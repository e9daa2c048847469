// Server-sent events for evals still running: one poll every POLL_MS for all subscribers (not
// one per client), reading the store's newest cell sequence number first, so an idle store costs
// one indexed max() per tick. When cells were added, each watched eval's counts are sent as
// `progress`; when it is no longer running, `end` is sent and its streams are closed.

import type { ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { type EvalListing, getListing } from '../../store/queries.js';
import type { LiveProgress } from '../contract.js';
import type { ReadStore } from './read-store.js';

const POLL_MS = 300;
// Proxies and browsers drop an SSE stream that stays silent; a comment line keeps it open.
const KEEPALIVE_MS = 15_000;

export class LiveEvents {
  private readonly watchers = new Map<string, Set<ServerResponse>>();
  private readonly lastSent = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private keepalive: NodeJS.Timeout | undefined;
  private lastVersion = -1;
  private readonly statusOf;

  constructor(
    private readonly store: ReadStore,
    private readonly onError: (err: unknown) => void,
  ) {
    this.statusOf = store.db.prepare('SELECT status, pid, host FROM evals WHERE id = ?');
  }

  subscribe(evalId: string, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    const progress = this.progress(evalId);
    send(res, 'progress', progress);
    if (progress.status !== 'running') {
      send(res, 'end', progress);
      res.end();
      return;
    }
    let set = this.watchers.get(evalId);
    if (!set) this.watchers.set(evalId, (set = new Set()));
    set.add(res);
    this.lastSent.set(evalId, JSON.stringify(progress));
    res.on('close', () => this.drop(evalId, res));
    this.timer ??= setInterval(() => this.poll(), POLL_MS);
    this.keepalive ??= setInterval(() => {
      for (const streams of this.watchers.values()) for (const r of streams) r.write(': keep-alive\n\n');
    }, KEEPALIVE_MS);
  }

  /** Ends every stream (the server is stopping). */
  close(): void {
    for (const streams of this.watchers.values()) for (const res of streams) res.end();
    this.watchers.clear();
    this.stopTimers();
  }

  private drop(evalId: string, res: ServerResponse): void {
    const set = this.watchers.get(evalId);
    set?.delete(res);
    if (set && set.size === 0) {
      this.watchers.delete(evalId);
      this.lastSent.delete(evalId);
    }
    if (this.watchers.size === 0) this.stopTimers();
  }

  private stopTimers(): void {
    clearInterval(this.timer);
    clearInterval(this.keepalive);
    this.timer = undefined;
    this.keepalive = undefined;
    this.lastVersion = -1;
  }

  private progress(evalId: string): LiveProgress {
    return toProgress(getListing(this.store.db, evalId));
  }

  /** True while the evals row says running and its process is alive: a cheap check, no cell counts. */
  private unchangedAndRunning(evalId: string, version: number): boolean {
    if (version !== this.lastVersion) return false;
    const row = this.statusOf.raw(true).get(evalId) as [string, number | null, string | null] | undefined;
    const [status, pid, host] = row ?? [];
    if (status !== 'running') return false;
    if (!pid || (host && host !== hostname())) return true;
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  private poll(): void {
    try {
      const version = this.store.version();
      for (const [evalId, streams] of [...this.watchers]) {
        // The status can change without new cells (the run ends, or its process dies): check it each tick.
        if (this.unchangedAndRunning(evalId, version)) continue;
        const progress = this.progress(evalId);
        const text = JSON.stringify(progress);
        if (text !== this.lastSent.get(evalId)) {
          this.lastSent.set(evalId, text);
          for (const res of streams) send(res, 'progress', progress);
        }
        if (progress.status !== 'running') {
          for (const res of streams) {
            send(res, 'end', progress);
            res.end();
          }
          this.watchers.delete(evalId);
          this.lastSent.delete(evalId);
        }
      }
      this.lastVersion = version;
      if (this.watchers.size === 0) this.stopTimers();
    } catch (err) {
      this.onError(err);
    }
  }
}

function toProgress(listing: EvalListing): LiveProgress {
  return {
    status: listing.status,
    cells: listing.successes + listing.failures + listing.errors,
    successes: listing.successes,
    failures: listing.failures,
    errors: listing.errors,
    skipped: listing.skipped,
  };
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
