// Comparison assertions, graded once a row's cells have all finished: select-best (one grader call
// picks the best output for the criteria) and max-score (the cell with the highest score from its
// other assertions wins). The runner merges each returned result into its cell's result.

import { AssayError, isAbortError } from '../../errors.js';
import type { AssertionDef, TestCase, Vars } from '../../suite/types.js';
import { renderTemplate } from '../../template/environment.js';
import { applyInversion, invalid, type CheckResult } from '../engine/check-result.js';
import { askGrader, excerpt, GraderFailure, GraderTokens, textGrader } from './grader-call.js';
import { isComparisonAssertion, resolveAssertionType } from '../registry.js';
import { SELECT_BEST_PROMPT } from './rubric-prompts.js';
import { loadRubricPrompt, renderRubricPrompt } from './rubric-render.js';
import type { GradingResult, GraderResolver } from '../types.js';
import { parseIndex } from './verdict-parse.js';

export interface ComparisonCell {
  output: unknown;
  outputString: string;
  prompt: string;
  vars: Vars;
  /** The cell's result from its other assertions (max-score reads its componentResults). */
  gradingResult?: GradingResult;
  /** Set when the cell has no output (provider error); it takes part in no comparison. */
  error?: string;
}

export interface ComparisonInput {
  assertion: AssertionDef;
  test: TestCase;
  cells: ComparisonCell[];
  graders: GraderResolver;
  basePath: string;
  signal?: AbortSignal;
}

/** One result per cell, in the order of `cells`. Never throws except on abort. */
export async function runComparisonAssertion(input: ComparisonInput): Promise<GradingResult[]> {
  const resolved = resolveAssertionType(input.assertion.type);
  if (!resolved || !isComparisonAssertion(resolved.base)) {
    throw new AssayError(
      'INTERNAL',
      `runComparisonAssertion called with "${input.assertion.type}", which is not select-best or max-score`,
    );
  }
  let checks: CheckResult[];
  try {
    checks = resolved.base === 'select-best' ? await selectBest(input) : maxScore(input);
  } catch (err) {
    if (isAbortError(err) || !(err instanceof AssayError)) throw err;
    checks = input.cells.map(() => invalid(err.message));
  }
  return checks.map((check) => {
    const result = applyInversion(check, resolved.inverse, resolved.base);
    result.assertion = input.assertion;
    if (input.assertion.weight === 0) result.pass = true;
    return result;
  });
}

function available(cells: ComparisonCell[]): number[] {
  return cells.flatMap((cell, index) => (cell.error === undefined ? [index] : []));
}

function unavailable(cell: ComparisonCell): CheckResult {
  return invalid(`This cell has no output to compare (${cell.error})`);
}

function needTwo(type: string, cells: ComparisonCell[], usable: number[]): CheckResult[] | undefined {
  if (usable.length >= 2) return undefined;
  return cells.map((cell) =>
    cell.error !== undefined
      ? unavailable(cell)
      : invalid(`${type} needs at least two outputs in the row to compare; this row has ${usable.length}`),
  );
}

async function selectBest(input: ComparisonInput): Promise<CheckResult[]> {
  const { assertion, test, cells } = input;
  const usable = available(cells);
  const tooFew = needTwo('select-best', cells, usable);
  if (tooFew) return tooFew;
  const rowVars = cells[usable[0]!]!.vars;
  const raw = assertion.value;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new AssayError(
      'ASSERTION_INVALID',
      '"select-best" assertion needs a value: the criteria to choose the best output by',
    );
  }
  const criteria = renderTemplate(raw, rowVars);
  const tokens = new GraderTokens();
  try {
    const grader = await textGrader(input.graders, assertion, test);
    const template = await loadRubricPrompt(
      assertion.rubricPrompt ?? test.options?.rubricPrompt,
      SELECT_BEST_PROMPT,
      input.basePath,
    );
    const prompt = renderRubricPrompt(template, {
      ...rowVars,
      criteria,
      outputs: usable.map((i) => cells[i]!.outputString),
    });
    const reply = await askGrader(input.graders, grader, prompt, tokens, input.signal);
    const choice = parseIndex(reply);
    if (choice === undefined || choice >= usable.length) {
      throw new GraderFailure(
        `The grader's reply does not name an output between 0 and ${usable.length - 1}: ${excerpt(reply)}`,
      );
    }
    const winner = usable[choice]!;
    return withTokens(
      cells.map((cell, index): CheckResult => {
        if (cell.error !== undefined) return unavailable(cell);
        return index === winner
          ? {
              pass: true,
              score: 1,
              reason: `Selected as the best output for: ${criteria}`,
              negatedReason: `Expected not to be selected, but the grader chose this output for: ${criteria}`,
            }
          : {
              pass: false,
              score: 0,
              reason: `Not selected as the best output (output ${choice} was) for: ${criteria}`,
            };
      }),
      tokens,
    );
  } catch (err) {
    if (!(err instanceof GraderFailure)) throw err;
    return withTokens(
      cells.map(() => ({ ...invalid(err.message), metadata: { graderError: true } })),
      tokens,
    );
  }
}

