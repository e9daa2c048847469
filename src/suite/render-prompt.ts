// Renders one prompt for one step. Text prompts go through the suite's Nunjucks environment; chat
// prompts stored as JSON have each string leaf rendered, so var values are JSON-escaped and the
// result stays valid JSON; prompt functions are called with {vars, provider}. A var value is
// itself rendered only when the config author wrote it (docs/templates.md): values from data
// files and from earlier outputs are data.

import { currentTemplateEngine, renderDeep, renderTemplate, isTemplate } from '../template/environment.js';
import type { Prompt, Vars } from './types.js';

export interface RenderPromptContext {
  provider: { id: string; label?: string };
  /** Vars that hold earlier outputs (`storeOutputAs`, `_conversation`): never rendered, whatever their text. */
  outputVars?: ReadonlySet<string>;
}

const parsedJsonCache = new Map<string, { ok: true; value: unknown } | { ok: false }>();
const MAX_PARSED = 1000;

export async function renderPrompt(prompt: Prompt, vars: Vars, context: RenderPromptContext): Promise<string> {
  if (prompt.function) {
    const result: unknown = await prompt.function({ vars, provider: context.provider });
    return functionResultToText(result);
  }
  const prepared = prepareVars(vars);
  const json = parseJsonPrompt(prompt.raw);
  if (json.ok) return JSON.stringify(renderDeep(json.value, prepared), null, 2);
  return renderTemplate(wrapPartialTags(prompt.raw), renderVarsInVars(prepared, context.outputVars));
}

function functionResultToText(result: unknown): string {
  if (typeof result === 'string') return result;
  if (
    result &&
    typeof result === 'object' &&
    !Array.isArray(result) &&
    typeof (result as { prompt?: unknown }).prompt === 'string'
  ) {
    return (result as { prompt: string }).prompt;
  }
  if (result && typeof result === 'object' && !Array.isArray(result) && 'prompt' in result) {
    return JSON.stringify((result as { prompt: unknown }).prompt);
  }
  if (result === undefined || result === null) return '';
  return JSON.stringify(result);
}

/** Parses a raw prompt as JSON when it is an object or array; cached by source. */
function parseJsonPrompt(raw: string): { ok: true; value: unknown } | { ok: false } {
  const first = raw.trimStart()[0];
  if (first !== '[' && first !== '{') return { ok: false };
  let cached = parsedJsonCache.get(raw);
  if (!cached) {
    try {
      cached = { ok: true, value: JSON.parse(raw) };
    } catch {
      cached = { ok: false };
    }
    if (parsedJsonCache.size >= MAX_PARSED) parsedJsonCache.clear();
    parsedJsonCache.set(raw, cached);
  }
  return cached;
}

/** Strips one trailing newline from string vars (YAML block scalars add one). */
function prepareVars(vars: Vars): Vars {
  let out: Vars | undefined;
  for (const [key, value] of Object.entries(vars)) {
    if (typeof value === 'string' && value.endsWith('\n')) {
      out ??= { ...vars };
      out[key] = value.slice(0, -1);
    }
  }
  return out ?? vars;
}

const SIMPLE_REFERENCE = /\{\{\s*([A-Za-z_$][\w$]*)/g;

/**
 * Renders string vars that are themselves templates, unless they name a var that is not set. Only
 * values the config author wrote qualify; the check is on the value, so a var the author wrote
 * but a data file or an earlier output replaced is not rendered.
 */
function renderVarsInVars(vars: Vars, outputVars: ReadonlySet<string> | undefined): Vars {
  let out: Vars | undefined;
  const engine = currentTemplateEngine();
  for (const [key, value] of Object.entries(vars)) {
    if (typeof value !== 'string' || !isTemplate(value)) continue;
    if (outputVars?.has(key) || !engine.isAuthoredVarTemplate(value)) continue;
    let resolvable = true;
    for (const match of value.matchAll(SIMPLE_REFERENCE)) {
      const name = match[1]!;
      if (name !== 'env' && !(name in vars)) resolvable = false;
    }
    if (!resolvable) continue;
    try {
      out ??= { ...vars };
      out[key] = renderTemplate(wrapPartialTags(value), vars);
    } catch {
      // A var that is not a valid template is used as written.
    }
  }
  return out ?? vars;
}

/** A template with an unclosed `{{`, `{%` or `{#` is rendered literally instead of failing. */
export function wrapPartialTags(text: string): string {
  if (!isTemplate(text) || text.includes('{% raw %}') || text.includes('{%raw%}')) return text;
  const pairs: Array<[string, string]> = [
    ['{{', '}}'],
    ['{%', '%}'],
    ['{#', '#}'],
  ];
  for (const [open, close] of pairs) {
    if (count(text, open) > count(text, close)) return `{% raw %}${text}{% endraw %}`;
  }
  return text;
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
