// g-eval: the grader first writes evaluation steps for the criteria, then scores the output 0-10
// following them; the score is normalised to 0-1 and passes at `threshold` (default 0.7).

import { AssayError } from '../../errors.js';
import type { CheckResult } from '../engine/check-result.js';
import { askGrader, excerpt, GraderFailure, GraderTokens, gradeSafely, textGrader } from './grader-call.js';
import { G_EVAL_SCORE_PROMPT, G_EVAL_STEPS_PROMPT } from './rubric-prompts.js';
import { loadRubricPrompt, renderRubricPrompt } from './rubric-render.js';
import type { Provider } from '../../providers/types.js';
import { type AssertionContext, thresholdOf } from '../types.js';
import { parseGEvalScore, parseGEvalSteps } from './verdict-parse.js';

const MAX_SCORE = 10;

function criteriaList(ctx: AssertionContext): string[] {
  const { value } = ctx;
  const list = Array.isArray(value) ? value : [value];
  const criteria = list.filter((c): c is string => typeof c === 'string' && c.trim() !== '');
  if (criteria.length === 0 || criteria.length !== list.length) {
    throw new AssayError(
      'ASSERTION_INVALID',
      '"g-eval" assertion needs a value: the criteria, as text or a list of texts',
    );
  }
  return criteria;
}

/** g-eval takes `rubricPrompt: { steps, evaluate }`; other forms are meant for llm-rubric and ignored. */
function customPrompts(ctx: AssertionContext): { steps?: unknown; evaluate?: unknown } {
  const custom = ctx.assertion.rubricPrompt ?? ctx.test.options?.rubricPrompt;
  if (custom && typeof custom === 'object' && !Array.isArray(custom))
    return custom as { steps?: unknown; evaluate?: unknown };
  return {};
}

export function gEval(ctx: AssertionContext): Promise<CheckResult> {
  const criteria = criteriaList(ctx);
  const threshold = thresholdOf(ctx);
  const tokens = new GraderTokens();
  return gradeSafely(tokens, async () => {
    const grader = await textGrader(ctx.graders, ctx.assertion, ctx.test);
    const results: Array<{ score: number; reason: string }> = [];
    for (const criterion of criteria) results.push(await scoreCriterion(ctx, grader, criterion, tokens));
    const score = results.reduce((sum, r) => sum + r.score, 0) / results.length;
    const pass = score >= threshold;
    const detail =
      results.length === 1 ? results[0]!.reason : results.map((r, i) => `[${criteria[i]}] ${r.reason}`).join('\n');
    return {
      pass,
      score,
      reason: pass ? detail : `G-Eval score ${score.toFixed(2)} is below threshold ${threshold}: ${detail}`,
      inversion: 'complement',
      negatedReason: `Expected the output not to meet the criteria, but it scored ${score.toFixed(2)} (threshold ${threshold}): ${detail}`,
    };
  });
}

async function scoreCriterion(
  ctx: AssertionContext,
  grader: Provider,
  criterion: string,
  tokens: GraderTokens,
): Promise<{ score: number; reason: string }> {
  const custom = customPrompts(ctx);
  const stepsTemplate = await loadRubricPrompt(custom.steps, G_EVAL_STEPS_PROMPT, ctx.basePath);
  const stepsReply = await askGrader(
    ctx.graders,
    grader,
    renderRubricPrompt(stepsTemplate, { criteria: criterion }),
    tokens,
    ctx.signal,
  );
  const steps = parseGEvalSteps(stepsReply);
  if (!steps)
    throw new GraderFailure(`G-Eval: the grader's reply has no JSON {"steps": [...]}: ${excerpt(stepsReply)}`);

  const scoreTemplate = await loadRubricPrompt(custom.evaluate, G_EVAL_SCORE_PROMPT, ctx.basePath);
  const prompt = renderRubricPrompt(scoreTemplate, {
    criteria: criterion,
    steps: steps.join('\n- '),
    maxScore: String(MAX_SCORE),
    input: ctx.prompt,
    output: ctx.outputString,
  });
  const reply = await askGrader(ctx.graders, grader, prompt, tokens, ctx.signal);
  const verdict = parseGEvalScore(reply);
  if (!verdict) throw new GraderFailure(`G-Eval: the grader's reply has no JSON {"score": number}: ${excerpt(reply)}`);
  if (verdict.score < 0 || verdict.score > MAX_SCORE) {
    throw new GraderFailure(`G-Eval: the grader's score ${verdict.score} is outside 0-${MAX_SCORE}`);
  }
  return { score: verdict.score / MAX_SCORE, reason: verdict.reason ?? `Scored ${verdict.score}/${MAX_SCORE}` };
}
