// Turns JS written in a config into a callable: a function value, `file://x.js[:fn]`, a function
// expression string (`(a, b) => …`, `function (…) {…}`), a function body (has `return` or spans
// lines), or a single expression. Shared by assertions, transforms and the WebSocket provider.

import { AssayError } from '../errors.js';
import { importModule, parseFileReference, pickExport } from './load-module.js';

export type CompiledFunction = (...args: unknown[]) => unknown;

const FUNCTION_EXPRESSION = /^\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)/;

/** Compiles inline source with the given parameter names. Throws AssayError on a syntax error. */
export function compileInline(source: string, params: readonly string[], what: string): CompiledFunction {
  const trimmed = source.trim();
  try {
    if (FUNCTION_EXPRESSION.test(trimmed)) {
      const fn = new Function(`return (${trimmed});`)() as unknown;
      if (typeof fn !== 'function') throw new Error('not a function');
      return fn as CompiledFunction;
    }
    const isBody = /\breturn\b/.test(trimmed) || trimmed.includes('\n');
    const body = isBody ? trimmed : `return (${trimmed});`;
    return new Function(...params, body) as CompiledFunction;
  } catch (err) {
    throw new AssayError(
      'CONFIG_INVALID',
      `${what}: could not compile JavaScript (${(err as Error).message}): ${abbreviate(trimmed)}`,
    );
  }
}

/** Compiles any accepted form. `file://` references are imported relative to basePath. */
export async function compileFunction(
  source: unknown,
  params: readonly string[],
  options: { basePath: string; what: string; pythonDefault?: string },
): Promise<CompiledFunction> {
  if (typeof source === 'function') return source as CompiledFunction;
  if (typeof source !== 'string') {
    throw new AssayError(
      'CONFIG_INVALID',
      `${options.what}: expected JavaScript source or a function, got ${typeof source}`,
    );
  }
  if (source.startsWith('file://')) {
    const { path, exportName } = parseFileReference(source);
    const mod = await importModule(path, options.basePath);
    // A .py file arrives as a namespace of async functions that call the Python worker pool.
    const picked = pickExport(mod, exportName, options.what, options.pythonDefault);
    if (typeof picked !== 'function') {
      throw new AssayError('CONFIG_INVALID', `${options.what}: ${source} does not export a function`);
    }
    return picked as CompiledFunction;
  }
  return compileInline(source, params, options.what);
}

function abbreviate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
