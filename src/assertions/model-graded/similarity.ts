// similar / similar:cosine / similar:dot / similar:euclidean: embeds the output and each expected
// value and compares them; a list of values passes when any one does, and reports the best score.

import { AssayError } from '../../errors.js';
import type { Provider } from '../../providers/types.js';
import type { CheckResult } from '../engine/check-result.js';
import { embeddingProvider, embedText, GraderFailure, GraderTokens, gradeSafely } from './grader-call.js';
import { type AssertionContext, thresholdOf } from '../types.js';

export type SimilarityMetric = 'cosine' | 'dot' | 'euclidean';

const EPSILON = Number.EPSILON;

export function cosineSimilarity(a: number[], b: number[]): number {
  sameLength(a, b);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  const denominator = Math.sqrt(normA) * Math.sqrt(normB);
  return denominator === 0 ? 0 : dot / denominator;
}

export function dotProduct(a: number[], b: number[]): number {
  sameLength(a, b);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

export function euclideanDistance(a: number[], b: number[]): number {
  sameLength(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum);
}

function sameLength(a: number[], b: number[]): void {
  if (a.length !== b.length) {
    throw new GraderFailure(
      `Embeddings have different lengths (${a.length} and ${b.length}); use the same embedding model for both texts`,
    );
  }
}

interface Comparison {
  pass: boolean;
  /** Higher is better: the similarity, or 1/(1+distance) for euclidean. */
  score: number;
  measured: number;
  value: string;
}

function compare(
  metric: SimilarityMetric,
  output: number[],
  expected: number[],
  threshold: number,
  value: string,
): Comparison {
  if (metric === 'euclidean') {
    const distance = euclideanDistance(output, expected);
    return { pass: distance <= threshold + EPSILON, score: 1 / (1 + distance), measured: distance, value };
  }
  const similarity = metric === 'dot' ? dotProduct(output, expected) : cosineSimilarity(output, expected);
  return { pass: similarity >= threshold - EPSILON, score: similarity, measured: similarity, value };
}

function expectedValues(value: unknown, type: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
    throw new AssayError(
      'ASSERTION_INVALID',
      `"${type}" assertion needs a value: the expected text, or a list of texts`,
    );
  }
  return list.map(String);
}

function describe(metric: SimilarityMetric, c: Comparison, threshold: number): string {
  const shown = c.measured.toFixed(2);
  if (metric === 'euclidean') {
    return c.pass
      ? `Distance ${shown} is less than or equal to threshold ${threshold}`
      : `Distance ${shown} is greater than threshold ${threshold}`;
  }
  const label = metric === 'dot' ? 'Dot product' : 'Similarity';
  return c.pass
    ? `${label} ${shown} is greater than or equal to threshold ${threshold}`
    : `${label} ${shown} is less than threshold ${threshold}`;
}

function similar(metric: SimilarityMetric) {
  return (ctx: AssertionContext): Promise<CheckResult> => {
    const type = ctx.assertion.type;
    const values = expectedValues(ctx.value, type);
    const threshold = thresholdOf(ctx);
    const tokens = new GraderTokens();
    return gradeSafely(tokens, async () => {
      const provider: Provider = await embeddingProvider(ctx.graders, ctx.assertion, ctx.test);
      const outputVector = await embedText(ctx.graders, provider, ctx.outputString, tokens, ctx.signal);
      const comparisons: Comparison[] = [];
      for (const value of values) {
        const comparison = compare(
          metric,
          outputVector,
          await embedText(ctx.graders, provider, value, tokens, ctx.signal),
          threshold,
          value,
        );
        comparisons.push(comparison);
        if (comparison.pass) break; // one match is enough; skip the remaining embeddings
      }
      const best = comparisons.find((c) => c.pass) ?? comparisons.reduce((a, b) => (b.score > a.score ? b : a));
      const reason =
        values.length > 1 && !best.pass
          ? `None of the ${values.length} values met the threshold; closest: ${describe(metric, best, threshold)}`
          : describe(metric, best, threshold);
      return {
        pass: best.pass,
        score: best.score,
        reason,
        inversion: 'complement',
        negatedReason: `Expected the output not to be similar to "${best.value}": ${describe(metric, best, threshold)}`,
        metadata: { similarityMetric: metric, [metric === 'euclidean' ? 'distance' : 'similarity']: best.measured },
      };
    });
  };
}

export const similarCosine = similar('cosine');
export const similarDot = similar('dot');
export const similarEuclidean = similar('euclidean');