/** The grader was called once for the row, so its tokens go on the first cell only. */
function withTokens(results: CheckResult[], tokens: GraderTokens): CheckResult[] {
  return results.map((result, index) => ({
    ...result,
    tokensUsed: index === 0 ? { ...tokens.usage } : { total: 0, prompt: 0, completion: 0, cached: 0, numRequests: 0 },
  }));
}

interface MaxScoreOptions {
  method: 'average' | 'sum';
  weights: Record<string, number>;
  threshold?: number;
}

function maxScoreOptions(value: unknown): MaxScoreOptions {
  if (value === undefined || value === null || value === '') return { method: 'average', weights: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AssayError(
      'ASSERTION_INVALID',
      '"max-score" value must be an object: { method: average | sum, weights: { <type>: number }, threshold }',
    );
  }
  const { method = 'average', weights = {}, threshold } = value as Record<string, unknown>;
  if (method !== 'average' && method !== 'sum')
    throw new AssayError('ASSERTION_INVALID', '"max-score" method must be "average" or "sum"');
  if (typeof weights !== 'object' || weights === null)
    throw new AssayError('ASSERTION_INVALID', '"max-score" weights must map assertion types to numbers');
  if (threshold !== undefined && typeof threshold !== 'number')
    throw new AssayError('ASSERTION_INVALID', '"max-score" threshold must be a number');
  return { method, weights: weights as Record<string, number>, threshold };
}

function maxScore(input: ComparisonInput): CheckResult[] {
  const { cells } = input;
  const options = maxScoreOptions(input.assertion.value);
  const usable = available(cells);
  const tooFew = needTwo('max-score', cells, usable);
  if (tooFew) return tooFew;

  const scores = new Map<number, number>();
  for (const index of usable) {
    // Comparison and metric-only (weight 0) assertions do not decide the winner.
    const relevant = (cells[index]!.gradingResult?.componentResults ?? []).filter(
      (r) => r.assertion && !isComparisonAssertion(r.assertion.type) && r.assertion.weight !== 0,
    );
    if (relevant.length === 0) {
      throw new AssayError(
        'ASSERTION_INVALID',
        'max-score needs at least one other assertion on the test (besides select-best and max-score) to compare scores',
      );
    }
    let weighted = 0;
    let totalWeight = 0;
    for (const r of relevant) {
      const weight = options.weights[r.assertion!.type] ?? 1;
      weighted += (r.score || 0) * weight;
      totalWeight += weight;
    }
    scores.set(index, options.method === 'sum' ? weighted : totalWeight > 0 ? weighted / totalWeight : 0);
  }

  let winner = usable[0]!;
  for (const index of usable) if (scores.get(index)! > scores.get(winner)!) winner = index;
  const best = scores.get(winner)!;
  const meets = options.threshold === undefined || best >= options.threshold;
  return cells.map((cell, index): CheckResult => {
    if (cell.error !== undefined) return unavailable(cell);
    const score = scores.get(index)!;
    const metadata = { maxScore: { score, best } };
    if (index === winner && meets) {
      return {
        pass: true,
        score: 1,
        reason: `Selected as the highest-scoring output (score ${score.toFixed(3)})`,
        metadata,
      };
    }
    const reason =
      index === winner
        ? `Highest score ${score.toFixed(3)} is below the max-score threshold ${options.threshold}`
        : `Not selected (score ${score.toFixed(3)}, best ${best.toFixed(3)})`;
    return { pass: false, score: 0, reason, metadata };
  });
}

/** The registry entry: a comparison cannot grade one output alone. */
export function comparisonOnly(): CheckResult {
  return invalid(
    'select-best and max-score compare all outputs of a row; they are graded after the row finishes, not per output',
  );
}
