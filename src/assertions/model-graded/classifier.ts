// classifier: a classification provider (`provider:` or `options.provider.classification`) scores
// the output; as in promptfoo, the score is the expected label's (`value`) or, without a value, the
// highest of any label, and the check passes when it reaches the threshold (default 1).

import { AssayError, errorMessage, isAbortError } from '../../errors.js';
import type { CheckResult } from '../engine/check-result.js';
import { classificationProvider, GraderFailure, GraderTokens, gradeSafely } from './grader-call.js';
import { type AssertionContext, thresholdOf } from '../types.js';

function expectedLabel(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new AssayError(
      'ASSERTION_INVALID',
      '"classifier" value must be the expected label (a string), or left out to use the highest-scoring label',
    );
  }
  return String(value);
}

/** The expected label's score (0 when the provider did not score it), or the best label's. */
function scoreOf(
  scores: Record<string, number>,
  label: string | undefined,
): { label: string | undefined; score: number } {
  if (label !== undefined) return { label, score: scores[label] ?? 0 };
  let best: { label: string | undefined; score: number } = { label: undefined, score: 0 };
  for (const [name, score] of Object.entries(scores))
    if (best.label === undefined || score > best.score) best = { label: name, score };
  return best;
}

export function classifier(ctx: AssertionContext): Promise<CheckResult> {
  const wanted = expectedLabel(ctx.value);
  const threshold = thresholdOf(ctx);
  const tokens = new GraderTokens();
  return gradeSafely(tokens, async () => {
    const provider = await classificationProvider(ctx.graders, ctx.assertion, ctx.test);
    let scores: Record<string, number>;
    try {
      scores = await ctx.graders.classify(provider, ctx.outputString, ctx.signal, (usage, cached) =>
        tokens.add(usage, cached),
      );
    } catch (err) {
      if (isAbortError(err)) throw err;
      throw new GraderFailure(`Classification with ${provider.id()} failed: ${errorMessage(err)}`);
    }
    const { label, score } = scoreOf(scores, wanted);
    const named =
      wanted !== undefined ? `label "${wanted}"` : label !== undefined ? `top label "${label}"` : 'no label';
    const shown = Number(score.toFixed(4));
    const pass = score >= threshold - Number.EPSILON;
    return {
      pass,
      score,
      reason: pass
        ? `Classification score ${shown} for ${named} is greater than or equal to threshold ${threshold}`
        : `Classification score ${shown} for ${named} is less than threshold ${threshold}`,
      // promptfoo: not-classifier flips pass and scores 1 - score.
      inversion: 'complement',
      negatedReason: `Expected the output not to be classified as ${named}: score ${shown} reached threshold ${threshold}`,
      metadata: { classification: scores },
    };
  });
}
