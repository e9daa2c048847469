// What a handler returns before the aggregator applies `not-`: a GradingResult for the positive
// check plus how a negation changes it, so each family states its rule and runAssertion applies it.

import type { GradingResult } from '../types.js';

/**
 * How `not-<type>` changes a handler's result:
 * - `binary`: pass flips, score becomes 1 or 0 with the new pass (most deterministic checks);
 * - `complement`: pass flips, score becomes 1 − score (similarity and n-gram metrics);
 * - `pass`: pass flips, score is kept (scripts returning a number or a GradingResult);
 * - `none`: the result stands (errors such as an invalid regex, and checks promptfoo never inverts).
 */
export type Inversion = 'binary' | 'complement' | 'pass' | 'none';

export interface CheckResult extends GradingResult {
  /** Defaults to `binary`. */
  inversion?: Inversion;
  /**
   * The reason to show when a `not-` assertion fails because this check passed; a function is
   * called (with 'not ') only then, so a passing check builds no text it will never show.
   */
  negatedReason?: string | ((not: 'not ') => string);
}

/**
 * A pass/fail check whose failure message reads the same either way round: `describe('')`
 * for the check failing, `describe('not ')` for a negated check that matched.
 */
export function verdict(pass: boolean, describe: (not: '' | 'not ') => string): CheckResult {
  return pass
    ? { pass, score: 1, reason: 'Assertion passed', negatedReason: describe }
    : { pass, score: 0, reason: describe('') };
}

/** A result that reports a problem with the assertion itself (bad pattern, bad schema); never inverted. */
export function invalid(reason: string): CheckResult {
  return { pass: false, score: 0, reason, inversion: 'none' };
}

/** Applies the `not-` prefix to a handler's result and drops the handler-only fields. */
export function applyInversion(result: CheckResult, inverse: boolean, type: string): GradingResult {
  const { inversion = 'binary', negatedReason, ...graded } = result;
  if (!inverse || inversion === 'none') return graded;
  const pass = !graded.pass;
  let score = graded.score;
  if (inversion === 'binary') score = pass ? 1 : 0;
  else if (inversion === 'complement') score = 1 - graded.score;
  const reason = pass
    ? 'Assertion passed'
    : ((typeof negatedReason === 'function' ? negatedReason('not ') : negatedReason) ??
      `Expected the check "${type}" to fail, but it passed: ${graded.reason}`);
  return { ...graded, pass, score, reason };
}
