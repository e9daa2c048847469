// Assertion type → entry. The map is data: each entry lazily imports its family's file (one folder
// per family: engine, model-graded, script, json, text, tools, response) and states the type's facts
// (takes a list, row-level, default threshold); it `satisfies Record<AssertionType, …>` so a type
// without an entry fails tsc. `resolveAssertionType` is the one parser of `not-` prefixed names.

import type { AssertionHandler } from './types.js';

export const ASSERTION_TYPES = [
  // text/text.ts
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'regex',
  'starts-with',
  'word-count',
  // json/json.ts
  'is-json',
  'contains-json',
  // script/javascript.ts, script/python.ts
  'javascript',
  'python',
  // response/metrics.ts
  'levenshtein',
  'latency',
  'cost',
  // model-graded/: model-graded.ts, g-eval.ts, answer-relevance.ts
  'llm-rubric',
  'model-graded-closedqa',
  'factuality',
  'model-graded-factuality',
  'g-eval',
  'answer-relevance',
  // model-graded/comparison.ts (row-level: graded per row once its cells finish)
  'select-best',
  'max-score',
  // model-graded/similarity.ts
  'similar',
  'similar:cosine',
  'similar:dot',
  'similar:euclidean',
  // tools/tools.ts
  'is-valid-openai-function-call',
  'is-valid-openai-tools-call',
  'is-valid-function-call',
  'function-call',
  'tool-call-f1',
  // response/guardrails.ts, response/refusal.ts, text/nlp-metrics.ts, response/perplexity.ts
  'guardrails',
  'finish-reason',
  'is-refusal',
  'rouge-n',
  'bleu',
  'perplexity',
  'perplexity-score',
  // text/: xml.ts, html.ts, sql.ts, nlp-scores.ts
  'is-xml',
  'contains-xml',
  'is-html',
  'contains-html',
  'is-sql',
  'contains-sql',
  'gleu',
  'meteor',
  // model-graded/rag.ts
  'context-recall',
  'context-relevance',
  'context-faithfulness',
  'conversation-relevance',
  // script/webhook.ts, model-graded/moderation.ts
  'webhook',
  'moderation',
  // model-graded/classifier.ts
  'classifier',
] as const;

export type AssertionType = (typeof ASSERTION_TYPES)[number];

type HandlerLoader = () => Promise<AssertionHandler>;

/** One assertion type: how to load its handler, and the facts the rest of Assay asks about it. */
export interface AssertionEntry {
  /** Imports the family file on first use and returns the handler. */
  load: HandlerLoader;
  /** The value is a list of items (a comma-separated string in CSV shorthand is split). */
  takesList?: true;
  /** Graded once per row, after all its cells finish, by comparing the row's outputs. */
  rowLevel?: true;
  /** The pass mark when the assertion sets no `threshold` (the handler reads `assertion.threshold`). */
  defaultThreshold?: number;
}

const text = () => import('./text/text.js');
const json = () => import('./json/json.js');
const metrics = () => import('./response/metrics.js');
const graded = () => import('./model-graded/model-graded.js');
const similarity = () => import('./model-graded/similarity.js');
const tools = () => import('./tools/tools.js');
const guards = () => import('./response/guardrails.js');
const nlp = () => import('./text/nlp-metrics.js');
const logprobs = () => import('./response/perplexity.js');
const comparisonOnly: HandlerLoader = async () => (await import('./model-graded/comparison.js')).comparisonOnly;

