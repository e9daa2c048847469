// The template functions every caller uses (prompts, vars, assertion values, provider templates).
// They render with the engine of the suite being run: runEval enters it with `withTemplateEngine`,
// and AsyncLocalStorage carries it through every await of that run, so two suites evaluated at
// once in one process never see each other's `env` or filters. Outside a run (config loading,
// direct calls) a default engine with the process environment is used.

import { AsyncLocalStorage } from 'node:async_hooks';
import { isTemplate, TemplateEngine } from './engine.js';

export { isTemplate, TemplateEngine };

const current = new AsyncLocalStorage<TemplateEngine>();

/** Runs `fn` (and everything it awaits) with `engine` as the template environment. */
export function withTemplateEngine<T>(engine: TemplateEngine, fn: () => T): T {
  return current.run(engine, fn);
}

/** The engine of the suite being run, or a fresh default one (process env, no custom filters). */
export function currentTemplateEngine(): TemplateEngine {
  return current.getStore() ?? new TemplateEngine();
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
