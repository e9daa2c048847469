// Loads user code (custom providers, prompt functions, JS assertions, filters) from .js/.mjs/.cjs
// with Node's own loader and from .ts/.mts/.cts through jiti, which is imported only when needed.
// A .py file becomes a namespace of async functions that call into the Python worker pool
// (src/python/module.ts), loaded only when a config names Python.

import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AssayError } from '../errors.js';
import { importOutside } from './import-outside.js';

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

/** Splits `file://path.js:fnName` (or `path.js:fnName`) into path and export name. */
export function parseFileReference(reference: string): { path: string; exportName?: string } {
  const withoutScheme = reference.startsWith('file://') ? reference.slice('file://'.length) : reference;
  // A colon after the extension names an export; Windows drive letters never reach here on Linux.
  const match = /^(.*\.(?:[cm]?[jt]sx?|py|rb))(?::([A-Za-z_$][\w$]*))?$/.exec(withoutScheme);
  if (!match) return { path: withoutScheme };
  return { path: match[1]!, exportName: match[2] };
}

/** Imports a module by path (resolved against basePath) and returns its namespace. */
export async function importModule(path: string, basePath: string): Promise<Record<string, unknown>> {
  const absolute = resolve(basePath, path);
  if (!existsSync(absolute)) {
    throw new AssayError('FILE_NOT_FOUND', `File not found: ${absolute}`);
  }
  if (extname(absolute).toLowerCase() === '.py') {
    const { loadPythonModule } = await import('../python/module.js');
    return loadPythonModule({ path: absolute });
  }
  if (TYPESCRIPT_EXTENSIONS.has(extname(absolute))) {
    const { createJiti } = await importOutside<typeof import('jiti')>('jiti');
    const jiti = createJiti(import.meta.url, { interopDefault: false, moduleCache: true });
    return (await jiti.import(absolute)) as Record<string, unknown>;
  }
  return importOutside(pathToFileURL(absolute).href);
}

/**
 * Picks the export a reference names: the named one, else `default`, else the module itself
 * when it is a function (CommonJS `module.exports = fn`). For a Python file without a name,
 * `pythonDefault` is the function promptfoo calls there (`call_api`, `get_assert`, ...).
 */
export function pickExport(
  mod: Record<string, unknown>,
  exportName: string | undefined,
  what: string,
  pythonDefault?: string,
): unknown {
  if (PYTHON_MODULE in mod) return pickPythonFunction(mod, exportName ?? pythonDefault, what);
  if (exportName) {
    const named = mod[exportName] ?? (mod.default as Record<string, unknown> | undefined)?.[exportName];
    if (named === undefined)
      throw new AssayError('CONFIG_INVALID', `${what}: the module has no export named "${exportName}"`);
    return named;
  }
  const def = mod.default;
  if (def !== undefined) {
    // CommonJS modules imported as ESM put module.exports on default; a nested default is the ESM-transpiled form.
    const nested = (def as Record<string, unknown> | null)?.default;
    return typeof def === 'object' && def !== null && nested !== undefined ? nested : def;
  }
  return mod;
}

const PYTHON_MODULE = Symbol.for('assay.pythonModule');

function pickPythonFunction(mod: Record<string | symbol, unknown>, name: string | undefined, what: string): unknown {
  const file = (mod[PYTHON_MODULE] as { path: string }).path;
  if (!name) {
    throw new AssayError(
      'CONFIG_INVALID',
      `${what}: name the Python function to call, as file://${file}:function_name`,
    );
  }
  const fn = mod[name];
  if (typeof fn === 'function') return fn;
  const defined = Object.keys(mod);
  throw new AssayError(
    'CONFIG_INVALID',
    `${what}: Python file ${file} has no function named "${name}" (${defined.length ? `it defines: ${defined.join(', ')}` : 'it defines no functions'})`,
  );
}
