// The assertion contract: a handler grades one output and returns a GradingResult. Inversion
// (`not-`), weights, metrics, thresholds and assert-sets are applied once, by the aggregator.

import type { Provider, ProviderResponse, TokenUsage } from '../providers/types.js';
import type { AssertionDef, TestCase, Vars } from '../suite/types.js';

export interface GradingResult {
  pass: boolean;
  score: number;
  reason: string;
  namedScores?: Record<string, number>;
  /** Total weight behind each named score (on aggregate results), for weighted sums across rows. */
  namedScoreWeights?: Record<string, number>;
  tokensUsed?: TokenUsage;
  /** Per-assertion results, flattened (on aggregate results). */
  componentResults?: GradingResult[];
  assertion?: AssertionDef;
  metadata?: Record<string, unknown>;
}

/** Resolves graders for model-graded and embedding assertions (assertion → test → defaultTest → --grader). */
export interface GraderResolver {
  /** The grader for text verdicts. Throws AssayError with guidance when none is configured. */
  text(assertion: AssertionDef, test: TestCase): Promise<Provider>;
  /** The provider used for embeddings (`similar`). */
  embedding(assertion: AssertionDef, test: TestCase): Promise<Provider>;
  /** The provider used for classification (`classifier`): a provider with `classify`. */
  classification(assertion: AssertionDef, test: TestCase): Promise<Provider>;
  /** Classifies a text through the same limits; `onUsage` receives the call's token usage. */
  classify(
    provider: Provider,
    text: string,
    signal?: AbortSignal,
    onUsage?: (usage: TokenUsage | undefined, cached: boolean) => void,
  ): Promise<Record<string, number>>;
  /** Calls a grader through the same cache and limits as provider calls. */
  call(grader: Provider, prompt: string, signal?: AbortSignal): Promise<ProviderResponse>;
  /** Embeds a text through the same cache and limits; `onUsage` receives the call's token usage. */
  embed(
    provider: Provider,
    text: string,
    signal?: AbortSignal,
    onUsage?: (usage: TokenUsage | undefined, cached: boolean) => void,
  ): Promise<number[]>;
}

export interface AssertionContext {
  /** The assertion as written, type without the `not-` prefix. */
  assertion: AssertionDef;
  /** The assertion's value with templates rendered and file:// values loaded. */
  value: unknown;
  /** Output after test and assertion transforms. */
  output: unknown;
  /** `output` as text (JSON for objects). */
  outputString: string;
  /** The rendered prompt sent to the provider. */
  prompt: string;
  vars: Vars;
  test: TestCase;
  provider?: Provider;
  providerResponse: ProviderResponse;
  /** Latency of the step in ms: the response's own `latencyMs` (kept for cached responses), else the measured call time. */
  latencyMs?: number;
  /** Folder that relative file:// paths resolve against. */
  basePath: string;
  graders: GraderResolver;
  signal?: AbortSignal;
}

export type AssertionHandler = (context: AssertionContext) => Promise<GradingResult> | GradingResult;

/**
 * The assertion's pass mark. runAssertion fills an unset `threshold` from the registry entry's
 * `defaultThreshold`, so a handler of a type that has one never sees it missing.
 */
export function thresholdOf(ctx: AssertionContext): number {
  const threshold = ctx.assertion.threshold;
  if (threshold === undefined)
    throw new Error(`Internal: no threshold for "${ctx.assertion.type}" (its registry entry needs a defaultThreshold)`);
  return threshold;
}
