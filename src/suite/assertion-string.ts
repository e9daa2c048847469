// Parses the assertion shorthand used in CSV `__expected` cells (promptfoo's grammar):
// `javascript: ...`, `grade: ...`, `[not-]type[(threshold)][:value]`, anything else -> equals.

import { assertionEntry } from '../assertions/registry.js';
import { PROMPTFOO_ASSERTION_TYPES } from '../config/promptfoo-surface.js';
import type { AssertionDef } from './types.js';

/**
 * promptfoo's base assertion types that the shorthand recognises: all of them but assert-set (a
 * structure) and the agent-trace checks, which have no shorthand form.
 */
const BASE_TYPES = new Set<string>(
  PROMPTFOO_ASSERTION_TYPES.filter((type) => type !== 'assert-set' && !/^(trace-|trajectory:|skill-used$)/.test(type)),
);

/** Types that get a default threshold in the shorthand (0.8 for similar, 0.75 for the rest). */
const THRESHOLD_TYPES = new Set([
  'answer-relevance',
  'classifier',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'cost',
  'latency',
  'levenshtein',
  'perplexity',
  'perplexity-score',
  'rouge-n',
  'similar',
  'starts-with',
]);

const SHORTHAND =
  /^(not-)?([a-z][a-z0-9]*(?:-[a-z0-9]+)*(?::(?:cosine|dot|euclidean)(?=[(:]|$))?)(?:\((\d+(?:\.\d+)?)\))?(?::([\s\S]*))?$/;

export function parseAssertionString(cell: string): AssertionDef {
  const text = cell.trim();
  for (const prefix of ['javascript:', 'fn:', 'eval:']) {
    if (text.startsWith(prefix)) return { type: 'javascript', value: text.slice(prefix.length).trim() };
  }
  for (const prefix of ['grade:', 'llm-rubric:']) {
    if (text.startsWith(prefix)) return { type: 'llm-rubric', value: text.slice(prefix.length).trim() };
  }
  if (text.startsWith('python:')) return { type: 'python', value: text.slice('python:'.length).trim() };
  if (text.startsWith('file://')) {
    return { type: /\.py(?::[\w$]+)?$/.test(text) ? 'python' : 'javascript', value: text };
  }
  const match = SHORTHAND.exec(text);
  const base = match?.[2];
  if (match && base && isBaseType(base)) {
    const type = sharedTypeName(`${match[1] ?? ''}${base}`);
    const rawValue = match[4]?.trim();
    // A list-valued type's shorthand value is a comma-separated list.
    const value =
      rawValue === undefined || rawValue === ''
        ? undefined
        : assertionEntry(base)?.takesList
          ? splitList(rawValue)
          : rawValue;
    const threshold =
      match[3] !== undefined
        ? Number(match[3])
        : THRESHOLD_TYPES.has(base.split(':')[0]!)
          ? base.startsWith('similar')
            ? 0.8
            : 0.75
          : undefined;
    // Written whole rather than key by key: a key added later lives outside the object (40 more
    // bytes each), and a large CSV keeps one of these per row for the whole run.
    if (value === undefined) return threshold === undefined ? { type } : { type, threshold };
    return threshold === undefined ? { type, value } : { type, value, threshold };
  }
  return { type: 'equals', value: cell };
}

/**
 * One string per type name: a large CSV keeps one assertion per row (`contains: topic 7`), and each
 * would otherwise hold its own copy of the name (24 bytes, 2.3 MB over 100,000 rows). The names
 * come from BASE_TYPES (with or without `not-`), so this holds a few hundred strings at most.
 */
const typeNames = new Map<string, string>();

function sharedTypeName(type: string): string {
  const known = typeNames.get(type);
  if (known !== undefined) return known;
  typeNames.set(type, type);
  return type;
}

function isBaseType(base: string): boolean {
  // `similar:cosine` style variants share their family's rules.
  return (
    BASE_TYPES.has(base) || (base.startsWith('similar:') && ['cosine', 'dot', 'euclidean'].includes(base.slice(8)))
  );
}

/** Splits `a, b, "c, d"` on commas outside double quotes. */
function splitList(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out.filter((item) => item !== '');
}
