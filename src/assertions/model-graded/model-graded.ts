// Model-graded verdicts from one grader call: llm-rubric (JSON verdict against a rubric),
// model-graded-closedqa (Y/N on a criterion) and factuality (category A-E against an expert answer).

import { AssayError } from '../../errors.js';
import type { CheckResult } from '../engine/check-result.js';
import { askGrader, excerpt, GraderFailure, GraderTokens, gradeSafely, textGrader } from './grader-call.js';
import { CLOSED_QA_PROMPT, FACTUALITY_PROMPT, LLM_RUBRIC_PROMPT } from './rubric-prompts.js';
import { loadRubricPrompt, renderRubricPrompt } from './rubric-render.js';
import type { ChatMessage } from '../../suite/types.js';
import type { AssertionContext } from '../types.js';
import { parseClosedQa, parseFactuality, parseRubricVerdict, type FactualityCategory } from './verdict-parse.js';

/** Renders the grader prompt (custom `rubricPrompt` or the default) and returns the grader's reply. */
export async function gradeWithPrompt(
  ctx: AssertionContext,
  fallback: ChatMessage[],
  vars: Record<string, unknown>,
  tokens: GraderTokens,
): Promise<{ reply: string; prompt: string }> {
  const grader = await textGrader(ctx.graders, ctx.assertion, ctx.test);
  const template = await loadRubricPrompt(
    ctx.assertion.rubricPrompt ?? ctx.test.options?.rubricPrompt,
    fallback,
    ctx.basePath,
  );
  const prompt = renderRubricPrompt(template, { ...ctx.vars, ...vars });
  const reply = await askGrader(ctx.graders, grader, prompt, tokens, ctx.signal);
  return { reply, prompt };
}

function stringValue(ctx: AssertionContext, what: string): string {
  const { value } = ctx;
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  throw new AssayError('ASSERTION_INVALID', `"${ctx.assertion.type}" assertion needs a value: ${what}`);
}

export function llmRubric(ctx: AssertionContext): Promise<CheckResult> {
  const tokens = new GraderTokens();
  const rubric = ctx.value ?? '';
  return gradeSafely(tokens, async () => {
    const { reply, prompt } = await gradeWithPrompt(
      ctx,
      LLM_RUBRIC_PROMPT,
      { output: ctx.outputString, rubric },
      tokens,
    );
    const verdict = parseRubricVerdict(reply);
    if (!verdict) {
      throw new GraderFailure(
        `Could not find a JSON verdict with "pass" or "score" in the grader's reply: ${excerpt(reply)}`,
      );
    }
    const score = verdict.score ?? (verdict.pass === false ? 0 : 1);
    const threshold = ctx.assertion.threshold;
    // As promptfoo: the grader's verdict decides, and a threshold adds a minimum score on top of it.
    const graderPass = verdict.pass ?? score >= 0.5;
    const pass =
      typeof threshold === 'number' && Number.isFinite(threshold) ? graderPass && score >= threshold : graderPass;
    const reason =
      verdict.reason ??
      (pass
        ? 'Grading passed'
        : threshold !== undefined
          ? `Score ${score} is below threshold ${threshold}`
          : 'Grading failed');
    return {
      pass,
      score,
      reason,
      inversion: 'complement',
      negatedReason: `Expected the output not to meet the rubric, but the grader passed it: ${reason}`,
      metadata: { renderedGradingPrompt: prompt },
    };
  });
}

export function closedQa(ctx: AssertionContext): Promise<CheckResult> {
  const criteria = stringValue(ctx, 'the criterion the answer must meet');
  const tokens = new GraderTokens();
  return gradeSafely(tokens, async () => {
    const { reply } = await gradeWithPrompt(
      ctx,
      CLOSED_QA_PROMPT,
      { input: ctx.prompt, criteria, completion: ctx.outputString },
      tokens,
    );
    const meets = parseClosedQa(reply);
    if (meets === undefined) throw new GraderFailure(`The grader's reply does not end with Y or N: ${excerpt(reply)}`);
    return meets
      ? {
          pass: true,
          score: 1,
          reason: `The submission meets the criterion:\n${reply.trim()}`,
          negatedReason: `Expected the submission not to meet the criterion, but it does:\n${reply.trim()}`,
        }
      : { pass: false, score: 0, reason: `The submission does not meet the criterion:\n${reply.trim()}` };
  });
}

const CATEGORY_MEANING: Record<FactualityCategory, string> = {
  A: 'the answer is a consistent subset of the expert answer',
  B: 'the answer is a consistent superset of the expert answer',
  C: 'the answer has the same details as the expert answer',
  D: 'the answer disagrees with the expert answer',
  E: 'the answers differ only in ways that do not affect factuality',
};

/** Score per category; `test.options.factuality` overrides by promptfoo's names. */
export function factualityScores(options: Record<string, number> | undefined): Record<FactualityCategory, number> {
  return {
    A: options?.subset ?? 1,
    B: options?.superset ?? 1,
    C: options?.agree ?? 1,
    D: options?.disagree ?? 0,
    E: options?.differButFactual ?? 1,
  };
}

export function factuality(ctx: AssertionContext): Promise<CheckResult> {
  const ideal = stringValue(ctx, 'the expert (reference) answer');
  const tokens = new GraderTokens();
  return gradeSafely(tokens, async () => {
    const { reply } = await gradeWithPrompt(
      ctx,
      FACTUALITY_PROMPT,
      { input: ctx.prompt, ideal, completion: ctx.outputString },
      tokens,
    );
    const verdict = parseFactuality(reply);
    if (!verdict)
      throw new GraderFailure(`Could not find a factuality category (A-E) in the grader's reply: ${excerpt(reply)}`);
    const score = factualityScores(ctx.test.options?.factuality)[verdict.category];
    const pass = score > 0;
    const reason = `Category ${verdict.category} (${CATEGORY_MEANING[verdict.category]})${verdict.reason ? `: ${verdict.reason}` : ''}`;
    return {
      pass,
      score,
      reason,
      inversion: 'complement',
      negatedReason: `Expected the answer not to be factually consistent, but the grader chose ${reason}`,
      metadata: { factualityCategory: verdict.category },
    };
  });
}
