// gleu (sentence-level Google-BLEU) and meteor (unigram alignment with exact and stem matches,
// fragmentation penalty), each graded against one or more references with promptfoo's defaults.
// METEOR here has no WordNet synonym stage: synonyms that are not the same stem do not match.

import type { CheckResult } from '../engine/check-result.js';
import { type AssertionContext, thresholdOf } from '../types.js';
import { references, thresholdResult } from './nlp-metrics.js';

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+(?:['’][\p{L}]+)*/gu) ?? [];
}

function ngrams(tokens: string[], min: number, max: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const gram = tokens.slice(i, i + n).join('\u0000');
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
  }
  return counts;
}

/** GLEU: min(precision, recall) of all 1- to 4-grams, the best over the references. */
export function gleuScore(candidate: string, references: string[]): number {
  const cand = ngrams(words(candidate), 1, 4);
  const candTotal = [...cand.values()].reduce((a, b) => a + b, 0);
  let best = 0;
  for (const reference of references) {
    const ref = ngrams(words(reference), 1, 4);
    const refTotal = [...ref.values()].reduce((a, b) => a + b, 0);
    if (candTotal === 0 || refTotal === 0) continue;
    let matches = 0;
    for (const [gram, count] of cand) matches += Math.min(count, ref.get(gram) ?? 0);
    best = Math.max(best, Math.min(matches / candTotal, matches / refTotal));
  }
  return best;
}

/** A light suffix stripper: enough to match "runs"/"running"/"run", not a full Porter stemmer. */
function stem(word: string): string {
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'ies', 'es', 'ly', 's']) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix))
      return suffix === 'ies' ? `${word.slice(0, -3)}y` : word.slice(0, -suffix.length);
  }
  return word;
}

/** METEOR (alpha 0.9, beta 3, gamma 0.5) of a candidate against one reference. */
function meteorAgainst(cand: string[], ref: string[]): number {
  if (cand.length === 0 || ref.length === 0) return 0;
  const refUsed = new Array<boolean>(ref.length).fill(false);
  const alignment: Array<[number, number]> = [];
  const candUsed = new Array<boolean>(cand.length).fill(false);
  for (const same of [(a: string, b: string) => a === b, (a: string, b: string) => stem(a) === stem(b)]) {
    for (let i = 0; i < cand.length; i++) {
      if (candUsed[i]) continue;
      const j = ref.findIndex((word, k) => !refUsed[k] && same(cand[i]!, word));
      if (j === -1) continue;
      candUsed[i] = true;
      refUsed[j] = true;
      alignment.push([i, j]);
    }
  }
  const matches = alignment.length;
  if (matches === 0) return 0;
  alignment.sort((a, b) => a[0] - b[0]);
  let chunks = 1;
  for (let k = 1; k < alignment.length; k++) {
    const [pi, pj] = alignment[k - 1]!;
    const [ci, cj] = alignment[k]!;
    if (ci !== pi + 1 || cj !== pj + 1) chunks++;
  }
  const precision = matches / cand.length;
  const recall = matches / ref.length;
  const fmean = (precision * recall) / (0.9 * precision + 0.1 * recall);
  const penalty = 0.5 * (chunks / matches) ** 3;
  return fmean * (1 - penalty);
}

export function meteorScore(candidate: string, references: string[]): number {
  const cand = words(candidate);
  return Math.max(0, ...references.map((ref) => meteorAgainst(cand, words(ref))));
}

export function gleu(ctx: AssertionContext): CheckResult {
  return thresholdResult('GLEU', gleuScore(ctx.outputString, references(ctx)), thresholdOf(ctx), 4);
}

export function meteor(ctx: AssertionContext): CheckResult {
  return thresholdResult('METEOR', meteorScore(ctx.outputString, references(ctx)), thresholdOf(ctx), 4);
}
