// Keeps V8's young generation small for the CLI's peak memory. V8 doubles the young generation
// (two semi-spaces, up to 16 MB each) whenever much of it survives a collection, and loading a
// large suite, where everything survives, grows it to the full 32 MB at once; that memory then
// stays part of the process's peak. Growth is held off while the suite loads, then allowed during
// the run until the young generation reaches a bound, and stopped there. The bound is larger when
// the loaded suite leaves room for it: the young generation is then memory well spent.

import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';

/** Young-generation size (both semi-spaces) at which growth stops: 4 MB semi-spaces. */
const GROWTH_STOPS_AT_BYTES = 8 * 1024 * 1024;
/**
 * The bound when the suite leaves room for it: 8 MB semi-spaces. On 100,000 CSV tests they cut the
 * run's CPU by ~9% (fewer scavenges, fewer short-lived objects promoted) for 8 MB more peak memory,
 * which that suite, kept in 45 MB, cannot spare under its 150 MB target.
 */
const ROOMY_GROWTH_STOPS_AT_BYTES = 16 * 1024 * 1024;
/**
 * The most the JS heap may hold as the run starts for the larger bound. A run's peak is about what
 * it keeps for the whole run, plus old space's growth margin (15%), plus the young generation. A
 * suite kept in 45 MB (100,000 CSV tests: ~58 MB used as the run starts) keeps the smaller bound;
 * one kept in 28 MB (50,000 inline YAML tests: 33-41 MB used) gets the larger: ~5% less CPU for
 * ~5 MB more peak (16 MB semi-spaces gave no more, for 27 MB). Small suites never fill either.
 */
const ROOMY_HEAP_USED_BYTES = 48 * 1024 * 1024;
const CHECK_EVERY_MS = 20;
const ON_TIME_CHECKS_BEFORE_GROWTH = 3;

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
  const bound =
    getHeapStatistics().used_heap_size <= ROOMY_HEAP_USED_BYTES ? ROOMY_GROWTH_STOPS_AT_BYTES : GROWTH_STOPS_AT_BYTES;
  let onTime = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last > CHECK_EVERY_MS * 3;
    last = now;
    const youngBytes = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    if (youngBytes >= bound) {
      setFlagsFromString('--semi-space-growth-factor=1');
      clearInterval(timer);
      return;
    }
    onTime = late ? 0 : onTime + 1;
    setFlagsFromString(`--semi-space-growth-factor=${onTime >= ON_TIME_CHECKS_BEFORE_GROWTH ? 2 : 1}`);
  }, CHECK_EVERY_MS);
  timer.unref();
}
