// Grades one output against all of a test's assertions (assert-sets included), at most three at a
// time, and folds the results into the row's GradingResult as promptfoo's runAssertions does.

import type { Provider, ProviderResponse } from '../../providers/types.js';
import type { AssertionDef, AssertionSetDef, AssertionSpec, TestCase, Vars } from '../../suite/types.js';
import { renderTemplate } from '../../template/environment.js';
import { isComparisonAssertion } from '../registry.js';
import { gradeAssertion } from './run-assertion.js';
import { applyScoringFunction } from './scoring-function.js';
import { ScoreAccumulator, zeroTokens } from './score-accumulator.js';
import type { GradingResult, GraderResolver } from '../types.js';

export { isComparisonAssertion } from '../registry.js';

export interface RunAssertionsInput {
  test: TestCase;
  /** The output after provider and test transforms (an object when the provider returned one). */
  output: unknown;
  providerResponse: ProviderResponse;
  /** The rendered prompt. */
  prompt: string;
  vars: Vars;
  provider?: Provider;
  basePath: string;
  graders: GraderResolver;
  signal?: AbortSignal;
  /** Measured call time; `providerResponse.latencyMs` wins when set (cached responses keep theirs). */
  latencyMs?: number;
}

const MAX_CONCURRENT_ASSERTIONS = 3;
const DONE: Promise<void> = Promise.resolve();

interface Job {
  assertion: AssertionDef;
  into: ScoreAccumulator;
  index: number;
}

export async function runAssertions(input: RunAssertionsInput): Promise<GradingResult> {
  const specs = input.test.assert ?? [];
  if (specs.length === 0) return { pass: true, score: 1, reason: 'No assertions', tokensUsed: zeroTokens() };

  const main = new ScoreAccumulator(input.test.threshold);
  const sets: Array<{ set: AssertionSetDef; index: number; into: ScoreAccumulator }> = [];
  const jobs: Job[] = [];
  specs.forEach((spec, index) => {
    if (isAssertionSet(spec)) {
      const into = new ScoreAccumulator(spec.threshold, spec);
      sets.push({ set: spec, index, into });
      spec.assert.forEach((child, childIndex) => jobs.push({ assertion: child, into, index: childIndex }));
    } else {
      jobs.push({ assertion: spec, into: main, index });
    }
  });

  // Not an async function: `.then` adds the result in the same turn the await did, one promise
  // fewer per assertion.
  const grade = ({ assertion, into, index }: Job): Promise<void> => {
    if (isComparisonAssertion(assertion.type)) return DONE;
    if (input.signal?.aborted) return Promise.reject(input.signal.reason);
    return gradeAssertion(input, assertion).then((result) => {
      into.add(index, result, assertion.weight ?? 1, renderMetric(assertion.metric, input.vars));
    });
  };
  // Up to the limit, every job starts at once, in order, as the limited pool would start them.
  if (jobs.length <= MAX_CONCURRENT_ASSERTIONS) await Promise.all(jobs.map(grade));
  else await forEachLimited(jobs, MAX_CONCURRENT_ASSERTIONS, grade);

  for (const { set, index, into } of sets) {
    main.add(index, into.result(), set.weight ?? 1, renderMetric(set.metric, input.vars));
  }
  const scoring = input.test.assertScoringFunction;
  return scoring === undefined
    ? main.result()
    : applyScoringFunction(scoring, main.result(), input.test.threshold, input.basePath);
}

function isAssertionSet(spec: AssertionSpec): spec is AssertionSetDef {
  return spec.type === 'assert-set';
}

/** Metric names may be templates (`{{topic}}-accuracy`); a broken template keeps the raw name. */
function renderMetric(metric: string | undefined, vars: Vars): string | undefined {
  if (!metric) return metric;
  try {
    return renderTemplate(metric, vars);
  } catch {
    return metric;
  }
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (err) {
        next = items.length; // the row is an error now; start no more work for it
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
