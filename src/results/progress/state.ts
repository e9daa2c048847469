// Progress counters fed by run events, shared by the TTY bar and the plain-line reporter.

import { cellStatus } from '../metrics.js';
import type { EvalResult, RunEvent, WaitNotice } from '../types.js';

export class ProgressState {
  total = 0;
  completed = 0;
  errors = 0;
  concurrency = 0;
  rows = 0;
  columns = 0;
  latest: EvalResult | undefined;
  startedAt: number;
  ended = false;
  /** The latest rate-limit or retry wait, shown until it is over. */
  waiting: { notice: WaitNotice; until: number } | undefined;
  // Once the runner sends progress events they are authoritative; before that, results count.
  private sawProgress = false;

  constructor(private readonly now: () => number) {
    this.startedAt = now();
  }

  /** Applies an event; returns true when the counters changed. */
  apply(event: RunEvent): boolean {
    switch (event.type) {
      case 'start':
        this.total = event.info.totalCells;
        this.concurrency = event.info.concurrency;
        this.rows = event.info.totalRows;
        this.columns = event.info.prompts.length;
        this.startedAt = this.now();
        return true;
      case 'progress':
        this.sawProgress = true;
        this.completed = event.completed;
        this.total = event.total;
        this.errors = event.errors;
        if (event.latest) this.latest = event.latest;
        return true;
      case 'result':
        this.latest = event.result;
        if (this.sawProgress) return false;
        this.completed++;
        if (cellStatus(event.result) === 'ERROR') this.errors++;
        return true;
      case 'skipped':
        return false;
      case 'end':
        this.ended = true;
        return true;
      case 'waiting': {
        const until = this.now() + event.delayMs;
        // Several calls may wait at once: show the one that ends last.
        if (this.waitingNow() && this.waiting!.until >= until) return false;
        this.waiting = { notice: event, until };
        return true;
      }
    }
  }

  /** The wait still under way, if any. */
  waitingNow(): WaitNotice | undefined {
    return this.waiting && this.now() < this.waiting.until ? this.waiting.notice : undefined;
  }

  /** How long the wait under way has left, in ms; 0 when nothing is waiting. */
  waitRemainingMs(): number {
    return this.waitingNow() ? Math.max(0, this.waiting!.until - this.now()) : 0;
  }

  percent(): number {
    return this.total > 0 ? Math.min(100, Math.floor((this.completed / this.total) * 100)) : 100;
  }

  /**
   * Time left at the rate so far; undefined until a cell has finished (no rate yet) and once
   * every cell has.
   */
  etaMs(): number | undefined {
    const rate = this.rate();
    if (this.completed === 0 || rate <= 0 || this.completed >= this.total) return undefined;
    // Nothing finishes while every call waits, so the run cannot end before the wait does.
    return Math.max(((this.total - this.completed) / rate) * 1000, this.waitRemainingMs());
  }

  /** Cells per second since the start. */
  rate(): number {
    const seconds = (this.now() - this.startedAt) / 1000;
    return seconds > 0 ? this.completed / seconds : 0;
  }
}
