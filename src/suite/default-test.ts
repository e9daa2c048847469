// Merges `defaultTest` into each test (promptfoo rules): vars, options and metadata shallow-merged,
// assertions concatenated (defaults first), anything else taken from the test when it sets it.

import type { TestCase } from './types.js';

export function mergeDefaultTest(defaults: TestCase | undefined, test: TestCase): TestCase {
  if (!defaults) return test;
  const out: TestCase = { ...defaults };
  for (const [key, value] of Object.entries(test)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  if (defaults.vars || test.vars) out.vars = { ...defaults.vars, ...test.vars };
  if (defaults.options || test.options) out.options = { ...defaults.options, ...test.options };
  if (defaults.metadata || test.metadata) out.metadata = { ...defaults.metadata, ...test.metadata };
  const skipDefaults = test.options?.disableDefaultAsserts === true;
  if (skipDefaults) out.assert = [...(test.assert ?? [])];
  else if (defaults.assert || test.assert) out.assert = [...(defaults.assert ?? []), ...(test.assert ?? [])];
  return out;
}
