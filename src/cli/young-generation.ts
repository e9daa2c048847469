// Keeps V8's young generation small for the CLI's peak memory. V8 doubles the young generation
// (two semi-spaces, up to 16 MB each) whenever much of it survives a collection, and loading a
// large suite, where everything survives, grows it to the full 32 MB at once; that memory then
// stays part of the process's peak. Growth is held off while the suite loads, then allowed during
// the run until the young generation reaches a bound, and stopped there.

import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** Young-generation size (both semi-spaces) at which growth stops: 4 MB semi-spaces. */
const GROWTH_STOPS_AT_BYTES = 8 * 1024 * 1024;
const CHECK_EVERY_MS = 20;
const ON_TIME_CHECKS_BEFORE_GROWTH = 3;

/** V8's own --semi-space-growth-factor: what the young generation grows by when left alone. */
const V8_DEFAULT_GROWTH_FACTOR = 2;

/**
 * Puts V8's default growth factor back. The code cache is stamped with a hash of V8's flags and
 * rejected under other ones (start.ts), so it must be written under the flags it is read under.
 */
export function restoreDefaultYoungGenerationFlags(): void {
  setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH_FACTOR}`);
}

/** From here on the young generation keeps its starting size (1 MB semi-spaces) until growth is allowed. */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * Lets the young generation grow again (a run's many short-lived objects collect more cheaply
 * in a larger one) and stops it once it reaches the bound. Checked between event-loop turns:
 * growth is allowed only after a few checks that came on time, since a late check means a long
 * synchronous stretch (the run's start) in which it could double several times unseen.
 */
export function growYoungGenerationToBound(): void {
  let onTime = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last > CHECK_EVERY_MS * 3;
    last = now;
    const youngBytes = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    if (youngBytes >= GROWTH_STOPS_AT_BYTES) {
      setFlagsFromString('--semi-space-growth-factor=1');
      clearInterval(timer);
      return;
    }
    onTime = late ? 0 : onTime + 1;
    setFlagsFromString(`--semi-space-growth-factor=${onTime >= ON_TIME_CHECKS_BEFORE_GROWTH ? 2 : 1}`);
  }, CHECK_EVERY_MS);
  timer.unref();
}
