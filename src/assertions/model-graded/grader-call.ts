// Shared plumbing for model-graded assertions: find the grader, call it, add up its token usage,
// and turn every grader problem into a failing result (never a thrown error) so the run goes on.

import { errorMessage, isAbortError } from '../../errors.js';
import type { Provider, TokenUsage } from '../../providers/types.js';
import type { AssertionDef, TestCase } from '../../suite/types.js';
import type { CheckResult } from '../engine/check-result.js';
import type { GraderResolver } from '../types.js';
import { scrubText } from '../../redaction/secret-registry.js';

export type FullTokenUsage = Required<Pick<TokenUsage, 'total' | 'prompt' | 'completion' | 'cached' | 'numRequests'>>;

/** Raised inside a grading flow to stop it with a failing result; caught by `gradeSafely`. */
export class GraderFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraderFailure';
  }
}

/** Counts the tokens of every grader call one assertion makes. */
export class GraderTokens {
  readonly usage: FullTokenUsage = { total: 0, prompt: 0, completion: 0, cached: 0, numRequests: 0 };

  add(usage: TokenUsage | undefined, cached = false): void {
    const prompt = usage?.prompt ?? 0;
    const completion = usage?.completion ?? 0;
    const total = usage?.total ?? prompt + completion;
    this.usage.prompt += prompt;
    this.usage.completion += completion;
    this.usage.total += total;
    // A cached grader reply cost nothing this run; promptfoo reports its tokens as cached.
    this.usage.cached += cached ? Math.max(usage?.cached ?? 0, total) : (usage?.cached ?? 0);
    this.usage.numRequests += cached ? 0 : (usage?.numRequests ?? 1);
  }
}

/** The text grader, or a GraderFailure carrying the resolver's guidance. */
export function textGrader(graders: GraderResolver, assertion: AssertionDef, test: TestCase): Promise<Provider> {
  return resolveGrader(() => graders.text(assertion, test));
}

/** The embedding provider, or a GraderFailure carrying the resolver's guidance. */
export function embeddingProvider(graders: GraderResolver, assertion: AssertionDef, test: TestCase): Promise<Provider> {
  return resolveGrader(() => graders.embedding(assertion, test));
}

/** The classification provider (`classifier`), or a GraderFailure carrying the resolver's guidance. */
export function classificationProvider(
  graders: GraderResolver,
  assertion: AssertionDef,
  test: TestCase,
): Promise<Provider> {
  return resolveGrader(() => graders.classification(assertion, test));
}

async function resolveGrader(resolve: () => Promise<Provider>): Promise<Provider> {
  try {
    return await resolve();
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new GraderFailure(errorMessage(err));
  }
}

/** The start of a grader reply, for failure messages. */
export function excerpt(text: string, max = 300): string {
  // Known secrets go before the cut: a key straddling it would otherwise leave its start behind.
  const flat = scrubText(text).trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** Calls the grader and returns its reply as text; errors and empty replies become GraderFailures. */
export async function askGrader(
  graders: GraderResolver,
  grader: Provider,
  prompt: string,
  tokens: GraderTokens,
  signal?: AbortSignal,
): Promise<string> {
  let response: Awaited<ReturnType<typeof graders.call>>;
  try {
    response = await graders.call(grader, prompt, signal);
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new GraderFailure(`Grader ${grader.id()} failed: ${errorMessage(err)}`);
  }
  tokens.add(response.tokenUsage, response.cached);
  if (response.error) throw new GraderFailure(`Grader ${grader.id()} returned an error: ${response.error}`);
  const output = response.output;
  if (output === undefined || output === null || output === '') {
    throw new GraderFailure(`Grader ${grader.id()} returned no output`);
  }
  return typeof output === 'string' ? output : JSON.stringify(output);
}

/** Embeds a text, counting its tokens with the grader's; failures become GraderFailures naming the provider. */
export async function embedText(
  graders: GraderResolver,
  provider: Provider,
  text: string,
  tokens: GraderTokens,
  signal?: AbortSignal,
): Promise<number[]> {
  try {
    const vector = await graders.embed(provider, text, signal, (usage, cached) => tokens.add(usage, cached));
    if (!Array.isArray(vector) || vector.length === 0) throw new Error('no embedding returned');
    return vector;
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new GraderFailure(`Embedding with ${provider.id()} failed: ${errorMessage(err)}`);
  }
}

/**
 * Runs a grading flow. A GraderFailure becomes a failing result that `not-` does not flip: a
 * grader that could not answer is no evidence either way. Aborts still propagate.
 */
export async function gradeSafely(tokens: GraderTokens, flow: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    const result = await flow();
    return { ...result, tokensUsed: { ...tokens.usage } };
  } catch (err) {
    if (!(err instanceof GraderFailure)) throw err;
    return {
      pass: false,
      score: 0,
      reason: err.message,
      tokensUsed: { ...tokens.usage },
      inversion: 'none',
      metadata: { graderError: true },
    };
  }
}
