// The one Nunjucks environment every render goes through (prompts, vars, assertion values,
// provider templates). Compiled templates are cached by source, so a template used by 10,000
// steps is parsed once. nunjucks is loaded on first use to keep start-up fast.

import { createRequire } from 'node:module';
import type { Environment, Template } from 'nunjucks';
import { mapStrings } from './map-strings.js';

type Filter = (...args: unknown[]) => unknown;

const require = createRequire(import.meta.url);
const MAX_CACHED_TEMPLATES = 5_000;

let environment: Environment | undefined;
let nunjucksModule: typeof import('nunjucks') | undefined;
const compiled = new Map<string, Template>();
let envGlobal: Record<string, string | undefined> = {};

function getEnvironment(): Environment {
  if (environment) return environment;
  nunjucksModule = require('nunjucks') as typeof import('nunjucks');
  environment = new nunjucksModule.Environment(null, { autoescape: false, throwOnUndefined: false });
  environment.addFilter('load', (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value));
  // nunjucks' own `dump` pretty-prints only with an argument; promptfoo users expect compact JSON.
  environment.addFilter('dump', (value: unknown, spaces?: number) => JSON.stringify(value, null, spaces));
  environment.addGlobal('env', new Proxy({}, { get: (_t, key: string) => envGlobal[key] }));
  return environment;
}

/** Sets the `env` global: process.env overlaid by the config's `env:` block. */
export function setTemplateEnv(configEnv: Record<string, string>): void {
  envGlobal = { ...process.env, ...configEnv };
}

/** Adds custom filters (from `nunjucksFilters`) to the shared environment. */
export function addTemplateFilters(filters: Record<string, Filter>): void {
  const env = getEnvironment();
  for (const [name, fn] of Object.entries(filters)) env.addFilter(name, fn);
  // Filters are resolved at compile time, so templates compiled before may be stale.
  compiled.clear();
}

/** True when the text contains Nunjucks syntax; lets hot paths skip rendering plain strings. */
export function isTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

/** Renders a template string with the given variables. Plain strings are returned as is. */
export function renderTemplate(source: string, vars: Record<string, unknown>): string {
  if (!isTemplate(source)) return source;
  return compiledTemplate(source).render(vars);
}

/**
 * Compiles (and caches) a template without rendering it. Throws the Nunjucks error when the
 * syntax is wrong, so loaders can report a bad template once instead of once per row.
 */
export function compileTemplate(source: string): void {
  if (isTemplate(source)) compiledTemplate(source);
}

function compiledTemplate(source: string): Template {
  const env = getEnvironment();
  let template = compiled.get(source);
  if (!template) {
    template = new nunjucksModule!.Template(source, env, undefined, true);
    if (compiled.size >= MAX_CACHED_TEMPLATES) compiled.clear();
    compiled.set(source, template);
  }
  return template;
}

/** Renders every string leaf of a JSON-like value (objects and arrays are copied). */
export function renderDeep<T>(value: T, vars: Record<string, unknown>): T {
  return mapStrings(value, (text) => renderTemplate(text, vars));
}
