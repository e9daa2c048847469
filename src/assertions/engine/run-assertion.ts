// Grades one output with one assertion: assertion transform, value resolution, the handler,
// then `not-`, the rendered value and weight 0 (a metric-only assertion always passes).

import { AssayError } from '../../errors.js';
import type { Provider, ProviderResponse } from '../../providers/types.js';
import type { AssertionDef, TestCase, Vars } from '../../suite/types.js';
import { plainAssertionValue, resolveAssertionValue } from './assertion-value.js';
import { applyInversion, type CheckResult } from './check-result.js';
import { assertionEntry, loadAssertionHandler, loadedAssertionHandler, resolveAssertionType } from '../registry.js';
import { unsupportedAssertionMessage } from '../../config/promptfoo-surface.js';
import { scriptContext } from '../script/script-context.js';
import { transformOutput } from '../script/transform.js';
import type { AssertionContext, GradingResult, GraderResolver } from '../types.js';

export interface RunAssertionInput {
  assertion: AssertionDef;
  output: unknown;
  providerResponse: ProviderResponse;
  prompt: string;
  vars: Vars;
  test: TestCase;
  provider?: Provider;
  basePath: string;
  graders: GraderResolver;
  signal?: AbortSignal;
  latencyMs?: number;
}

export function runAssertion(input: RunAssertionInput): Promise<GradingResult> {
  return gradeAssertion(input, input.assertion);
}

/**
 * runAssertion with the assertion apart from the rest of the input, which is the same for every
 * assertion of a row: the row's grading passes its own input and no copy is made per assertion.
 */
export async function gradeAssertion(
  input: Omit<RunAssertionInput, 'assertion'>,
  assertion: AssertionDef,
): Promise<GradingResult> {
  const { providerResponse, vars, basePath } = input;
  const resolved = resolveAssertionType(assertion.type);
  if (!resolved) {
    // A promptfoo type Assay lacks fails its check with the reason (the run warned about it at load).
    const unsupported = unsupportedAssertionMessage(assertion.type);
    if (unsupported) return { pass: false, score: 0, reason: unsupported, assertion };
    throw new AssayError(
      'ASSERTION_INVALID',
      `Unknown assertion type "${assertion.type}"; check the spelling or see the list of supported types`,
    );
  }
  const { base, inverse } = resolved;

  let output = input.output;
  if (assertion.transform !== undefined) {
    output = await transformOutput(
      assertion.transform,
      output,
      {
        vars,
        prompt: { raw: input.prompt, label: input.prompt },
        ...(providerResponse.metadata ? { metadata: providerResponse.metadata } : {}),
      },
      basePath,
    );
  }

  // Handlers read the pass mark from the assertion; the registry's default fills it when unset.
  const defaultThreshold = assertionEntry(base)?.defaultThreshold;
  const effective =
    assertion.threshold === undefined && defaultThreshold !== undefined
      ? { ...assertion, threshold: defaultThreshold }
      : assertion;
  const context: AssertionContext = {
    assertion: inverse ? { ...effective, type: base } : effective,
    output,
    outputString: typeof output === 'string' ? output : (JSON.stringify(output) ?? ''),
    prompt: input.prompt,
    vars,
    test: input.test,
    provider: input.provider,
    providerResponse,
    latencyMs: providerResponse.latencyMs ?? input.latencyMs,
    basePath,
    graders: input.graders,
    signal: input.signal,
    value: undefined,
  };
  // Awaited for every value, plain or not, as is the handler below: how many turns each assertion
  // takes decides which of a row's failing assertions reports last (the row's reason) and the order
  // of its named scores, so that count is kept as it was. Awaiting a plain value takes the one turn
  // that awaiting the async resolver's settled promise took, without that promise and its frame;
  // the same holds for a handler already loaded.
  const { value, rendered } = await (plainAssertionValue(assertion.value, vars) ??
    resolveAssertionValue(assertion.value, {
      type: assertion.type,
      isScript: base === 'javascript' || base === 'python',
      vars,
      basePath,
      output,
      context: () => scriptContext(context),
    }));
  context.value = value;

  const handler = await (loadedAssertionHandler(base) ?? loadAssertionHandler(base));
  const checked: CheckResult = await handler(context);
  const result = applyInversion(checked, inverse, base);
  result.assertion = result.assertion ?? assertion;
  if (rendered !== undefined) result.metadata = { ...result.metadata, renderedAssertionValue: rendered };
  if (assertion.weight === 0) result.pass = true;
  return result;
}
