// answer-relevance: the grader writes the questions the output answers; the mean cosine similarity
// between their embeddings and the original query (`vars.query`, else the prompt) is the score.

import type { CheckResult } from '../engine/check-result.js';
import {
  askGrader,
  embeddingProvider,
  embedText,
  excerpt,
  GraderFailure,
  GraderTokens,
  gradeSafely,
  textGrader,
} from './grader-call.js';
import { ANSWER_RELEVANCE_PROMPT } from './rubric-prompts.js';
import { loadRubricPrompt, renderRubricPrompt } from './rubric-render.js';
import { cosineSimilarity } from './similarity.js';
import { type AssertionContext, thresholdOf } from '../types.js';
import { parseQuestions } from './verdict-parse.js';

const QUESTION_COUNT = 3;

export function answerRelevance(ctx: AssertionContext): Promise<CheckResult> {
  const threshold = thresholdOf(ctx);
  const query = typeof ctx.vars.query === 'string' && ctx.vars.query.trim() !== '' ? ctx.vars.query : ctx.prompt;
  const tokens = new GraderTokens();
  return gradeSafely(tokens, async () => {
    const grader = await textGrader(ctx.graders, ctx.assertion, ctx.test);
    const embedder = await embeddingProvider(ctx.graders, ctx.assertion, ctx.test);
    const template = await loadRubricPrompt(
      ctx.assertion.rubricPrompt ?? ctx.test.options?.rubricPrompt,
      ANSWER_RELEVANCE_PROMPT,
      ctx.basePath,
    );
    const reply = await askGrader(
      ctx.graders,
      grader,
      renderRubricPrompt(template, { answer: ctx.outputString, count: QUESTION_COUNT }),
      tokens,
      ctx.signal,
    );
    const questions = parseQuestions(reply).slice(0, QUESTION_COUNT);
    if (questions.length === 0)
      throw new GraderFailure(`answer-relevance: the grader wrote no questions: ${excerpt(reply)}`);

    const queryVector = await embedText(ctx.graders, embedder, query, tokens, ctx.signal);
    const scored: Array<{ question: string; similarity: number }> = [];
    for (const question of questions) {
      scored.push({
        question,
        similarity: cosineSimilarity(queryVector, await embedText(ctx.graders, embedder, question, tokens, ctx.signal)),
      });
    }
    const score = scored.reduce((sum, q) => sum + q.similarity, 0) / scored.length;
    const pass = score >= threshold - Number.EPSILON;
    const shown = score.toFixed(2);
    return {
      pass,
      score,
      reason: pass
        ? `Relevance ${shown} is greater than or equal to threshold ${threshold}`
        : `Relevance ${shown} is less than threshold ${threshold}`,
      inversion: 'complement',
      negatedReason: `Expected the answer not to be relevant, but relevance ${shown} reached threshold ${threshold}`,
      metadata: { generatedQuestions: scored, averageSimilarity: score, threshold },
    };
  });
}
