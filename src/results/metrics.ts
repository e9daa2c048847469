// Running per-column metrics and run stats, updated one result at a time so nothing has to keep
// the results themselves (promptfoo's CompletedPrompt.metrics and EvaluateStats shapes).

import { applyDerivedMetrics, type DerivedMetric } from '../suite/derived-metrics.js';
import type { GradingResult } from '../assertions/types.js';
import type { TokenUsage } from '../providers/types.js';
import { FailureReason, type CompletedPrompt, type EvalResult, type PromptMetrics, type RunStats } from './types.js';

const TOKEN_FIELDS = ['prompt', 'completion', 'total', 'cached', 'numRequests'] as const;

export function emptyTokenUsage(): Required<TokenUsage> {
  return { prompt: 0, completion: 0, total: 0, cached: 0, numRequests: 0 };
}

/** Adds `extra` into `into` field by field (missing fields count as 0). */
export function addTokenUsage(into: TokenUsage, extra: TokenUsage | undefined): void {
  if (!extra) return;
  for (const field of TOKEN_FIELDS) {
    const value = extra[field];
    if (typeof value === 'number' && Number.isFinite(value)) into[field] = (into[field] ?? 0) + value;
  }
}

export function emptyMetrics(): PromptMetrics {
  return {
    score: 0,
    testPassCount: 0,
    testFailCount: 0,
    testErrorCount: 0,
    assertPassCount: 0,
    assertFailCount: 0,
    totalLatencyMs: 0,
    tokenUsage: emptyTokenUsage(),
    namedScores: {},
    namedScoresCount: {},
    cost: 0,
  };
}

export type CellStatus = 'PASS' | 'FAIL' | 'ERROR';

/** promptfoo's counting: success is a pass; a failure caused by an error is an error; else a fail. */
export function cellStatus(result: Pick<EvalResult, 'success' | 'failureReason'>): CellStatus {
  if (result.success) return 'PASS';
  return result.failureReason === FailureReason.ERROR ? 'ERROR' : 'FAIL';
}

export class RunMetrics {
  private readonly prompts: CompletedPrompt[];
  private readonly graderTokens = emptyTokenUsage();

  private readonly rowsPerColumn: number[];
  private skipped = 0;

  constructor(
    prompts: CompletedPrompt[],
    private readonly derived: DerivedMetric[] = [],
  ) {
    // Own copies: the caller's column objects may be shared with the run-start event.
    this.prompts = prompts.map((p) => ({ ...p, metrics: emptyMetrics() }));
    this.rowsPerColumn = prompts.map(() => 0);
  }

  add(result: EvalResult): void {
    const column = this.prompts[result.promptIdx];
    if (!column) return;
    const m = column.metrics;
    const status = cellStatus(result);
    if (status === 'PASS') m.testPassCount++;
    else if (status === 'ERROR') m.testErrorCount++;
    else m.testFailCount++;

    m.score += finite(result.score);
    m.totalLatencyMs += finite(result.latencyMs);
    m.cost += finite(result.cost);
    addTokenUsage(m.tokenUsage, result.tokenUsage);

    const grading = result.gradingResult;
    for (const component of grading?.componentResults ?? []) {
      if (component.pass) m.assertPassCount++;
      else m.assertFailCount++;
    }
    addTokenUsage(this.graderTokens, grading?.tokensUsed);
    addNamedScores(m, result.namedScores, grading);
    const rows = ++this.rowsPerColumn[result.promptIdx]!;
    if (this.derived.length) applyDerivedMetrics(this.derived, m.namedScores, rows);
  }

  /** Counts a cell that never finished (the run stopped first). */
  addSkipped(): void {
    this.skipped++;
  }

  /** The columns with their metrics so far, in promptIdx order. */
  columns(): CompletedPrompt[] {
    return this.prompts;
  }

  stats(durationMs: number): RunStats {
    const tokenUsage = emptyTokenUsage();
    let successes = 0;
    let failures = 0;
    let errors = 0;
    for (const { metrics } of this.prompts) {
      successes += metrics.testPassCount;
      failures += metrics.testFailCount;
      errors += metrics.testErrorCount;
      addTokenUsage(tokenUsage, metrics.tokenUsage);
    }
    return {
      successes,
      failures,
      errors,
      skipped: this.skipped,
      tokenUsage,
      graderTokenUsage: { ...this.graderTokens },
      durationMs,
    };
  }

  /**
   * Percentage of cells that passed (errors count against it), 0-100. NaN when no cell ran, so
   * a `rate < threshold` check does not fail an empty run (promptfoo's behaviour).
   */
  passRate(): number {
    const { successes, failures, errors } = this.stats(0);
    const total = successes + failures + errors;
    return total === 0 ? Number.NaN : (successes / total) * 100;
  }
}

/**
 * promptfoo keeps a weighted sum per metric: the row's (normalised) named score times the total
 * weight of the assertions behind it, and counts those assertions, so sum / count is an average.
 */
function addNamedScores(
  m: PromptMetrics,
  namedScores: Record<string, number> | undefined,
  grading: GradingResult | undefined,
): void {
  for (const [name, value] of Object.entries(namedScores ?? {})) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    let weight = 0;
    let count = 0;
    for (const component of grading?.componentResults ?? []) {
      const byMetric = component.assertion?.metric === name;
      const byNamed = !byMetric && component.namedScores !== undefined && name in component.namedScores;
      if (!byMetric && !byNamed) continue;
      weight += component.assertion?.weight ?? 1;
      count++;
    }
    if (count === 0) count = 1;
    // Metric-only assertions (weight 0) still report their score.
    if (weight <= 0) weight = count;
    m.namedScores[name] = (m.namedScores[name] ?? 0) + value * weight;
    m.namedScoresCount[name] = (m.namedScoresCount[name] ?? 0) + count;
  }
}

function finite(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
