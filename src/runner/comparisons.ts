// select-best and max-score compare the cells of one row, so they run once the row's cells
// have all finished; each cell's result is then merged with its share of the comparison
// (pass only if both pass; a failing comparison's score and reason win), as promptfoo does.

import { runComparisonAssertion } from '../assertions/model-graded/comparison.js';
import { isComparisonAssertion } from '../assertions/registry.js';
import type { GraderResolver, GradingResult } from '../assertions/types.js';
import type { TokenUsage } from '../providers/types.js';
import { FailureReason, type EvalResult } from '../results/types.js';
import type { AssertionDef, TestCase } from '../suite/types.js';

export function comparisonAssertions(test: TestCase): AssertionDef[] {
  return (test.assert ?? []).filter((a): a is AssertionDef => a.type !== 'assert-set' && isComparisonAssertion(a.type));
}

/** Grades a complete row (cells in column order) with its comparison assertions. */
export async function applyComparisons(
  cells: EvalResult[],
  test: TestCase,
  services: { graders: GraderResolver; basePath: string },
  signal?: AbortSignal,
): Promise<EvalResult[]> {
  let graded = cells;
  for (const assertion of comparisonAssertions(test)) {
    const results = await runComparisonAssertion({
      assertion,
      test,
      cells: graded.map((cell) => ({
        output: cell.response?.output,
        outputString:
          typeof cell.response?.output === 'string'
            ? cell.response.output
            : JSON.stringify(cell.response?.output ?? ''),
        prompt: cell.prompt.raw,
        vars: cell.vars,
        gradingResult: cell.gradingResult,
        error: cell.failureReason === FailureReason.ERROR ? cell.error : undefined,
      })),
      graders: services.graders,
      basePath: services.basePath,
      signal,
    });
    graded = graded.map((cell, i) => mergeComparison(cell, results[i]!));
  }
  return graded;
}

function mergeComparison(cell: EvalResult, comparison: GradingResult): EvalResult {
  if (cell.failureReason === FailureReason.ERROR) return cell;
  const previous: GradingResult = cell.gradingResult ?? { pass: true, score: 1, reason: 'No assertions' };
  const pass = previous.pass && comparison.pass;
  const gradingResult: GradingResult = {
    ...previous,
    pass,
    score: comparison.pass ? previous.score : comparison.score,
    reason: comparison.pass ? previous.reason : comparison.reason,
    componentResults: [...(previous.componentResults ?? []), comparison],
    tokensUsed: addUsage(previous.tokensUsed, comparison.tokensUsed),
  };
  return {
    ...cell,
    gradingResult,
    success: pass,
    score: gradingResult.score,
    error: pass ? undefined : gradingResult.reason,
    failureReason: pass ? FailureReason.NONE : FailureReason.ASSERT,
  };
}

function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a) return b;
  if (!b) return a;
  const sum = (x?: number, y?: number) => (x ?? 0) + (y ?? 0);
  return {
    prompt: sum(a.prompt, b.prompt),
    completion: sum(a.completion, b.completion),
    total: sum(a.total, b.total),
    cached: sum(a.cached, b.cached),
    numRequests: sum(a.numRequests, b.numRequests),
  };
}
