// Compiles the JS that assertions and transforms carry (inline code, function strings,
// file://x.js[:fn], function values) once per distinct source, so 10,000 rows reuse one function.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ScriptSource } from '../../suite/types.js';
import { compileFunction, compileInline, type CompiledFunction } from '../../scripting/compile-function.js';

/** How inline code becomes a function body (both follow promptfoo). */
export type InlineStyle = 'transform' | 'assertion';

const MAX_CACHED = 5_000;

interface Entry {
  promise: Promise<CompiledFunction>;
}

// By kind ('file', or the inline style), then by input name or base path, then by source: the
// lookup of a known script builds no key string per row (a row of 100,000 asks per assertion).
const compiled = new Map<string, Map<string, Map<string, Entry>>>();
let cachedCount = 0;

function entryFor(kind: string, scope: string, source: string): Entry | undefined {
  return compiled.get(kind)?.get(scope)?.get(source);
}

function remember(kind: string, scope: string, source: string, entry: Entry): void {
  if (cachedCount >= MAX_CACHED) {
    compiled.clear();
    cachedCount = 0;
  }
  let byScope = compiled.get(kind);
  if (!byScope) compiled.set(kind, (byScope = new Map()));
  let bySource = byScope.get(scope);
  if (!bySource) byScope.set(scope, (bySource = new Map()));
  bySource.set(source, entry);
  cachedCount++;
}

function forget(kind: string, scope: string, source: string, entry: Entry): void {
  const bySource = compiled.get(kind)?.get(scope);
  if (bySource?.get(source) === entry) {
    bySource.delete(source);
    cachedCount--;
  }
}

/**
 * Returns a callable `(input, context) => result`. Inline code also receives a `process` shim
 * whose `mainModule.require` works under ESM, as promptfoo provides.
 */
export function loadScript(
  source: ScriptSource,
  options: { basePath: string; what: string; style: InlineStyle; inputName: string },
): Promise<CompiledFunction> {
  if (typeof source === 'function') return Promise.resolve(source as CompiledFunction);
  const isFile = source.startsWith('file://');
  const kind = isFile ? 'file' : options.style;
  const scope = isFile ? options.basePath : options.inputName;
  let entry = entryFor(kind, scope, source);
  if (!entry) {
    const promise = isFile
      ? compileFunction(source, [options.inputName, 'context'], {
          basePath: options.basePath,
          what: options.what,
          // promptfoo's default function names in a .py file without `:fn`.
          pythonDefault: options.style === 'assertion' ? 'get_assert' : 'get_transform',
        })
      : Promise.resolve().then(() => compileInlineScript(source, options));
    const created: Entry = { promise };
    entry = created;
    // A failed compile is not cached, so a fixed file is picked up on the next row.
    promise.catch(() => forget(kind, scope, source, created));
    remember(kind, scope, source, created);
  }
  return entry.promise;
}

function compileInlineScript(
  source: string,
  options: { basePath: string; what: string; style: InlineStyle; inputName: string },
): CompiledFunction {
  const code = options.style === 'assertion' ? source.trimEnd() : source;
  // A one-line body that already returns (`return { pass: true }`) is a body, not an expression.
  const body =
    code.includes('\n') || /^\s*return\b/.test(code)
      ? code
      : options.style === 'assertion'
        ? singleLineAssertionBody(code)
        : `return ${code}`;
  const fn = compileInline(body, [options.inputName, 'context', 'process'], options.what);
  const shim = processShim(options.basePath);
  return async (input: unknown, context: unknown) => {
    let result = await fn(input, context, shim);
    // A function string (`(output) => …`) written as one line compiles to a function returning the function.
    if (typeof result === 'function') result = await (result as CompiledFunction)(input, context);
    return result;
  };
}

/**
 * `return <expr>`, except when the line starts with a declaration: then `return` goes before the
 * expression after the last top-level `;` (`const s = JSON.parse(output); s.ok`).
 */
export function singleLineAssertionBody(code: string): string {
  const trimmed = code.trim().replace(/;+\s*$/, '');
  if (/^return\b/.test(trimmed)) return trimmed;
  if (!/^(const|let|var)\s/.test(trimmed)) return `return ${trimmed}`;
  const semicolon = lastTopLevelSemicolon(trimmed);
  if (semicolon === -1) return trimmed;
  const expression = trimmed.slice(semicolon + 1).trim();
  return expression ? `${trimmed.slice(0, semicolon + 1)} return ${expression}` : trimmed;
}

function lastTopLevelSemicolon(code: string): number {
  let depth = 0;
  let quote: string | undefined;
  let last = -1;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ';' && depth === 0) last = i;
  }
  return last;
}

const shims = new Map<string, NodeJS.Process>();

/** `process` with `mainModule.require` resolving from the config folder, for CommonJS-era snippets. */
function processShim(basePath: string): NodeJS.Process {
  let shim = shims.get(basePath);
  if (!shim) {
    const require = createRequire(join(basePath || process.cwd(), 'noop.js'));
    shim = Object.create(process, { mainModule: { value: { require }, enumerable: true } }) as NodeJS.Process;
    shims.set(basePath, shim);
  }
  return shim;
}
