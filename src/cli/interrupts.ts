// Ctrl-C during an eval: the first stops new cells from starting and lets cells in flight
// finish, so every output still gets written; the second cancels cells in flight and, if the
// outputs cannot be flushed within a few seconds, exits 130 at once.

const FORCE_EXIT_AFTER_MS = 3_000;

export interface InterruptHandler {
  stopSignal: AbortSignal;
  cancelSignal: AbortSignal;
  readonly count: number;
  dispose(): void;
}

export function installInterruptHandler(): InterruptHandler {
  const stop = new AbortController();
  const cancel = new AbortController();
  let count = 0;
  const onInterrupt = () => {
    count++;
    if (count === 1) {
      process.stderr.write('\nStopping: no new cells will start; waiting for cells in flight. Press Ctrl-C again to cancel them.\n');
      stop.abort(new Error('Stopped by the user'));
    } else {
      process.stderr.write('\nCancelling cells in flight and writing outputs...\n');
      cancel.abort(new Error('Cancelled by the user'));
      setTimeout(() => process.exit(130), FORCE_EXIT_AFTER_MS).unref();
    }
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  return {
    stopSignal: stop.signal,
    cancelSignal: cancel.signal,
    get count() {
      return count;
    },
    dispose() {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    },
  };
}
