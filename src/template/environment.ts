// The template functions every caller uses (prompts, vars, assertion values, provider templates).
// They render with the engine of the suite being run: runEval enters it with `withTemplateEngine`,
// and AsyncLocalStorage carries it through every await of that run, so two suites evaluated at
// once in one process never see each other's `env` or filters. Outside a run (config loading,
// direct calls) a default engine with the process environment is used.
//
// AsyncLocalStorage costs a promise hook on every promise of the process (~7% of a run's CPU). A
// process that builds and runs one suite at a time (the CLI: watch mode re-runs one after
// another) says so with `useOneSuiteAtATime()`; then the engine is a plain variable set for the
// scope's duration, and no hook is ever installed. Libraries keep the per-async-context lookup.

import { AsyncLocalStorage } from 'node:async_hooks';
import { isTemplate, TemplateEngine } from './engine.js';

export { isTemplate, TemplateEngine };

const current = new AsyncLocalStorage<TemplateEngine>();
let oneSuiteAtATime = false;
/** In one-suite-at-a-time mode: the engine of the scope under way, if any. */
let active: TemplateEngine | undefined;

/**
 * Declares that this process never builds or runs two suites at once, so the template engine can
 * be found without AsyncLocalStorage. Call it before the first suite is loaded.
 */
export function useOneSuiteAtATime(): void {
  oneSuiteAtATime = true;
}

/** Runs `fn` (and everything it awaits) with `engine` as the template environment. */
export function withTemplateEngine<T>(engine: TemplateEngine, fn: () => T): T {
  if (!oneSuiteAtATime) return current.run(engine, fn);
  const outer = active;
  active = engine;
  let result: T;
  try {
    result = fn();
  } catch (err) {
    active = outer;
    throw err;
  }
  if (!(result instanceof Promise)) {
    active = outer;
    return result;
  }
  return result.finally(() => {
    active = outer;
  }) as T;
}

/** The engine of the suite being run, or a fresh default one (process env, no custom filters). */
export function currentTemplateEngine(): TemplateEngine {
  return (oneSuiteAtATime ? active : current.getStore()) ?? new TemplateEngine();
}

/** Renders a template string with the given variables. Plain strings are returned as is. */
export function renderTemplate(source: string, vars: Record<string, unknown>): string {
  if (!isTemplate(source)) return source;
  return currentTemplateEngine().render(source, vars);
}

/**
 * Compiles (and caches) a template without rendering it. Throws the Nunjucks error when the
 * syntax is wrong, so loaders can report a bad template once instead of once per row.
 */
export function compileTemplate(source: string): void {
  if (isTemplate(source)) currentTemplateEngine().compile(source);
}

/** Renders every string leaf of a JSON-like value (objects and arrays are copied). */
export function renderDeep<T>(value: T, vars: Record<string, unknown>): T {
  return currentTemplateEngine().renderDeep(value, vars);
}
