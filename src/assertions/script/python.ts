// The python assertion: inline Python (one expression, or a multi-line function body) or
// file://x.py[:fn] (default get_assert), called as fn(output, context) on the worker pool. It may
// return a bool, a number (the score), or a grading-result dict (snake_case keys accepted).

import { resolve } from 'node:path';
import { errorMessage } from '../../errors.js';
import { snippet } from '../../providers/transport/errors.js';
import { pythonFunction, type PythonFunction } from '../../python/module.js';
import { importModule, parseFileReference, pickExport } from '../../scripting/load-module.js';
import type { CheckResult } from '../engine/check-result.js';
import { scriptContext } from './script-context.js';
import { outputForScripts } from '../json/structured-output.js';
import type { AssertionContext, GradingResult } from '../types.js';

export async function python(ctx: AssertionContext): Promise<CheckResult> {
  const { value, assertion } = ctx;
  if (typeof value !== 'string' || value.trim() === '') {
    return failed('python assertion must have a value: Python code or file://path.py[:function]');
  }
  try {
    const fn = await loadPythonAssertion(value, ctx.basePath);
    const result = await fn.callWith(
      [outputForScripts(ctx.output, ctx.providerResponse.metadata), pythonContext(ctx)],
      { signal: ctx.signal },
    );
    return interpret(result, assertion.threshold);
  } catch (err) {
    return failed(`Python code execution failed: ${errorMessage(err)}`);
  }
}

async function loadPythonAssertion(value: string, basePath: string): Promise<PythonFunction> {
  if (value.startsWith('file://')) {
    const { path, exportName } = parseFileReference(value);
    const mod = await importModule(resolve(basePath, path), basePath);
    return pickExport(mod, exportName, `python assertion ${value}`, 'get_assert') as PythonFunction;
  }
  return pythonFunction({ path: '<python assertion>', source: inlineAssertionModule(value) }, 'main');
}

/** promptfoo's wrapping: one line is `return <expr>`; several lines are the body of main(). */
export function inlineAssertionModule(code: string): string {
  const trimmed = code.replace(/\s+$/, '');
  const lines = trimmed.replace(/^\s*\n/, '').split('\n');
  let body: string;
  if (lines.length === 1) {
    body = `    return ${lines[0]!.trim()}`;
  } else {
    const indent = lines.find((line) => /^[ \t]+\S/.test(line))?.match(/^[ \t]+/)?.[0] ?? '    ';
    body = lines.map((line) => (line.trim() ? `${indent}${line}` : '')).join('\n');
  }
  return `import json\n\ndef main(output, context):\n${body}\n`;
}

/** The context promptfoo gives Python: plain data only (the provider as its id and label). */
function pythonContext(ctx: AssertionContext): Record<string, unknown> {
  const context = scriptContext(ctx) as unknown as Record<string, unknown>;
  const provider = ctx.provider ? { id: ctx.provider.id(), label: ctx.provider.label } : undefined;
  return { ...context, provider };
}

function interpret(result: unknown, threshold: number | undefined): CheckResult {
  if (result === true || result === 'true')
    return { pass: true, score: 1, reason: 'Assertion passed', negatedReason: 'Python code returned true' };
  if (result === false || result === 'false') return { pass: false, score: 0, reason: 'Python code returned false' };
  if (typeof result === 'string' && result.trim().startsWith('{')) {
    try {
      return interpret(JSON.parse(result), threshold);
    } catch {
      return failed(`Python code returned a string that is not JSON: ${snippet(result, 120)}`);
    }
  }
  const numeric = typeof result === 'string' && result.trim() !== '' ? Number(result) : result;
  if (typeof numeric === 'number' && Number.isFinite(numeric)) {
    const pass = threshold === undefined ? numeric > 0 : numeric >= threshold;
    return {
      pass,
      score: numeric,
      reason: pass
        ? 'Assertion passed'
        : `Python code returned ${numeric}${threshold === undefined ? '' : `, below the threshold ${threshold}`}`,
      negatedReason: `Python code returned ${numeric}`,
      inversion: 'pass',
    };
  }
  const graded = asGradingResult(result);
  if (graded) {
    if (threshold !== undefined && graded.score < threshold && graded.pass) {
      graded.pass = false;
      graded.reason = `Python score ${graded.score} is below the threshold ${threshold}: ${graded.reason}`;
    }
    return { ...graded, negatedReason: graded.reason || 'Python code returned a passing result', inversion: 'pass' };
  }
  const got = result === null ? 'None' : Array.isArray(result) ? 'a list' : typeof result;
  return failed(`Python code must return a bool, a number, or a dict with "pass" (grading result); it returned ${got}`);
}

const CAMEL_KEYS: Record<string, string> = {
  component_results: 'componentResults',
  named_scores: 'namedScores',
  tokens_used: 'tokensUsed',
};

/** A dict with `pass`; snake_case keys become camelCase, nested component results too. */
function asGradingResult(value: unknown): GradingResult | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const dict: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) dict[CAMEL_KEYS[key] ?? key] = item;
  if (typeof dict.pass !== 'boolean') return undefined;
  const score = typeof dict.score === 'number' && Number.isFinite(dict.score) ? dict.score : dict.pass ? 1 : 0;
  const components = Array.isArray(dict.componentResults)
    ? dict.componentResults.map(asGradingResult).filter((c): c is GradingResult => c !== undefined)
    : undefined;
  return {
    ...(dict as Partial<GradingResult>),
    pass: dict.pass,
    score,
    reason:
      typeof dict.reason === 'string'
        ? dict.reason
        : dict.pass
          ? 'Assertion passed'
          : 'Python code returned a failing result',
    ...(components ? { componentResults: components } : {}),
  };
}

function failed(reason: string): CheckResult {
  return { pass: false, score: 0, reason, inversion: 'none' };
}
