// Opens the eval store just after a plain run has started instead of before it. Loading libsql,
// opening the file and checking its migrations is ~10 ms of start-up that then overlaps the first
// provider calls' wait for the network. Events that arrive before it is open are kept and handed
// over in order, so the stored eval is the same. --resume and --retry-errors pick their cells from
// the store before the run, so they open it at once.

import type { RunEvent } from '../results/types.js';
import type { Suite } from '../suite/types.js';
import { attachStore, type RunStore, type StoreRequest } from '../store/run-store.js';

export function attachStoreAfterStart(suite: Suite, request: StoreRequest): RunStore {
  const continuing =
    (request.resume !== undefined && request.resume !== false) ||
    (request.retryErrors !== undefined && request.retryErrors !== false);
  if (!request.write || continuing) return attachStore(suite, request);

  let attached: RunStore | undefined;
  const early: RunEvent[] = [];
  const open = (): RunStore => {
    if (!attached) {
      attached = attachStore(suite, request);
      for (const event of early) void attached.listener?.(event);
      early.length = 0;
    }
    return attached;
  };
  // Two turns of the event loop: the run starts and its first requests reach the socket first.
  let turn = setImmediate(() => {
    turn = setImmediate(open);
  });
  // A forced exit (second Ctrl-C) before the store opened still records what was seen.
  const onExit = () => open().close();
  process.once('exit', onExit);
  return {
    listener: (event) => (attached ? attached.listener?.(event) : void early.push(event)),
    close: () => {
      clearImmediate(turn);
      process.off('exit', onExit);
      open().close();
    },
  };
}
