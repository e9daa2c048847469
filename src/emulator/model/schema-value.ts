// Builds a value that satisfies a JSON schema (structured outputs and tool arguments), filling
// strings from the prompt where a property's name suggests what it wants.

import { contentWords, unique } from './text.js';

type Schema = Record<string, unknown>;

export interface FillContext {
  /** Text the values should reflect (the last user message). */
  prompt: string;
  /** Returns a value found in the prompt for a string property, if any. */
  stringFor?: (propName: string) => string | undefined;
}

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value valid against `schema` (best effort for `pattern`, `not` and exotic keywords). */
export function valueForSchema(
  schema: unknown,
  ctx: FillContext,
  root: unknown = schema,
  propName = 'value',
  depth = 0,
): unknown {
  if (!isObj(schema) || depth > 12) return schema === false ? null : {};
  const s = resolveRef(schema, root);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = s[key];
    if (Array.isArray(list) && list.length > 0) {
      const pick = list.find((x) => !(isObj(x) && x.type === 'null')) ?? list[0];
      return valueForSchema({ ...without(s, key), ...(isObj(pick) ? pick : {}) }, ctx, root, propName, depth + 1);
    }
  }
  if (Array.isArray(s.allOf)) {
    const merged: Schema = without(s, 'allOf');
    for (const part of s.allOf) if (isObj(part)) mergeInto(merged, resolveRef(part, root));
    return valueForSchema(merged, ctx, root, propName, depth + 1);
  }
  switch (pickType(s)) {
    case 'object':
      return objectFor(s, ctx, root, depth);
    case 'array':
      return arrayFor(s, ctx, root, propName, depth);
    case 'number':
      return numberFor(s, false);
    case 'integer':
      return numberFor(s, true);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return stringFor(s, ctx, propName);
  }
}

function pickType(s: Schema): string {
  const t = s.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') as string | undefined) ?? 'null';
  if (isObj(s.properties)) return 'object';
  if (s.items !== undefined) return 'array';
  if (s.minimum !== undefined || s.maximum !== undefined) return 'number';
  return 'string';
}

function objectFor(s: Schema, ctx: FillContext, root: unknown, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = isObj(s.properties) ? s.properties : {};
  const required = Array.isArray(s.required) ? (s.required as string[]) : [];
  for (const [name, sub] of Object.entries(props)) out[name] = valueForSchema(sub, ctx, root, name, depth + 1);
  for (const name of required) if (!(name in out)) out[name] = stringFor({}, ctx, name);
  return out;
}

function arrayFor(s: Schema, ctx: FillContext, root: unknown, propName: string, depth: number): unknown[] {
  const min = typeof s.minItems === 'number' ? s.minItems : 1;
  const max = typeof s.maxItems === 'number' ? s.maxItems : Math.max(min, 2);
  const n = Math.min(Math.max(min, Math.min(2, max)), max);
  if (Array.isArray(s.prefixItems))
    return s.prefixItems.map((p, i) => valueForSchema(p, ctx, root, `${propName}${i}`, depth + 1));
  const items: unknown[] = [];
  const words = unique(contentWords(ctx.prompt));
  for (let i = 0; i < n; i++) {
    const item = valueForSchema(s.items ?? {}, ctx, root, propName, depth + 1);
    // Distinct strings keep uniqueItems satisfied and read like a list.
    items.push(typeof item === 'string' ? (words[i] ? `${item} ${words[i]}`.trim() : `${item} ${i + 1}`) : item);
  }
  return fitArrayStrings(items, s);
}

function fitArrayStrings(items: unknown[], s: Schema): unknown[] {
  const itemSchema = isObj(s.items) ? s.items : {};
  const maxLen = typeof itemSchema.maxLength === 'number' ? itemSchema.maxLength : undefined;
  const fitted = maxLen === undefined ? items : items.map((v) => (typeof v === 'string' ? v.slice(0, maxLen) : v));
  // Cutting to maxLength can make items equal again; a leading ordinal keeps them distinct.
  const seen = new Set<string>();
  return fitted.map((v, i) => {
    if (typeof v !== 'string') return v;
    const out = seen.has(v) ? `${i + 1} ${v}`.slice(0, maxLen ?? Infinity) : v;
    seen.add(out);
    return out;
  });
}

function numberFor(s: Schema, integer: boolean): number {
  const lo =
    num(s.minimum) ??
    (num(s.exclusiveMinimum) !== undefined ? num(s.exclusiveMinimum)! + (integer ? 1 : 0.5) : undefined);
  const hi =
    num(s.maximum) ??
    (num(s.exclusiveMaximum) !== undefined ? num(s.exclusiveMaximum)! - (integer ? 1 : 0.5) : undefined);
  let v = lo !== undefined && hi !== undefined ? (lo + hi) / 2 : (lo ?? (hi !== undefined ? Math.min(hi, 1) : 1));
  const step = num(s.multipleOf);
  if (step) v = Math.ceil(v / step) * step;
  if (integer)
    v =
      lo !== undefined && hi !== undefined
        ? Math.max(Math.ceil(lo), Math.min(Math.floor(hi), Math.round(v)))
        : Math.round(v);
  if (hi !== undefined && v > hi) v = hi;
  return v;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function stringFor(s: Schema, ctx: FillContext, propName: string): string {
  const format = typeof s.format === 'string' ? s.format : '';
  const byFormat: Record<string, string> = {
    'date-time': '2024-01-01T00:00:00Z',
    date: '2024-01-01',
    time: '00:00:00Z',
    email: 'user@example.com',
    uri: 'https://example.com/',
    url: 'https://example.com/',
    uuid: '00000000-0000-4000-8000-000000000000',
    ipv4: '127.0.0.1',
    hostname: 'example.com',
  };
  let v = byFormat[format] ?? ctx.stringFor?.(propName) ?? defaultString(ctx.prompt, propName);
  if (typeof s.pattern === 'string' && !safeTest(s.pattern, v)) v = patternGuess(s.pattern) ?? v;
  const min = num(s.minLength) ?? 0;
  const max = num(s.maxLength);
  while (v.length < min) v += ' x';
  if (max !== undefined) v = v.slice(0, max);
  return v;
}

/** A short phrase from the prompt's key words, or the property name when the prompt has none. */
function defaultString(prompt: string, propName: string): string {
  const key = unique(contentWords(prompt)).slice(0, 8).join(' ');
  return key || propName;
}

function safeTest(pattern: string, v: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(v);
  } catch {
    return true;
  }
}

function patternGuess(pattern: string): string | undefined {
  const candidates = ['a', 'A', '0', 'abc', 'ABC', '123', 'a1', 'abc-123', 'ABC-123', 'user@example.com', '2024-01-01'];
  return candidates.find((c) => safeTest(pattern, c));
}

function resolveRef(s: Schema, root: unknown): Schema {
  const ref = s.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/'))
    node = isObj(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isObj(node) ? { ...node, ...without(s, '$ref') } : without(s, '$ref');
}

function without(s: Schema, key: string): Schema {
  const copy = { ...s };
  delete copy[key];
  return copy;
}

function mergeInto(target: Schema, part: Schema): void {
  for (const [k, v] of Object.entries(part)) {
    if (k === 'properties' && isObj(target.properties) && isObj(v)) target.properties = { ...target.properties, ...v };
    else if (k === 'required' && Array.isArray(target.required) && Array.isArray(v))
      target.required = [...target.required, ...v];
    else target[k] = v;
  }
}
