// perplexity and perplexity-score from the token log-probabilities a provider returned:
// perplexity = exp(-mean logprob); perplexity-score = 1 / (1 + perplexity). promptfoo ignores `not-` for both.

import type { CheckResult } from '../engine/check-result.js';
import type { AssertionContext } from '../types.js';

function perplexityOf(ctx: AssertionContext): number | CheckResult {
  const logProbs = ctx.providerResponse.logProbs;
  if (!logProbs || logProbs.length === 0) {
    return {
      pass: false,
      score: 0,
      reason: `${ctx.assertion.type} needs token log-probabilities, but ${ctx.provider?.id() ?? 'the provider'} returned none; ask for them with \`logprobs: true\` in the provider config (OpenAI-compatible providers: openai, databricks, llamaapi, cloudflare-ai) or use a provider that reports them`,
      inversion: 'none',
    };
  }
  const mean = logProbs.reduce((sum, lp) => sum + lp, 0) / logProbs.length;
  return Math.exp(-mean);
}

export function perplexity(ctx: AssertionContext): CheckResult {
  const measured = perplexityOf(ctx);
  if (typeof measured !== 'number') return measured;
  const threshold = ctx.assertion.threshold;
  const pass = threshold === undefined || measured <= threshold;
  return {
    pass,
    score: pass ? 1 : 0,
    reason: pass ? 'Assertion passed' : `Perplexity ${measured.toFixed(2)} is greater than threshold ${threshold}`,
    inversion: 'none',
    metadata: { perplexity: measured },
  };
}

export function perplexityScore(ctx: AssertionContext): CheckResult {
  const measured = perplexityOf(ctx);
  if (typeof measured !== 'number') return measured;
  const score = 1 / (1 + measured);
  const threshold = ctx.assertion.threshold;
  const pass = threshold === undefined || score >= threshold;
  return {
    pass,
    score,
    reason: pass ? 'Assertion passed' : `Perplexity score ${score.toFixed(2)} is less than threshold ${threshold}`,
    inversion: 'none',
    metadata: { perplexity: measured },
  };
}
