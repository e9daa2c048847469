// Reference-overlap metrics: rouge-n (n-gram F-measure, case-sensitive, as js-rouge scores it) and
// bleu (sentence BLEU-4 with clipped counts, smoothing and a brevity penalty), each with a threshold.

import { AssayError } from '../../errors.js';
import type { CheckResult } from '../engine/check-result.js';
import { type AssertionContext, thresholdOf } from '../types.js';

/** Words, numbers and punctuation marks as separate tokens (a treebank-style split). */
export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+(?:['’][\p{L}]+)*|[^\s\p{L}\p{N}_]/gu) ?? [];
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join('\u0000');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function clippedMatches(candidate: Map<string, number>, reference: Map<string, number>): number {
  let matches = 0;
  for (const [gram, count] of candidate) matches += Math.min(count, reference.get(gram) ?? 0);
  return matches;
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

/** ROUGE-N F1 of a candidate against one reference. */
export function rougeN(candidate: string, reference: string, n = 1): number {
  const cand = ngramCounts(tokenize(candidate), n);
  const ref = ngramCounts(tokenize(reference), n);
  const matches = clippedMatches(cand, ref);
  if (matches === 0) return 0;
  const precision = matches / total(cand);
  const recall = matches / total(ref);
  return (2 * precision * recall) / (precision + recall);
}

/** Sentence BLEU-4 against one or more references (lower-cased, whitespace tokens). */
export function bleuScore(candidate: string, references: string[]): number {
  const words = (text: string): string[] => text.toLowerCase().trim().split(/\s+/).filter(Boolean);
  const cand = words(candidate);
  if (cand.length === 0) return 0;
  const refs = references.map(words);
  const closest = refs
    .map((r) => r.length)
    .reduce((best, len) => (Math.abs(len - cand.length) < Math.abs(best - cand.length) ? len : best));
  let logSum = 0;
  for (let n = 1; n <= 4; n++) {
    const candCounts = ngramCounts(cand, n);
    const candTotal = total(candCounts);
    const best = Math.max(...refs.map((ref) => clippedMatches(candCounts, ngramCounts(ref, n))));
    const precision = candTotal > 0 ? best / candTotal : 0;
    // A missing n-gram order would zero the whole score; a tiny floor keeps short answers comparable.
    logSum += 0.25 * Math.log(precision === 0 ? 1e-7 : precision);
  }
  const brevity = cand.length > closest ? 1 : Math.exp(1 - closest / cand.length);
  return brevity * Math.exp(logSum);
}

/** The reference texts in an assertion's value (one, or a list); each must be non-empty text. */
export function references(ctx: AssertionContext): string[] {
  const list = Array.isArray(ctx.value) ? ctx.value : [ctx.value];
  if (list.length === 0 || list.some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw new AssayError(
      'ASSERTION_INVALID',
      `"${ctx.assertion.type}" assertion needs a value: the reference text, or a list of reference texts`,
    );
  }
  return list as string[];
}

/** A score graded against its threshold, with promptfoo's reason wording; `not-` takes the complement. */
export function thresholdResult(label: string, score: number, threshold: number, digits: number): CheckResult {
  const shown = score.toFixed(digits);
  const pass = score >= threshold;
  return {
    pass,
    score,
    reason: pass
      ? `${label} score ${shown} is greater than or equal to threshold ${threshold}`
      : `${label} score ${shown} is less than threshold ${threshold}`,
    inversion: 'complement',
    negatedReason: `${label} score ${shown} is greater than or equal to threshold ${threshold}`,
  };
}

export function rouge(ctx: AssertionContext): CheckResult {
  const refs = references(ctx);
  const n = ctx.assertion.config?.n ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new AssayError('ASSERTION_INVALID', '"rouge-n" config.n must be a whole number of 1 or more');
  const score = ctx.outputString.trim() === '' ? 0 : Math.max(...refs.map((ref) => rougeN(ctx.outputString, ref, n)));
  return thresholdResult(`ROUGE-${n}`, score, thresholdOf(ctx), 2);
}

export function bleu(ctx: AssertionContext): CheckResult {
  return thresholdResult('BLEU', bleuScore(ctx.outputString, references(ctx)), thresholdOf(ctx), 4);
}
