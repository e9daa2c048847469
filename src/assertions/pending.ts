// Placeholder handlers for assertion types Assay names but has not built yet; each fails with a
// clear message. Replaced family by family as the model-graded, embedding and tool checks land.

import type { CheckResult } from './check-result.js';
import type { AssertionHandler } from './types.js';

export function pendingHandler(type: string): AssertionHandler {
  return (): CheckResult => ({
    pass: false,
    score: 0,
    reason: `assertion type ${type} is not available yet`,
    inversion: 'none',
  });
}
