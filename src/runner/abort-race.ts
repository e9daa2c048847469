// Races work against an AbortSignal without an event listener per call. Every cell (and every
// provider call inside it) must end the moment its run is cancelled, even if the provider ignores
// the signal; adding and removing an EventTarget listener per call showed up in profiles, and at
// -j 500 hundreds of listeners sit on one signal. One listener per signal calls the waiting
// rejections instead, in the order they were registered (as the listeners were).

type Rejection = () => void;

const waiting = new WeakMap<AbortSignal, Set<Rejection>>();

function rejectionsFor(signal: AbortSignal): Set<Rejection> {
  let set = waiting.get(signal);
  if (!set) {
    const created = new Set<Rejection>();
    set = created;
    waiting.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        for (const reject of [...created]) reject();
        created.clear();
      },
      { once: true },
    );
  }
  return set;
}

/**
 * Settles like `work`, or rejects with `onAbort()` as soon as `signal` aborts (at once if it
 * already has). `work` is not cancelled; it keeps running and its outcome is ignored.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => unknown): Promise<T> {
  if (signal.aborted) {
    // The work's own failure must not surface later as an unhandled rejection.
    work.catch(() => undefined);
    return Promise.reject(onAbort());
  }
  const rejections = rejectionsFor(signal);
  return new Promise<T>((resolve, reject) => {
    const rejectOnAbort = () => reject(onAbort());
    rejections.add(rejectOnAbort);
    work.then(
      (value) => {
        rejections.delete(rejectOnAbort);
        resolve(value);
      },
      (err: unknown) => {
        rejections.delete(rejectOnAbort);
        reject(err);
      },
    );
  });
}
