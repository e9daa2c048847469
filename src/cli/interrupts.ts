// Signals during an eval. Ctrl-C: the first stops new cells from starting and lets cells in
// flight finish, so every output still gets written; the second cancels cells in flight and, if
// the outputs cannot be flushed within a few seconds, exits 130 at once. SIGTERM (a CI job
// cancelled, a container stopped) cancels cells in flight at once and writes every output for
// what completed, then the eval exits 143: the caller's grace period is short.

const FORCE_EXIT_AFTER_MS = 3_000;

/** 128 + the signal number, as a shell reports a process ended by that signal. */
export const EXIT_INTERRUPTED = 130;
export const EXIT_TERMINATED = 143;

export interface InterruptHandler {
  stopSignal: AbortSignal;
  cancelSignal: AbortSignal;
  /** Ctrl-Cs received. */
  readonly count: number;
  /** True once SIGTERM arrived. */
  readonly terminated: boolean;
  dispose(): void;
}

export function installInterruptHandler(): InterruptHandler {
  const stop = new AbortController();
  const cancel = new AbortController();
  let count = 0;
  let terminated = false;
  const onInterrupt = () => {
    count++;
    if (count === 1) {
      // Two lines: as one it wrapped in an 80-column terminal.
      process.stderr.write(
        '\nStopping: no new cells will start; waiting for cells in flight.\nPress Ctrl-C again to cancel them.\n',
      );
      stop.abort(new Error('Stopped by the user'));
    } else {
      process.stderr.write('\nCancelling cells in flight and writing outputs...\n');
      cancel.abort(new Error('Cancelled by the user'));
      setTimeout(() => process.exit(terminated ? EXIT_TERMINATED : EXIT_INTERRUPTED), FORCE_EXIT_AFTER_MS).unref();
    }
  };
  const onTerminate = () => {
    // A second SIGTERM means the caller will not wait: leave now.
    if (terminated) process.exit(EXIT_TERMINATED);
    terminated = true;
    process.stderr.write('\nTerminated (SIGTERM): cancelling cells in flight and writing outputs...\n');
    const reason = new Error('Terminated by SIGTERM');
    stop.abort(reason);
    cancel.abort(reason);
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  return {
    stopSignal: stop.signal,
    cancelSignal: cancel.signal,
    get count() {
      return count;
    },
    get terminated() {
      return terminated;
    },
    dispose() {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
    },
  };
}
