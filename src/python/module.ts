// A Python file seen as a JavaScript module: `importModule('x.py')` returns an object whose
// properties are the file's functions, each an async JS function taking JSON-able arguments and
// resolving to the JSON result. So every file:// entry point that loads user code through the
// shared loader (providers, prompts, tests, vars, transforms, hooks, scoring) takes Python too.

import { callPython, listPythonFunctions, type PythonCallOptions, type PythonTarget } from './call.js';

/** Marks a namespace object made from a Python file, so pickExport can apply Python defaults. */
export const PYTHON_MODULE = Symbol.for('assay.pythonModule');

export type PythonFunction = ((...args: unknown[]) => Promise<unknown>) & {
  /** The same call with a signal and timeout, for callers that have them (providers). */
  callWith: (args: unknown[], options: PythonCallOptions) => Promise<unknown>;
  pythonFunction: string;
  pythonFile: string;
};

export type PythonModule = Record<string, PythonFunction> & { [PYTHON_MODULE]: PythonTarget };

export function isPythonModule(mod: unknown): mod is PythonModule {
  return typeof mod === 'object' && mod !== null && PYTHON_MODULE in mod;
}

/** One callable for `fn` in `target`, without loading the file first. */
export function pythonFunction(target: PythonTarget, fn: string): PythonFunction {
  const call = (...args: unknown[]) => callPython(target, fn, args);
  return Object.assign(call, {
    callWith: (args: unknown[], options: PythonCallOptions) => callPython(target, fn, args, options),
    pythonFunction: fn,
    pythonFile: target.path,
  });
}

/** Loads the file once in a worker (syntax and import errors surface here) and wraps its functions. */
export function loadPythonModule(target: PythonTarget): Promise<PythonModule> {
  const key = `${target.pythonExecutable ?? ''}\0${target.workers ?? ''}\0${target.path}`;
  let entry = loaded.get(key);
  if (!entry) {
    entry = introspect(target);
    // A failed load is not kept, so a fixed file is picked up on the next use.
    entry.catch(() => loaded.delete(key));
    loaded.set(key, entry);
  }
  return entry;
}

const loaded = new Map<string, Promise<PythonModule>>();

async function introspect(target: PythonTarget): Promise<PythonModule> {
  const names = await listPythonFunctions(target);
  const mod: Record<string, PythonFunction> = {};
  for (const name of names) mod[name] = pythonFunction(target, name);
  Object.defineProperty(mod, PYTHON_MODULE, { value: target, enumerable: false });
  return mod as PythonModule;
}
