// Tool-call checks: function-call (a call to the named tool with arguments that fit its schema),
// is-valid-*-call (every call fits its tool's schema) and tool-call-f1 (called vs expected names).

import { AssayError } from '../../errors.js';
import { verdict, type CheckResult } from '../engine/check-result.js';
import { schemaErrors, schemaValidator } from '../json/json-schema.js';
import { extractToolCalls, toolDefinitions, type ToolCall, type ToolDefinitions } from './tool-calls.js';
import { type AssertionContext, thresholdOf } from '../types.js';
import { scrubText } from '../../redaction/secret-registry.js';

function shown(raw: string): string {
  // Known secrets go before the cut, so none is left half-shown in a reason.
  const output = scrubText(raw);
  return output.length > 200 ? `${output.slice(0, 197)}...` : output;
}

/** Why a call does not fit the declared tools, or undefined when it does. */
export function callProblem(call: ToolCall, defs: ToolDefinitions): string | undefined {
  if (call.argumentsError)
    return `Call to "${call.name}" has arguments that are not valid JSON (${call.argumentsError})`;
  if (!defs.has(call.name)) {
    return `Called "${call.name}", but there is no tool with that name (declared: ${[...defs.keys()].join(', ') || 'none'})`;
  }
  const schema = defs.get(call.name);
  if (!schema) return undefined;
  const compiled = schemaValidator(schema, `parameters schema of "${call.name}"`);
  if ('error' in compiled) return `Tool "${call.name}" has an invalid parameters schema: ${compiled.error}`;
  if (compiled.validate(call.arguments)) return undefined;
  return `Call to "${call.name}" does not match its parameters schema: ${schemaErrors(compiled.validate)}`;
}

async function definitionsFor(ctx: AssertionContext): Promise<ToolDefinitions> {
  return toolDefinitions(ctx.provider?.config, ctx.vars, ctx.basePath);
}

export async function functionCall(ctx: AssertionContext): Promise<CheckResult> {
  const { value } = ctx;
  if (value !== undefined && value !== null && value !== '' && typeof value !== 'string') {
    throw new AssayError(
      'ASSERTION_INVALID',
      '"function-call" value must be the name of the expected tool (or left out to accept any valid call)',
    );
  }
  const expected = typeof value === 'string' && value !== '' ? value : undefined;
  const calls = extractToolCalls(ctx.output);
  if (!calls) {
    return verdict(
      false,
      () =>
        `Expected a tool call${expected ? ` to "${expected}"` : ''}, but the output holds none: ${shown(ctx.outputString)}`,
    );
  }
  const candidates = expected ? calls.filter((call) => call.name === expected) : calls;
  if (candidates.length === 0) {
    return verdict(
      false,
      () => `Expected a call to "${expected}", but the output calls ${calls.map((c) => `"${c.name}"`).join(', ')}`,
    );
  }
  const defs = await definitionsFor(ctx);
  if (defs.size === 0) {
    // Without declared tools only the name can be checked; say so rather than fail.
    return {
      ...verdict(true, (not) => `Expected ${not === 'not ' ? 'no' : 'a'} call to "${candidates[0]!.name}"`),
      metadata: { toolSchemaChecked: false },
    };
  }
  const problems = candidates.map((call) => callProblem(call, defs));
  const valid = problems.indexOf(undefined);
  if (valid >= 0) {
    const name = candidates[valid]!.name;
    return verdict(true, () => `Expected no valid call to "${name}", but the output has one`);
  }
  return verdict(false, () => problems[0]!);
}

/** is-valid-openai-tools-call, is-valid-openai-function-call, is-valid-function-call. */
export async function validToolCalls(ctx: AssertionContext): Promise<CheckResult> {
  const calls = extractToolCalls(ctx.output);
  if (!calls)
    return verdict(false, () => `Expected the output to be a tool call, but it is not: ${shown(ctx.outputString)}`);
  const defs = await definitionsFor(ctx);
  if (defs.size === 0) {
    return {
      pass: false,
      score: 0,
      reason: `The provider config declares no tools or functions to validate the call against; add \`tools:\` to the config of ${ctx.provider?.id() ?? 'the provider'}`,
      inversion: 'none',
    };
  }
  const problem = calls.map((call) => callProblem(call, defs)).find((p) => p !== undefined);
  return problem
    ? verdict(false, () => problem)
    : verdict(true, () => `Expected an invalid tool call, but all ${calls.length} call(s) match their schemas`);
}

function expectedNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  const names = list.map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) {
    throw new AssayError(
      'ASSERTION_INVALID',
      '"tool-call-f1" assertion needs a value: the expected tool names, as a list or comma-separated text',
    );
  }
  return names;
}

export function toolCallF1(ctx: AssertionContext): CheckResult {
  const expected = new Set(expectedNames(ctx.value));
  const actual = new Set((extractToolCalls(ctx.output, { inText: true }) ?? []).map((call) => call.name));
  const matched = [...expected].filter((name) => actual.has(name)).length;
  const precision = actual.size > 0 ? matched / actual.size : 0;
  const recall = matched / expected.size;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const threshold = thresholdOf(ctx);
  const pass = f1 >= threshold;
  const detail = `Expected: [${[...expected].sort().join(', ')}], called: [${[...actual].sort().join(', ') || 'none'}]; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`;
  return {
    pass,
    score: f1,
    reason: pass
      ? `Tool call F1 ${f1.toFixed(3)}. ${detail}`
      : `Tool call F1 ${f1.toFixed(3)} is below threshold ${threshold}. ${detail}`,
    // promptfoo keeps the F1 as the score when negated.
    inversion: 'pass',
    negatedReason: `Tool call F1 ${f1.toFixed(3)} reached threshold ${threshold}. ${detail}`,
  };
}
