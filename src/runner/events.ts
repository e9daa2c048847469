// The runner reports through events only; sinks, the progress bar and the library collector
// subscribe. Emission is serialised so a sink sees start, results, end in order, one at a time.

import type { RunEvent, Sink } from '../results/types.js';
import { scrubValue } from '../redaction/scrub-value.js';
import { knownSecretCount } from '../redaction/secret-registry.js';
import { plainWithoutHeaderMaps } from '../results/plain-result.js';

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

const DELIVERED: Promise<void> = Promise.resolve();

export class EventBus {
  /** The delivery still under way (a listener's promise), which later events queue behind. */
  private tail: Promise<void> | undefined;
  private delivering = false;
  private failure: unknown;
  private readonly lastScrubbed: LastScrubbed = {};

  constructor(private readonly listeners: RunListener[]) {}

  /** Queues an event; listeners run in order. A listener failure is kept and rethrown by `drain`. */
  emit(event: RunEvent): Promise<void> {
    // Nothing ahead of it: delivered now. Most listeners finish synchronously, so most events
    // cost no promise and no turn of the microtask queue (two events a cell).
    if (!this.tail && !this.delivering) {
      this.delivering = true;
      let pending: void | Promise<void>;
      try {
        pending = this.deliver(event);
      } finally {
        this.delivering = false;
      }
      return pending ? this.queueBehind(pending) : DELIVERED;
    }
    return this.queueBehind((this.tail ?? DELIVERED).then(() => this.deliver(event)));
  }

  private queueBehind(pending: Promise<void>): Promise<void> {
    const tail: Promise<void> = pending.then(() => {
      if (this.tail === tail) this.tail = undefined;
    });
    this.tail = tail;
    return tail;
  }

  private deliver(event: RunEvent): void | Promise<void> {
    if (this.failure) return;
    let safe: RunEvent;
    try {
      // The one boundary every sink, the console and the library collector sit behind: known
      // secret values echoed in outputs, errors or response headers are removed here.
      safe = scrubEvent(event, this.lastScrubbed);
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
    while (this.tail) await this.tail;
    if (this.failure) throw this.failure;
  }
}

// A progress event carries the result just emitted (record() emits the two back to back): the
// scrubbed form of the last result is kept for it, so a result is walked once.
interface LastScrubbed {
  result?: object;
  safe?: unknown;
}

function scrubEvent(event: RunEvent, last: LastScrubbed): RunEvent {
  if (event.type !== 'result' && event.type !== 'progress') return scrubValue(event);
  const result = event.type === 'result' ? event.result : event.latest;
  if (!result) return event;
  let safe = (last.result === result ? last.safe : undefined) as typeof result | undefined;
  if (!safe) {
    // Most results: no secret value known yet and, found plain when recorded, no header map to
    // look in; the walk would hand the result back as it is.
    safe = knownSecretCount() === 0 && plainWithoutHeaderMaps(result) ? result : scrubValue(result);
    last.result = result;
    last.safe = safe;
  }
  // Nothing secret in it (the usual case): the event as it is, no copy.
  if (safe === result) return event;
  return event.type === 'result' ? { ...event, result: safe } : { ...event, latest: safe };
}
