// Templates that are only text and `{{ name }}` placeholders (most prompts: "Answer {{question}}")
// are filled in here without loading nunjucks (~15 ms of start-up) or compiling anything. The
// result is exactly what nunjucks gives; anything else (filters, paths, tags, comments, a name that
// is not a plain own var, a non-primitive value, a very long result) returns undefined and goes to
// nunjucks and its sandbox as before.

import { memoizeByString } from '../text/string-memo.js';

/** Names nunjucks reads as literals, and names its sandbox refuses: never filled in here. */
const NOT_PLAIN_NAMES = new Set(['true', 'false', 'none', 'null', 'constructor', 'prototype', 'arguments', 'callee']);
/** Results longer than this go through nunjucks, whose sandbox budgets output. */
const MAX_SIMPLE_OUTPUT = 1_000_000;
const MAX_CACHED = 5_000;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Alternating text and var names: text, name, text, ..., text. */
type SimpleTemplate = string[];

function parse(source: string): SimpleTemplate | null {
  const parts: string[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    parts.push(source.slice(last, match.index), match[1]!);
    last = match.index + match[0].length;
  }
  parts.push(source.slice(last));
  for (let i = 0; i < parts.length; i += 2) {
    const text = parts[i]!;
    // Any other tag, comment or expression; or a `{` that would join the next `{{` (`{{{ x }}`).
    if (text.includes('{{') || text.includes('{%') || text.includes('{#')) return null;
    if (i + 1 < parts.length && text.endsWith('{')) return null;
  }
  for (let i = 1; i < parts.length; i += 2)
    if (NOT_PLAIN_NAMES.has(parts[i]!) || parts[i]!.startsWith('__')) return null;
  return parts;
}

const simpleTemplate = memoizeByString(parse, MAX_CACHED);

/** True when `source` is text and `{{ name }}` placeholders only, so it always compiles. */
export function isSimpleTemplate(source: string): boolean {
  return simpleTemplate(source) !== null;
}

/**
 * `source` rendered with `vars` as nunjucks would (autoescape off, a missing value is empty), or
 * undefined when it needs nunjucks.
 */
export function renderSimpleTemplate(source: string, vars: Record<string, unknown>): string | undefined {
  const template = simpleTemplate(source);
  if (!template) return undefined;
  let out = template[0]!;
  for (let i = 1; i < template.length; i += 2) {
    const name = template[i]!;
    // Globals (env, range, ...), prototype members and missing names are nunjucks' to resolve.
    if (!Object.hasOwn(vars, name)) return undefined;
    const value = vars[name];
    if (value === undefined || value === null) out += '';
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out += value;
    else return undefined;
    out += template[i + 1]!;
    if (out.length > MAX_SIMPLE_OUTPUT) return undefined;
  }
  return out;
}
