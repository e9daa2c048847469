// Keeps V8's young generation small for the CLI's peak memory. V8 doubles the young generation
// (two semi-spaces, up to 16 MB each) whenever much of it survives a collection, and loading a
// large suite, where everything survives, grows it to the full 32 MB at once; that memory then
// stays part of the process's peak. Growth is held off while the suite loads, then allowed during
// the run until the young generation reaches a bound, and stopped there.

import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** Young-generation size (both semi-spaces) at which growth stops: 4 MB semi-spaces. */
const GROWTH_STOPS_AT_BYTES = 8 * 1024 * 1024;
const CHECK_EVERY_MS = 20;

/** From here on the young generation keeps its starting size (1 MB semi-spaces) until growth is allowed. */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * Lets the young generation grow again (a run's many short-lived objects collect more cheaply
 * in a larger one) and stops it once it reaches the bound. Checked between event-loop turns, so
 * it overshoots by at most the doublings of one turn.
 */
export function growYoungGenerationToBound(): void {
  let growing = false;
  const timer = setInterval(() => {
    const youngBytes = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    if (youngBytes >= GROWTH_STOPS_AT_BYTES) {
      setFlagsFromString('--semi-space-growth-factor=1');
      clearInterval(timer);
    } else if (!growing) {
      setFlagsFromString('--semi-space-growth-factor=2');
      growing = true;
    }
  }, CHECK_EVERY_MS);
  timer.unref();
}
