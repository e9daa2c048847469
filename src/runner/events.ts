// The runner reports through events only; sinks, the progress bar and the library collector
// subscribe. Emission is serialised so a sink sees start, results, end in order, one at a time.

import type { RunEvent, Sink } from '../results/types.js';
import { scrubValue } from '../redaction/scrub-value.js';

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
    this.queue = this.queue.then(() => this.deliver(event));
    return this.queue;
  }

  private deliver(event: RunEvent): void | Promise<void> {
    if (this.failure) return;
    let safe: RunEvent;
    try {
      // The one boundary every sink, the console and the library collector sit behind: known
      // secret values echoed in outputs, errors or response headers are removed here.
      safe = scrubEvent(event);
    } catch (err) {
      this.failure = err;
      return;
    }
    return this.deliverFrom(safe, 0);
  }

  // Most listeners finish synchronously: only one that returns a promise is waited for, so an
  // event costs no extra turn of the microtask queue per listener.
  private deliverFrom(event: RunEvent, first: number): void | Promise<void> {
    for (let i = first; i < this.listeners.length; i++) {
      let pending: void | Promise<void>;
      try {
        pending = this.listeners[i]!(event);
      } catch (err) {
        this.failure = err;
        return;
      }
      if (pending && typeof pending.then === 'function') {
        return pending.then(
          () => this.deliverFrom(event, i + 1),
          (err: unknown) => {
            this.failure = err;
          },
        );
      }
    }
  }

  async drain(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
  }
}

// A progress event carries the result just emitted; scrubbing it once is enough.
const scrubbedResults = new WeakMap<object, unknown>();

function scrubEvent(event: RunEvent): RunEvent {
  if (event.type !== 'result' && event.type !== 'progress') return scrubValue(event);
  const result = event.type === 'result' ? event.result : event.latest;
  if (!result) return event;
  let safe = scrubbedResults.get(result) as typeof result | undefined;
  if (!safe) {
    safe = scrubValue(result);
    scrubbedResults.set(result, safe);
  }
  return event.type === 'result' ? { ...event, result: safe } : { ...event, latest: safe };
}
