// Combines assertion results into one GradingResult (for a test, or for one assert-set):
// weighted mean score, named metrics, token totals, threshold override, flattened components.

import type { TokenUsage } from '../../providers/types.js';
import type { AssertionSetDef } from '../../suite/types.js';
import type { GradingResult } from '../types.js';

export type FullTokenUsage = Required<Pick<TokenUsage, 'total' | 'prompt' | 'completion' | 'cached' | 'numRequests'>>;

export function zeroTokens(): FullTokenUsage {
  return { total: 0, prompt: 0, completion: 0, cached: 0, numRequests: 0 };
}

export class ScoreAccumulator {
  private totalScore = 0;
  private totalWeight = 0;
  private failedReason: string | undefined;
  private readonly components: GradingResult[] = [];
  private readonly namedScores: Record<string, number> = {};
  private readonly namedWeights: Record<string, number> = {};
  private readonly tokens = zeroTokens();

  constructor(
    private readonly threshold: number | undefined,
    private readonly set?: AssertionSetDef,
  ) {}

  add(index: number, result: GradingResult, weight = 1, metric?: string): void {
    this.totalScore += result.score * weight;
    this.totalWeight += weight;
    this.components[index] = result;
    // A weight-0 (metric-only) assertion still reports its real score under its metric.
    const metricWeight = weight === 0 ? 1 : weight;
    if (metric) this.addNamed(metric, result.score, metricWeight);
    const named = result.namedScores;
    if (named) {
      for (const name of Object.keys(named)) {
        if (name !== metric) this.addNamed(name, named[name]!, (result.namedScoreWeights?.[name] ?? 1) * metricWeight);
      }
    }
    const used = result.tokensUsed;
    if (used) {
      this.tokens.total += used.total ?? 0;
      this.tokens.prompt += used.prompt ?? 0;
      this.tokens.completion += used.completion ?? 0;
      this.tokens.cached += used.cached ?? 0;
      this.tokens.numRequests += used.numRequests ?? 0;
    }
    if (!result.pass) this.failedReason = result.reason;
  }

  private addNamed(name: string, score: number, weight: number): void {
    this.namedScores[name] = (this.namedScores[name] ?? 0) + score * weight;
    this.namedWeights[name] = (this.namedWeights[name] ?? 0) + weight;
  }

  result(): GradingResult {
    const score = this.totalWeight > 0 ? this.totalScore / this.totalWeight : 0;
    let pass = this.failedReason === undefined;
    let reason = this.failedReason ?? 'All assertions passed';
    // A threshold (0 means none, as in promptfoo) replaces the all-must-pass rule.
    if (this.threshold) {
      pass = score >= this.threshold;
      reason = `Aggregate score ${score.toFixed(2)} ${pass ? '≥' : '<'} ${this.threshold} threshold`;
    }
    const namedScores: Record<string, number> = {};
    for (const name of Object.keys(this.namedScores)) {
      const weight = this.namedWeights[name] ?? 0;
      namedScores[name] = weight > 0 ? this.namedScores[name]! / weight : 0;
    }
    // Flattened: each result, then its own components (an assert-set's) with their assertion.
    const componentResults: GradingResult[] = [];
    for (const result of this.components) {
      if (!result) continue;
      componentResults.push(result);
      if (result.componentResults) {
        for (const child of result.componentResults)
          componentResults.push({ ...child, assertion: child.assertion ?? result.assertion });
      }
    }
    // The keys in this order (outputs are written in key order); namedScoreWeights only when
    // there are weights, metadata only for an assert-set.
    const tokensUsed = { ...this.tokens };
    const graded: GradingResult =
      Object.keys(this.namedWeights).length > 0
        ? {
            pass,
            score,
            reason,
            namedScores,
            namedScoreWeights: { ...this.namedWeights },
            tokensUsed,
            componentResults,
          }
        : { pass, score, reason, namedScores, tokensUsed, componentResults };
    if (this.set) graded.metadata = { assertionSet: setMetadata(this.set) };
    return graded;
  }
}

function setMetadata(set: AssertionSetDef): Record<string, unknown> {
  return {
    type: set.type,
    assertionCount: set.assert.length,
    ...(set.metric !== undefined ? { metric: set.metric } : {}),
    ...(set.threshold !== undefined ? { threshold: set.threshold } : {}),
    ...(set.weight !== undefined ? { weight: set.weight } : {}),
  };
}
