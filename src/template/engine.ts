// One suite's Nunjucks environment: its `env` global (process.env overlaid by the config's `env:`),
// its custom filters and its compiled-template cache. Every template renders through the sandboxed
// runtime (sandbox.ts), and only through `render`, so each render gets a fresh budget.

import { createRequire } from 'node:module';
import type { Environment, Template } from 'nunjucks';
import { mapStrings } from './map-strings.js';
import { boundedRange, createSandboxRuntime, guardFilter, MAX_OUTPUT_CHARS, type RenderBudget } from './sandbox.js';
import { isSimpleTemplate, renderSimpleTemplate } from './simple-template.js';

export type TemplateFilter = (...args: unknown[]) => unknown;

const require = createRequire(import.meta.url);
const MAX_CACHED_TEMPLATES = 5_000;

type RootRender = (
  env: Environment,
  context: unknown,
  frame: unknown,
  runtime: unknown,
  cb: (err: unknown, out?: string) => void,
) => void;
type CompiledTemplate = Template & { rootRenderFunc: RootRender; compile(): void };

export interface TemplateEngineOptions {
  /** What `{{ env.X }}` reads; a snapshot, so later changes to process.env do not leak into a run. */
  env?: Record<string, string | undefined>;
  filters?: Record<string, TemplateFilter>;
}

/** True when the text contains Nunjucks syntax; lets hot paths skip rendering plain strings. */
export function isTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

export class TemplateEngine {
  private nunjucksEnv?: Environment;
  private runtime?: ReturnType<typeof createSandboxRuntime>;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly filters = new Map<string, TemplateFilter>();
  private readonly compiled = new Map<string, CompiledTemplate>();
  private readonly authoredVarTexts = new Set<string>();
  private budget: RenderBudget = { steps: 0, output: 0, outputLimit: MAX_OUTPUT_CHARS };

  constructor(options: TemplateEngineOptions = {}) {
    const env: Record<string, string | undefined> = Object.create(null);
    Object.assign(env, options.env ?? process.env);
    this.env = Object.freeze(env);
    this.filters.set('load', (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value));
    // nunjucks' own `dump` pretty-prints only with an argument; promptfoo users expect compact JSON.
    this.filters.set('dump', (value: unknown, spaces?: unknown) =>
      JSON.stringify(value, null, spaces as number | undefined),
    );
    this.addFilters(options.filters ?? {});
  }

  /** Adds custom filters (`nunjucksFilters`); adding the same function again is a no-op. */
  addFilters(filters: Record<string, TemplateFilter>): void {
    for (const [name, fn] of Object.entries(filters)) {
      if (this.filters.get(name) === fn) continue;
      this.filters.set(name, fn);
      this.nunjucksEnv?.addFilter(
        name,
        guardFilter(name, fn, () => this.budget),
      );
      // Filters are looked up by compiled templates, so templates compiled before may be stale.
      this.compiled.clear();
    }
  }

  /** nunjucks is loaded on the first render or compile, to keep start-up fast. */
  private environment(): Environment {
    if (this.nunjucksEnv) return this.nunjucksEnv;
    const nunjucks = require('nunjucks') as typeof import('nunjucks');
    // No loaders: `{% include %}`, `{% import %}` and `{% extends %}` cannot read files.
    const environment = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
    const builtins = (environment as unknown as { filters: Record<string, TemplateFilter> }).filters;
    const budget = () => this.budget;
    for (const [name, filter] of [...Object.entries(builtins), ...this.filters])
      environment.addFilter(name, guardFilter(name, filter, budget));
    environment.addGlobal('range', boundedRange);
    environment.addGlobal('env', this.env);
    this.runtime = createSandboxRuntime(budget);
    this.nunjucksEnv = environment;
    return environment;
  }

  /**
   * Records var values written inline in the config (not read from a data file, not produced by a
   * provider). Only these are rendered as templates themselves (promptfoo's vars-in-vars).
   */
  trustVarTemplates(texts: Iterable<string>): void {
    for (const text of texts) if (isTemplate(text)) this.authoredVarTexts.add(text);
  }

  /** True when `text` is exactly a var value the config author wrote, so it may be rendered. */
  isAuthoredVarTemplate(text: string): boolean {
    // Prompts see string vars with one trailing newline stripped (YAML block scalars add one).
    return this.authoredVarTexts.has(text) || this.authoredVarTexts.has(`${text}\n`);
  }

  /** Renders a template string with the given variables. Plain strings are returned as they are. */
  render(source: string, vars: Record<string, unknown>): string {
    if (!isTemplate(source)) return source;
    const simple = renderSimpleTemplate(source, vars);
    if (simple !== undefined) return simple;
    const template = this.compiledTemplate(source);
    const outer = this.budget;
    this.budget = { steps: 0, output: 0, outputLimit: MAX_OUTPUT_CHARS + 2 * stringVarsSize(vars) };
    try {
      return template.render(vars);
    } finally {
      this.budget = outer;
    }
  }

  /** Compiles (and caches) a template without rendering it; throws the Nunjucks error for bad syntax. */
  compile(source: string): void {
    if (isTemplate(source) && !isSimpleTemplate(source)) this.compiledTemplate(source);
  }

  private compiledTemplate(source: string): CompiledTemplate {
    let template = this.compiled.get(source);
    if (!template) {
      const environment = this.environment();
      const nunjucks = require('nunjucks') as typeof import('nunjucks');
      template = new nunjucks.Template(source, environment, undefined, true) as CompiledTemplate;
      // nunjucks hands its own runtime to the compiled code; hand it the sandboxed one instead.
      const root = template.rootRenderFunc;
      const runtime = this.runtime;
      template.rootRenderFunc = (env, context, frame, _runtime, cb) => root(env, context, frame, runtime, cb);
      if (this.compiled.size >= MAX_CACHED_TEMPLATES) this.compiled.clear();
      this.compiled.set(source, template);
    }
    return template;
  }

  /** Renders every string leaf of a JSON-like value (objects and arrays are copied). */
  renderDeep<T>(value: T, vars: Record<string, unknown>): T {
    return mapStrings(value, (text) => this.render(text, vars));
  }
}

function stringVarsSize(vars: Record<string, unknown>): number {
  let size = 0;
  for (const value of Object.values(vars)) if (typeof value === 'string') size += value.length;
  return size;
}
