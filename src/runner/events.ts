// The runner reports through events only; sinks, the progress bar and the library collector
// subscribe. Emission is serialised so a sink sees start, results, end in order, one at a time.

import type { RunEvent, Sink } from '../results/types.js';

export type RunListener = (event: RunEvent) => void | Promise<void>;

export function sinkListener(sink: Sink): RunListener {
  return (event) => {
    switch (event.type) {
      case 'start':
        return sink.onRunStart?.(event.info);
      case 'result':
        return sink.onResult?.(event.result);
      case 'skipped':
        return sink.onSkipped?.(event.cell);
      case 'end':
        return sink.onRunEnd?.(event.summary);
      default:
        return undefined;
    }
  };
}

export class EventBus {
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(private readonly listeners: RunListener[]) {}

  /** Queues an event; listeners run in order. A listener failure is kept and rethrown by `drain`. */
  emit(event: RunEvent): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (this.failure) return;
      try {
        for (const listener of this.listeners) await listener(event);
      } catch (err) {
        this.failure = err;
      }
    });
    return this.queue;
  }

  async drain(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
  }
}
