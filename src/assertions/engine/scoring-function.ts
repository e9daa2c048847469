// `assertScoringFunction` (test or defaultTest): user code `(namedScores, context) → GradingResult`
// that replaces a row's aggregate verdict, as promptfoo runs it. Inline JavaScript or
// file://x.js[:fn]; any failure becomes a failed row saying "Scoring function error".

import { errorMessage } from '../../errors.js';
import type { ScriptSource } from '../../suite/types.js';
import { loadScript } from '../script/script-cache.js';
import type { GradingResult } from '../types.js';

export async function applyScoringFunction(
  source: ScriptSource,
  aggregate: GradingResult,
  threshold: number | undefined,
  basePath: string,
): Promise<GradingResult> {
  try {
    const fn = await loadScript(source, {
      basePath,
      what: 'assertScoringFunction',
      style: 'transform',
      inputName: 'namedScores',
    });
    const context = {
      threshold,
      parentAssertionSet: undefined,
      componentResults: aggregate.componentResults ?? [],
      tokensUsed: aggregate.tokensUsed,
    };
    const result = await fn({ ...aggregate.namedScores }, context);
    return { ...aggregate, ...asVerdict(result, threshold) };
  } catch (err) {
    return { ...aggregate, pass: false, score: 0, reason: `Scoring function error: ${errorMessage(err)}` };
  }
}

/** A GradingResult as returned; a boolean or a finite number is accepted as the pass/score. */
function asVerdict(
  result: unknown,
  threshold: number | undefined,
): Pick<GradingResult, 'pass' | 'score' | 'reason'> & Partial<GradingResult> {
  if (typeof result === 'boolean')
    return { pass: result, score: result ? 1 : 0, reason: `Scoring function returned ${result}` };
  if (typeof result === 'number' && Number.isFinite(result)) {
    const pass = threshold ? result >= threshold : result > 0;
    return { pass, score: result, reason: `Scoring function returned score ${result}` };
  }
  if (result && typeof result === 'object' && typeof (result as { pass?: unknown }).pass === 'boolean') {
    const graded = result as Partial<GradingResult> & { pass: boolean };
    const score =
      typeof graded.score === 'number' && Number.isFinite(graded.score) ? graded.score : graded.pass ? 1 : 0;
    return {
      ...graded,
      pass: graded.pass,
      score,
      reason: typeof graded.reason === 'string' ? graded.reason : `Scoring function returned pass: ${graded.pass}`,
    };
  }
  throw new Error(
    `it must return a GradingResult ({ pass, score, reason }), got ${result === null ? 'null' : typeof result}`,
  );
}
