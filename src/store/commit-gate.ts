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

export function afterCommit(writer: StoreWriter, listeners: RunListener[]): RunListener {
  let delivered: Promise<void> = Promise.resolve();
  let waiting = 0;
  let failure: { error: unknown } | undefined;

  const deliver = async (event: RunEvent, committed: Promise<void> | undefined) => {
    if (committed) await committed;
    waiting--;
    if (failure) return;
    try {
      for (const listener of listeners) {
        // Most listeners are synchronous: an await for each would only add promise churn per event.
        const pending = listener(event);
        if (pending) await pending;
      }
    } catch (error) {
      // As the event bus does: the first listener failure stops delivery and fails the run at its end.
      failure = { error };
    }
  };
  const settled = async () => {
    await delivered;
    if (failure) throw failure.error;
  };

  return (event) => {
    writer.listener(event);
    const committed = writer.durable();
    waiting++;
    delivered = delivered.then(() => deliver(event, committed));
    // The run's end waits for every listener; otherwise only a long queue holds the run back.
    if (event.type === 'end' || waiting > MAX_WAITING_EVENTS) return settled();
    return undefined;
  };
}
