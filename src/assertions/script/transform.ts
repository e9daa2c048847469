// Output transforms (provider `transform`, test `options.transform`, assertion `transform`):
// JS that receives `(output, context)` and returns the new output, as promptfoo runs them.

import { AssayError, errorMessage } from '../../errors.js';
import type { ScriptSource, Vars } from '../../suite/types.js';
import { loadScript } from './script-cache.js';
import { isToolCallArray, toolCallArrayView } from '../tools/tool-call-view.js';

export interface TransformContext {
  vars: Vars;
  /** The rendered prompt; user code sees it as `context.prompt.raw` / `context.prompt.label`. */
  prompt: string | { raw?: string; label?: string };
  /** The provider response's metadata (test and assertion transforms). */
  metadata?: Record<string, unknown>;
}

/**
 * Runs a transform. Inline code is an expression (`output.trim()`), a body spanning lines
 * (with `return`), or a function string; `file://x.js[:fn]` names an export. Throws AssayError
 * when the code throws or returns null/undefined.
 */
export async function transformOutput(
  source: ScriptSource,
  output: unknown,
  context: TransformContext,
  basePath: string,
): Promise<unknown> {
  const label = describeSource(source);
  const fn = await loadScript(source, {
    basePath,
    what: `Transform ${label}`,
    style: 'transform',
    inputName: 'output',
  });
  const prompt = typeof context.prompt === 'string' ? { raw: context.prompt, label: context.prompt } : context.prompt;
  const userContext = { vars: context.vars, prompt, ...(context.metadata ? { metadata: context.metadata } : {}) };
  let result: unknown;
  try {
    // Tool calls get the same view as javascript assertions (first call's name/arguments too).
    const content = context.metadata?.content;
    const seen = isToolCallArray(output)
      ? toolCallArrayView(output, typeof content === 'string' ? content : undefined)
      : output;
    result = await fn(seen, userContext);
  } catch (err) {
    throw new AssayError('CONFIG_INVALID', `Transform failed (${label}): ${errorMessage(err)}`, { cause: err });
  }
  if (result === null || result === undefined) {
    throw new AssayError(
      'CONFIG_INVALID',
      `Transform function did not return a value (${label}); make it return the new output`,
    );
  }
  return result;
}

function describeSource(source: ScriptSource): string {
  if (typeof source === 'function') return source.name ? `function ${source.name}` : 'inline function';
  if (source.startsWith('file://')) return source;
  const oneLine = source.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}
