// Assertion type → handler. The map is data: each entry lazily imports its family file, and it is
// typed `Record<AssertionType, …>` so a type without a handler fails tsc. `resolveAssertionType`
// is the one parser of `not-` prefixed names.

import type { AssertionHandler } from './types.js';

export const ASSERTION_TYPES = [
  // text.ts
  'equals', 'contains', 'icontains', 'contains-any', 'contains-all', 'icontains-any', 'icontains-all',
  'regex', 'starts-with', 'word-count',
  // json.ts
  'is-json', 'contains-json',
  // javascript.ts
  'javascript',
  // metrics.ts
  'levenshtein', 'latency', 'cost',
  // Not built yet (pending.ts): model-graded, embedding, tool-call and n-gram checks.
  'llm-rubric', 'model-graded-closedqa', 'factuality', 'model-graded-factuality', 'g-eval', 'answer-relevance',
  'select-best', 'max-score',
  'similar', 'similar:cosine', 'similar:dot', 'similar:euclidean',
  'is-valid-openai-function-call', 'is-valid-openai-tools-call', 'is-valid-function-call', 'function-call', 'tool-call-f1',
  'guardrails', 'finish-reason', 'is-refusal', 'rouge-n', 'bleu', 'perplexity', 'perplexity-score',
] as const;

export type AssertionType = (typeof ASSERTION_TYPES)[number];

type HandlerLoader = () => Promise<AssertionHandler>;

const text = () => import('./text.js');
const json = () => import('./json.js');
const metrics = () => import('./metrics.js');
const pending = (type: AssertionType): HandlerLoader => async () => (await import('./pending.js')).pendingHandler(type);

const handlers: Record<AssertionType, HandlerLoader> = {
  equals: async () => (await text()).equals,
  contains: async () => (await text()).contains,
  icontains: async () => (await text()).icontains,
  'contains-any': async () => (await text()).containsAny,
  'contains-all': async () => (await text()).containsAll,
  'icontains-any': async () => (await text()).icontainsAny,
  'icontains-all': async () => (await text()).icontainsAll,
  regex: async () => (await text()).regex,
  'starts-with': async () => (await text()).startsWith,
  'word-count': async () => (await text()).wordCount,
  'is-json': async () => (await json()).isJson,
  'contains-json': async () => (await json()).containsJson,
  javascript: async () => (await import('./javascript.js')).javascript,
  levenshtein: async () => (await metrics()).levenshtein,
  latency: async () => (await metrics()).latency,
  cost: async () => (await metrics()).cost,
  'llm-rubric': pending('llm-rubric'),
  'model-graded-closedqa': pending('model-graded-closedqa'),
  factuality: pending('factuality'),
  'model-graded-factuality': pending('model-graded-factuality'),
  'g-eval': pending('g-eval'),
  'answer-relevance': pending('answer-relevance'),
  'select-best': pending('select-best'),
  'max-score': pending('max-score'),
  similar: pending('similar'),
  'similar:cosine': pending('similar:cosine'),
  'similar:dot': pending('similar:dot'),
  'similar:euclidean': pending('similar:euclidean'),
  'is-valid-openai-function-call': pending('is-valid-openai-function-call'),
  'is-valid-openai-tools-call': pending('is-valid-openai-tools-call'),
  'is-valid-function-call': pending('is-valid-function-call'),
  'function-call': pending('function-call'),
  'tool-call-f1': pending('tool-call-f1'),
  guardrails: pending('guardrails'),
  'finish-reason': pending('finish-reason'),
  'is-refusal': pending('is-refusal'),
  'rouge-n': pending('rouge-n'),
  bleu: pending('bleu'),
  perplexity: pending('perplexity'),
  'perplexity-score': pending('perplexity-score'),
};

const KNOWN = new Set<string>(ASSERTION_TYPES);
const loaded = new Map<AssertionType, AssertionHandler>();

/** Splits `not-contains` into `{ base: 'contains', inverse: true }`; undefined for unknown types. */
export function resolveAssertionType(type: string): { base: AssertionType; inverse: boolean } | undefined {
  if (KNOWN.has(type)) return { base: type as AssertionType, inverse: false };
  if (type.startsWith('not-') && KNOWN.has(type.slice(4))) return { base: type.slice(4) as AssertionType, inverse: true };
  return undefined;
}

/** True for every supported type and its `not-` form (`assert-set` is a structure, not a type). */
export function isKnownAssertionType(type: string): boolean {
  return resolveAssertionType(type) !== undefined;
}

/** `select-best` and `max-score` compare a row's outputs; the runner grades them in a post-pass. */
export function isComparisonAssertion(type: string): boolean {
  const base = type.startsWith('not-') ? type.slice(4) : type;
  return base.startsWith('select-') || base === 'max-score';
}

/** Loads the handler for a base type (once; later calls are a map lookup). */
export async function loadAssertionHandler(type: AssertionType): Promise<AssertionHandler> {
  let handler = loaded.get(type);
  if (!handler) {
    handler = await handlers[type]();
    loaded.set(type, handler);
  }
  return handler;
}
