// The javascript assertion: user code `(output, context)` returning a boolean, a number (the
// score) or a GradingResult. Inline code, function strings, file://x.js[:fn] and functions.

import { AssayError, errorMessage } from '../../errors.js';
import type { CheckResult } from '../engine/check-result.js';
import { scriptContext } from './script-context.js';
import { outputForScripts } from '../json/structured-output.js';
import { loadScript } from './script-cache.js';
import type { AssertionContext, GradingResult } from '../types.js';

export async function javascript(ctx: AssertionContext): Promise<CheckResult> {
  const { value, assertion } = ctx;
  const code = typeof value === 'string' && !value.startsWith('file://') ? value.trimEnd() : undefined;
  try {
    let result: unknown;
    if (typeof value === 'function') {
      // Library callers pass functions; promptfoo hands those the output as text.
      result = await (value as (output: string, context: unknown) => unknown)(ctx.outputString, scriptContext(ctx));
    } else if (typeof value === 'string' && value.trim() !== '') {
      const fn = await loadScript(value, {
        basePath: ctx.basePath,
        what: 'javascript assertion',
        style: 'assertion',
        inputName: 'output',
      });
      result = await fn(outputForScripts(ctx.output, ctx.providerResponse.metadata), scriptContext(ctx));
    } else {
      throw new Error('javascript assertion must have a value: JavaScript code or file://path.js[:function]');
    }
    return interpret(result, assertion.threshold, code);
  } catch (err) {
    // A missing script file is an error of the row (as promptfoo reports it), not a failed check.
    if (err instanceof AssayError && err.code === 'FILE_NOT_FOUND') throw err;
    return {
      pass: false,
      score: 0,
      reason: withCode(`Custom function threw error: ${errorMessage(err)}`, code),
      inversion: 'none',
    };
  }
}

function interpret(result: unknown, threshold: number | undefined, code: string | undefined): CheckResult {
  if (typeof result === 'boolean') {
    return result
      ? {
          pass: true,
          score: 1,
          reason: 'Assertion passed',
          negatedReason: withCode('Custom function returned true', code),
        }
      : { pass: false, score: 0, reason: withCode('Custom function returned false', code) };
  }
  if (typeof result === 'number' && Number.isFinite(result)) {
    const pass = threshold === undefined ? result > 0 : result >= threshold;
    return {
      pass,
      score: result,
      reason: pass ? 'Assertion passed' : withCode('Custom function returned false', code),
      negatedReason: withCode('Custom function returned true', code),
      inversion: 'pass',
    };
  }
  const graded = asGradingResult(result);
  if (graded) return { ...graded, negatedReason: graded.reason || 'Custom function returned true', inversion: 'pass' };
  const got = result === null ? 'null' : Array.isArray(result) ? 'array' : typeof result;
  return {
    pass: false,
    score: 0,
    reason: `Custom function must return a boolean, a finite number, or a GradingResult object. Got ${got}.`,
    inversion: 'none',
  };
}

/** Accepts `{ pass, score?, reason?, ... }`; a missing score follows pass, as in promptfoo's UI. */
function asGradingResult(value: unknown): GradingResult | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const candidate = value as Partial<GradingResult>;
  if (typeof candidate.pass !== 'boolean') return undefined;
  if (candidate.score !== undefined && (typeof candidate.score !== 'number' || !Number.isFinite(candidate.score)))
    return undefined;
  return {
    ...candidate,
    pass: candidate.pass,
    score: candidate.score ?? (candidate.pass ? 1 : 0),
    reason:
      typeof candidate.reason === 'string'
        ? candidate.reason
        : candidate.pass
          ? 'Assertion passed'
          : 'Custom function returned false',
  };
}

function withCode(reason: string, code: string | undefined): string {
  return code ? `${reason}\n${code}` : reason;
}
