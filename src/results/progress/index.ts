// Progress while a run goes: on a terminal, one bar on stderr redrawn in place (throttled) and
// cleared at the end, since the summary says the rest; elsewhere (CI, pipes), plain lines at each
// 10% and every few seconds.

import type { EvalResult, RunEvent } from '../types.js';
import { ProgressState } from './state.js';
import { formatBar, formatLine, formatWaiting } from './format.js';
import { plural } from '../format-numbers.js';

export interface ProgressOptions {
  tty: boolean;
  /** Minimum time between redraws of the bar. Default 100 ms (~10 redraws/s). */
  redrawMs?: number;
  /** Plain mode: also print a line when this long has passed since the last one. Default 5 s. */
  lineEveryMs?: number;
  /** While the bar shows, redraw this often without events, so a wait counts down. Default 1 s. */
  tickMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface ProgressReporter {
  onEvent(event: RunEvent): void;
  /** Erases the bar's line so another message can take it; the next redraw brings the bar back. */
  clearLine(): void;
  /** Ends the progress output (the bar's line is cleared); safe to call more than once. */
  stop(): void;
}

/**
 * An event cut down to what progress output reads of a result (its status, provider and prompt),
 * so making it terminal-safe does not copy every output and var of every cell.
 */
export function progressView(event: RunEvent): RunEvent {
  if (event.type === 'result') return { ...event, result: shownCell(event.result) };
  if (event.type === 'progress' && event.latest) return { ...event, latest: shownCell(event.latest) };
  return event;
}

function shownCell(result: EvalResult): EvalResult {
  return {
    success: result.success,
    failureReason: result.failureReason,
    prompt: { raw: result.prompt.raw, label: result.prompt.label },
    provider: { id: result.provider.id, label: result.provider.label },
  } as EvalResult;
}

export function createProgressReporter(
  stream: NodeJS.WriteStream | NodeJS.WritableStream,
  opts: ProgressOptions,
): ProgressReporter {
  return opts.tty ? new BarReporter(stream, opts) : new LineReporter(stream, opts);
}

class BarReporter implements ProgressReporter {
  private readonly state: ProgressState;
  private readonly redrawMs: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  // Redraws with no events (a long rate-limit wait), so the countdown, rate and ETA stay live.
  private ticker: NodeJS.Timeout | undefined;
  private drawn = false;
  private stopped = false;

  constructor(
    private readonly stream: NodeJS.WriteStream | NodeJS.WritableStream,
    private readonly opts: ProgressOptions,
  ) {
    this.state = new ProgressState(opts.now ?? Date.now);
    this.redrawMs = opts.redrawMs ?? 100;
  }

  onEvent(event: RunEvent): void {
    if (this.stopped || !this.state.apply(event)) return;
    if (event.type === 'end') return this.stop();
    const now = (this.opts.now ?? Date.now)();
    if (now - this.lastDraw >= this.redrawMs) return this.draw(now);
    // Throttled: make sure the latest state still shows once the window passes.
    this.timer ??= setTimeout(
      () => {
        this.timer = undefined;
        if (!this.stopped) this.draw((this.opts.now ?? Date.now)());
      },
      this.redrawMs - (now - this.lastDraw),
    );
    this.timer.unref?.();
  }

  clearLine(): void {
    if (!this.stopped && this.drawn) this.stream.write('\r\u001b[K');
  }

  stop(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    // The finished bar would only repeat the summary: erase it so the table starts clean.
    if (this.drawn) this.stream.write('\r\u001b[K');
    this.stopped = true;
  }

  private draw(now: number): void {
    this.lastDraw = now;
    this.drawn = true;
    if (!this.ticker) {
      this.ticker = setInterval(() => {
        if (!this.stopped) this.draw((this.opts.now ?? Date.now)());
      }, this.opts.tickMs ?? 1000);
      this.ticker.unref?.();
    }
    const columns = (this.stream as { columns?: number }).columns;
    // Two spare columns: the terminal echoes "^C" after the bar, and a wrapped echo could not be erased.
    const width = typeof columns === 'number' && columns > 20 ? columns - 3 : 100;
    // \r + erase-to-end-of-line: redraw in place without leaving residue from a longer line.
    this.stream.write(`\r${formatBar(this.state, width)}\u001b[K`);
  }
}

class LineReporter implements ProgressReporter {
  private readonly state: ProgressState;
  private readonly lineEveryMs: number;
  private lastLineAt = 0;
  private lastDecile = 0;
  private lastCompleted = -1;
  private stopped = false;

  constructor(
    private readonly stream: NodeJS.WriteStream | NodeJS.WritableStream,
    private readonly opts: ProgressOptions,
  ) {
    this.state = new ProgressState(opts.now ?? Date.now);
    this.lineEveryMs = opts.lineEveryMs ?? 5000;
  }

  onEvent(event: RunEvent): void {
    if (this.stopped || !this.state.apply(event)) return;
    const now = (this.opts.now ?? Date.now)();
    if (event.type === 'start') {
      const s = this.state;
      this.lastLineAt = now;
      this.stream.write(
        `Evaluating ${plural(s.total, 'cell')} (${plural(s.rows, 'row')} x ${plural(s.columns, 'column')}, up to ${s.concurrency} at a time)\n`,
      );
      return;
    }
    if (event.type === 'end') return this.stop();
    if (event.type === 'waiting') return this.printWaiting(now);
    const decile = Math.floor(this.state.percent() / 10);
    if (decile > this.lastDecile || now - this.lastLineAt >= this.lineEveryMs) {
      this.lastDecile = Math.max(this.lastDecile, decile);
      this.print(now);
    }
  }

  clearLine(): void {
    // Plain lines always end in a newline: nothing to erase.
  }

  stop(): void {
    if (this.stopped) return;
    if (this.state.completed !== this.lastCompleted && this.state.total > 0) this.print((this.opts.now ?? Date.now)());
    this.stopped = true;
  }

  // One waiting line per lineEveryMs at most: a burst of refused calls must not flood the log.
  private lastWaitingAt = Number.NEGATIVE_INFINITY;
  private printWaiting(now: number): void {
    const waiting = this.state.waitingNow();
    if (!waiting || now - this.lastWaitingAt < this.lineEveryMs) return;
    this.lastWaitingAt = now;
    this.stream.write(`${formatWaiting(waiting)[0]!.toUpperCase()}${formatWaiting(waiting).slice(1)}\n`);
  }

  private print(now: number): void {
    this.lastLineAt = now;
    this.lastCompleted = this.state.completed;
    this.stream.write(`${formatLine(this.state)}\n`);
  }
}
