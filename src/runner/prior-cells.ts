// How a continued run (resume, retry-errors) treats the cells it takes from the store instead of
// running: they hand their outputs to later cells as a run would have (storeOutputAs,
// _conversation), and a row graded as a whole (select-best, max-score) is graded again when some
// of its cells ran this time.

import { isComparisonAssertion } from '../assertions/registry.js';
import type { GradingResult } from '../assertions/types.js';
import type { EvalResult } from '../results/types.js';
import type { StepMemory } from './step-memory.js';
import type { EvalStep } from './steps.js';

/** Gives a stored cell's output to the cells after it, as running it would have. */
export function rememberStored(memory: StepMemory, step: EvalStep, stored: EvalResult): void {
  const output = stored.response?.output;
  // A cell whose call failed handed nothing along when it ran either.
  if (output === undefined || output === null) return;
  memory.remember(step.column, step.test, stored.prompt.raw, output);
}

const isComparison = (check: GradingResult) =>
  typeof check.assertion?.type === 'string' && isComparisonAssertion(check.assertion.type);

/** True when the stored cell was graded with its row's comparison (its row was complete when stored). */
export function carriesComparison(result: EvalResult): boolean {
  return result.gradingResult?.componentResults?.some(isComparison) === true;
}

/**
 * A graded cell as context for grading its row again: its earlier comparison results left out
 * (max-score reads the other assertions' results; a second comparison must not count the first).
 */
export function withoutComparison(result: EvalResult): EvalResult {
  const grading = result.gradingResult;
  if (!grading?.componentResults) return result;
  return {
    ...result,
    gradingResult: { ...grading, componentResults: grading.componentResults.filter((c) => !isComparison(c)) },
  };
}
