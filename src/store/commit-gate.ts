// Puts the store in front of a run's other listeners so that nothing reports a cell as done
// (progress, tables, -o files, the library's callback) before the store has committed it: a
// kill -9 then loses only cells no output has shown. The store takes every event at once, so its
// batches keep filling and committing while cells are in flight; the other listeners get each
// event, in order, as soon as the batch holding it commits (at most one batch interval later).

import type { RunEvent } from '../results/types.js';
import type { RunListener } from '../runner/events.js';
import type { StoreWriter } from './store-writer.js';

// Events waiting for a commit or a slow listener before the run itself is made to wait: a slow
// sink (a full disk, a slow terminal) still throttles the run instead of queueing without bound.
const MAX_WAITING_EVENTS = 1_000;
// A run made to wait goes on once this few are left: it does not wait for the whole queue (with
// the store on a worker thread, commits lag a batch or two behind the run).
const RESUME_AT_EVENTS = MAX_WAITING_EVENTS / 2;

interface Held {
  event: RunEvent;
  /** The store batch that must commit before the event is delivered. */
  batch: number;
}

export function afterCommit(writer: StoreWriter, listeners: RunListener[]): RunListener {
  let queue: Array<Held | undefined> = [];
  let head = 0;
  let pumping = false;
  let failure: { error: unknown } | undefined;
  const whenIdle: Array<() => void> = [];
  const whenShorter: Array<() => void> = [];

  // Delivers every held event whose batch has committed. Synchronous listeners (most) are called
  // without a promise per event; one that returns a promise (a file sink's backpressure) is awaited.
  const pump = async () => {
    pumping = true;
    try {
      for (let held = queue[head]; held && held.batch <= writer.committedBatch; held = queue[head]) {
        queue[head++] = undefined;
        if (failure) continue;
        try {
          for (const listener of listeners) {
            const pending = listener(held.event);
            if (pending) await pending;
          }
        } catch (error) {
          // As the event bus does: the first listener failure stops delivery and fails the run at its end.
          failure = { error };
        }
        if (whenShorter.length > 0 && queue.length - head <= RESUME_AT_EVENTS)
          for (const go of whenShorter.splice(0)) go();
      }
      if (head === queue.length) {
        queue = [];
        head = 0;
      }
    } finally {
      pumping = false;
      if (head === queue.length) for (const resolve of whenIdle.splice(0)) resolve();
      if (queue.length - head <= RESUME_AT_EVENTS) for (const go of whenShorter.splice(0)) go();
    }
  };
  const deliver = () => {
    if (!pumping) void pump();
  };
  writer.onCommit = deliver;

  const settled = async () => {
    if (pumping || head < queue.length) await new Promise<void>((resolve) => whenIdle.push(resolve));
    if (failure) throw failure.error;
  };

  // The run waits until the queue is down to RESUME_AT_EVENTS. Its open batch is committed now:
  // held events of a batch still filling would otherwise wait for the batch timer, the run with them.
  const shorter = async () => {
    writer.commitQueued();
    if (queue.length - head > RESUME_AT_EVENTS) await new Promise<void>((go) => whenShorter.push(go));
    if (failure) throw failure.error;
  };

  return (event) => {
    writer.listener(event);
    queue.push({ event, batch: writer.batchToWaitFor() });
    deliver();
    // The run's end waits for every listener; otherwise only a long queue holds the run back.
    if (event.type === 'end') return settled();
    if (queue.length - head > MAX_WAITING_EVENTS) return shorter();
    return undefined;
  };
}
