// Stops calling an endpoint that cannot be reached: after a few connection failures in a row with
// no success in between (3 for an endpoint that never answered in this run, 10 for one that did),
// the remaining calls fail at once with one clear message instead of each retrying for seconds
// (a dead server must not cost minutes). Every `reprobeMs` one call is let through to see whether
// the server is back; a success closes the circuit again.

import type { FailureKind, ProviderFailure } from '../providers/types.js';

/** Consecutive connection failures (no success between) that open the circuit. */
export const FAILURES_BEFORE_OPEN = 3;
/**
 * The same for an endpoint that has answered earlier in the run: a server that restarts or drops a
 * burst of pooled connections should be ridden out by retries, not have cells failed at once.
 */
export const FAILURES_BEFORE_OPEN_AFTER_ANSWERS = 10;
export const DEFAULT_REPROBE_MS = 10_000;

const CONNECTION_KINDS: ReadonlySet<FailureKind> = new Set(['connection', 'unreachable']);

export class CircuitBreaker {
  private consecutive = 0;
  private answered = false;
  private openedAt: number | undefined;
  private probing = false;
  // Fixed when the circuit opens, so every refused cell carries the same text (one error group).
  private message = '';

  constructor(
    private readonly reprobeMs = DEFAULT_REPROBE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get isOpen(): boolean {
    return this.openedAt !== undefined;
  }

  /**
   * Undefined when a call may go ahead (the circuit is closed, or this call is the periodic
   * probe); otherwise the message the call fails with, without being sent.
   */
  refuse(): string | undefined {
    if (this.openedAt === undefined) return undefined;
    if (!this.probing && this.now() - this.openedAt >= this.reprobeMs) {
      this.probing = true;
      return undefined;
    }
    return this.message;
  }

  /** A call that was let through ended without an outcome (aborted): a later call may probe. */
  abandoned(): void {
    this.probing = false;
  }

  /** Feeds the outcome of a call that was sent. */
  record(failure: ProviderFailure | undefined, error: string | undefined): void {
    if (failure && CONNECTION_KINDS.has(failure.kind)) {
      this.consecutive++;
      const threshold = this.answered ? FAILURES_BEFORE_OPEN_AFTER_ANSWERS : FAILURES_BEFORE_OPEN;
      if (this.probing || (this.openedAt === undefined && this.consecutive >= threshold)) {
        this.openedAt = this.now();
        this.message =
          `Not sent: the endpoint could not be reached ${this.consecutive} times in a row with no success ` +
          `(last error: ${error ?? failure.kind}). The remaining calls to it fail at once; Assay tries it again every ${Math.round(this.reprobeMs / 1000)} s. ` +
          'Check that the server is running and the base URL is right.';
      }
      this.probing = false;
      return;
    }
    // Any answer from the server (even an error status) shows it is reachable.
    this.answered = true;
    this.consecutive = 0;
    this.openedAt = undefined;
    this.probing = false;
  }
}
