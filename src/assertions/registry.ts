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
  // javascript.ts, python.ts
  'javascript', 'python',
  // metrics.ts
  'levenshtein', 'latency', 'cost',
  // model-graded.ts, g-eval.ts, answer-relevance.ts
  'llm-rubric', 'model-graded-closedqa', 'factuality', 'model-graded-factuality', 'g-eval', 'answer-relevance',
  // comparison.ts (graded per row by runComparisonAssertion)
  'select-best', 'max-score',
  // similarity.ts
  'similar', 'similar:cosine', 'similar:dot', 'similar:euclidean',
  // tools.ts
  'is-valid-openai-function-call', 'is-valid-openai-tools-call', 'is-valid-function-call', 'function-call', 'tool-call-f1',
  // guardrails.ts, refusal.ts, nlp-metrics.ts, perplexity.ts
  'guardrails', 'finish-reason', 'is-refusal', 'rouge-n', 'bleu', 'perplexity', 'perplexity-score',
  // xml.ts, html.ts, sql.ts, nlp-scores.ts
  'is-xml', 'contains-xml', 'is-html', 'contains-html', 'is-sql', 'contains-sql', 'gleu', 'meteor',
  // rag.ts
  'context-recall', 'context-relevance', 'context-faithfulness', 'conversation-relevance',
  // webhook.ts, moderation.ts
  'webhook', 'moderation',
] as const;

export type AssertionType = (typeof ASSERTION_TYPES)[number];

type HandlerLoader = () => Promise<AssertionHandler>;

const text = () => import('./text.js');
const json = () => import('./json.js');
const metrics = () => import('./metrics.js');
const graded = () => import('./model-graded.js');
const similarity = () => import('./similarity.js');
const tools = () => import('./tools.js');
const guards = () => import('./guardrails.js');
const nlp = () => import('./nlp-metrics.js');
const logprobs = () => import('./perplexity.js');
const comparisonOnly: HandlerLoader = async () => (await import('./comparison.js')).comparisonOnly;

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
  python: async () => (await import('./python.js')).python,
  levenshtein: async () => (await metrics()).levenshtein,
  latency: async () => (await metrics()).latency,
  cost: async () => (await metrics()).cost,
  'llm-rubric': async () => (await graded()).llmRubric,
  'model-graded-closedqa': async () => (await graded()).closedQa,
  factuality: async () => (await graded()).factuality,
  'model-graded-factuality': async () => (await graded()).factuality,
  'g-eval': async () => (await import('./g-eval.js')).gEval,
  'answer-relevance': async () => (await import('./answer-relevance.js')).answerRelevance,
  'select-best': comparisonOnly,
  'max-score': comparisonOnly,
  similar: async () => (await similarity()).similarCosine,
  'similar:cosine': async () => (await similarity()).similarCosine,
  'similar:dot': async () => (await similarity()).similarDot,
  'similar:euclidean': async () => (await similarity()).similarEuclidean,
  'is-valid-openai-function-call': async () => (await tools()).validToolCalls,
  'is-valid-openai-tools-call': async () => (await tools()).validToolCalls,
  'is-valid-function-call': async () => (await tools()).validToolCalls,
  'function-call': async () => (await tools()).functionCall,
  'tool-call-f1': async () => (await tools()).toolCallF1,
  guardrails: async () => (await guards()).guardrails,
  'finish-reason': async () => (await guards()).finishReason,
  'is-refusal': async () => (await import('./refusal.js')).isRefusal,
  'rouge-n': async () => (await nlp()).rouge,
  bleu: async () => (await nlp()).bleu,
  perplexity: async () => (await logprobs()).perplexity,
  'perplexity-score': async () => (await logprobs()).perplexityScore,
  'is-xml': async () => (await import('./xml.js')).isXml,
  'contains-xml': async () => (await import('./xml.js')).containsXml,
  'is-html': async () => (await import('./html.js')).isHtml,
  'contains-html': async () => (await import('./html.js')).containsHtml,
  'is-sql': async () => (await import('./sql.js')).isSql,
  'contains-sql': async () => (await import('./sql.js')).containsSql,
  gleu: async () => (await import('./nlp-scores.js')).gleu,
  meteor: async () => (await import('./nlp-scores.js')).meteor,
  'context-recall': async () => (await import('./rag.js')).contextRecall,
  'context-relevance': async () => (await import('./rag.js')).contextRelevance,
  'context-faithfulness': async () => (await import('./rag.js')).contextFaithfulness,
  'conversation-relevance': async () => (await import('./rag.js')).conversationRelevance,
  webhook: async () => (await import('./webhook.js')).webhook,
  moderation: async () => (await import('./moderation.js')).moderation,
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