const ASSERTIONS = {
  equals: { load: async () => (await text()).equals },
  contains: { load: async () => (await text()).contains },
  icontains: { load: async () => (await text()).icontains },
  'contains-any': { load: async () => (await text()).containsAny, takesList: true },
  'contains-all': { load: async () => (await text()).containsAll, takesList: true },
  'icontains-any': { load: async () => (await text()).icontainsAny, takesList: true },
  'icontains-all': { load: async () => (await text()).icontainsAll, takesList: true },
  regex: { load: async () => (await text()).regex },
  'starts-with': { load: async () => (await text()).startsWith },
  'word-count': { load: async () => (await text()).wordCount },
  'is-json': { load: async () => (await json()).isJson },
  'contains-json': { load: async () => (await json()).containsJson },
  javascript: { load: async () => (await import('./script/javascript.js')).javascript },
  python: { load: async () => (await import('./script/python.js')).python },
  levenshtein: { load: async () => (await metrics()).levenshtein },
  latency: { load: async () => (await metrics()).latency },
  cost: { load: async () => (await metrics()).cost },
  'llm-rubric': { load: async () => (await graded()).llmRubric },
  'model-graded-closedqa': { load: async () => (await graded()).closedQa },
  factuality: { load: async () => (await graded()).factuality },
  'model-graded-factuality': { load: async () => (await graded()).factuality },
  'g-eval': { load: async () => (await import('./model-graded/g-eval.js')).gEval, defaultThreshold: 0.7 },
  'answer-relevance': {
    load: async () => (await import('./model-graded/answer-relevance.js')).answerRelevance,
    defaultThreshold: 0.7,
  },
  'select-best': { load: comparisonOnly, rowLevel: true },
  'max-score': { load: comparisonOnly, rowLevel: true },
  similar: { load: async () => (await similarity()).similarCosine, defaultThreshold: 0.75 },
  'similar:cosine': { load: async () => (await similarity()).similarCosine, defaultThreshold: 0.75 },
  'similar:dot': { load: async () => (await similarity()).similarDot, defaultThreshold: 0.75 },
  'similar:euclidean': { load: async () => (await similarity()).similarEuclidean, defaultThreshold: 0.75 },
  'is-valid-openai-function-call': { load: async () => (await tools()).validToolCalls },
  'is-valid-openai-tools-call': { load: async () => (await tools()).validToolCalls },
  'is-valid-function-call': { load: async () => (await tools()).validToolCalls },
  'function-call': { load: async () => (await tools()).functionCall },
  'tool-call-f1': { load: async () => (await tools()).toolCallF1, defaultThreshold: 1 },
  guardrails: { load: async () => (await guards()).guardrails },
  'finish-reason': { load: async () => (await guards()).finishReason },
  'is-refusal': { load: async () => (await import('./response/refusal.js')).isRefusal },
  'rouge-n': { load: async () => (await nlp()).rouge, defaultThreshold: 0.75 },
  bleu: { load: async () => (await nlp()).bleu, defaultThreshold: 0.5 },
  perplexity: { load: async () => (await logprobs()).perplexity },
  'perplexity-score': { load: async () => (await logprobs()).perplexityScore },
  'is-xml': { load: async () => (await import('./text/xml.js')).isXml },
  'contains-xml': { load: async () => (await import('./text/xml.js')).containsXml },
  'is-html': { load: async () => (await import('./text/html.js')).isHtml },
  'contains-html': { load: async () => (await import('./text/html.js')).containsHtml },
  'is-sql': { load: async () => (await import('./text/sql.js')).isSql },
  'contains-sql': { load: async () => (await import('./text/sql.js')).containsSql },
  gleu: { load: async () => (await import('./text/nlp-scores.js')).gleu, defaultThreshold: 0.5 },
  meteor: { load: async () => (await import('./text/nlp-scores.js')).meteor, defaultThreshold: 0.5 },
  'context-recall': { load: async () => (await import('./model-graded/rag.js')).contextRecall, defaultThreshold: 0 },
  'context-relevance': {
    load: async () => (await import('./model-graded/rag.js')).contextRelevance,
    defaultThreshold: 0,
  },
  'context-faithfulness': {
    load: async () => (await import('./model-graded/rag.js')).contextFaithfulness,
    defaultThreshold: 0,
  },
  'conversation-relevance': {
    load: async () => (await import('./model-graded/rag.js')).conversationRelevance,
    defaultThreshold: 0,
  },
  webhook: { load: async () => (await import('./script/webhook.js')).webhook },
  moderation: { load: async () => (await import('./model-graded/moderation.js')).moderation },
  classifier: { load: async () => (await import('./model-graded/classifier.js')).classifier, defaultThreshold: 1 },
} satisfies Record<AssertionType, AssertionEntry>;

const KNOWN = new Set<string>(ASSERTION_TYPES);
const loaded = new Map<AssertionType, AssertionHandler>();

/** resolveAssertionType's answers for the known types (and their not- forms) met so far. */
const resolvedTypes = new Map<string, Readonly<{ base: AssertionType; inverse: boolean }>>();

/** Splits `not-contains` into `{ base: 'contains', inverse: true }`; undefined for unknown types. */
export function resolveAssertionType(type: string): Readonly<{ base: AssertionType; inverse: boolean }> | undefined {
  // Asked several times per assertion of every row: each known type is worked out once.
  const known = resolvedTypes.get(type);
  if (known) return known;
  let resolved: { base: AssertionType; inverse: boolean } | undefined;
  if (KNOWN.has(type)) resolved = { base: type as AssertionType, inverse: false };
  else if (type.startsWith('not-') && KNOWN.has(type.slice(4)))
    resolved = { base: type.slice(4) as AssertionType, inverse: true };
  if (resolved) resolvedTypes.set(type, Object.freeze(resolved));
  return resolved;
}

/** True for every supported type and its `not-` form (`assert-set` is a structure, not a type). */
export function isKnownAssertionType(type: string): boolean {
  return resolveAssertionType(type) !== undefined;
}

/** The registry entry of a type or its `not-` form; undefined for unknown types. */
export function assertionEntry(type: string): AssertionEntry | undefined {
  const resolved = resolveAssertionType(type);
  return resolved ? ASSERTIONS[resolved.base] : undefined;
}

/** `select-best` and `max-score` compare a row's outputs; the runner grades them in a post-pass. */
export function isComparisonAssertion(type: string): boolean {
  return assertionEntry(type)?.rowLevel === true;
}

/** The handler for a base type if it is loaded already, else undefined (no promise per call). */
export function loadedAssertionHandler(type: AssertionType): AssertionHandler | undefined {
  return loaded.get(type);
}

/** Loads the handler for a base type (once; later calls are a map lookup). */
export async function loadAssertionHandler(type: AssertionType): Promise<AssertionHandler> {
  let handler = loaded.get(type);
  if (!handler) {
    handler = await ASSERTIONS[type].load();
    loaded.set(type, handler);
  }
  return handler;
}
