// When zod may compile its parse fast path. zod builds one with new Function() for each object
// schema on its first parse: worth it for a schema that checks thousands of tests, but for one
// parsed once or twice per run (a config, a provider's settings, an endpoint description) it costs
// more than it saves, and no start-up code cache can hold generated code (~5 ms of a one-test eval).

/** Parse options for a value checked once or a few times per run. */
export const FEW_PARSES = { jitless: true } as const;

/** Parses of one schema after which the fast path pays for itself. */
const FAST_PATH_AFTER = 16;
const parses = new WeakMap<object, number>();

/**
 * FEW_PARSES for a schema's first parses, zod's default (the fast path) from then on, and at once
 * for a config that holds more than a few inline tests.
 */
export function parseOptionsFor(schema: object, value: unknown): typeof FEW_PARSES | undefined {
  const count = (parses.get(schema) ?? 0) + 1;
  parses.set(schema, count);
  const tests = (value as { tests?: unknown } | null | undefined)?.tests;
  if (count > FAST_PATH_AFTER || (Array.isArray(tests) && tests.length > FAST_PATH_AFTER)) return undefined;
  return FEW_PARSES;
}
