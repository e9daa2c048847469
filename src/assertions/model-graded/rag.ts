// RAG checks graded by a model, as promptfoo scores them (RAGAS-style ratios, threshold default 0):
// context-recall (share of the expected answer's sentences the context supports),
// context-relevance (share of the context's sentences relevant to the query),
// context-faithfulness (share of the output's statements the context supports), and
// conversation-relevance (share of conversation windows whose last answer is relevant).
// Assay splits the texts into sentences itself and asks the grader one yes/no per item.

import { AssayError } from '../../errors.js';
import type { CheckResult } from '../engine/check-result.js';
import { askGrader, excerpt, GraderFailure, GraderTokens, gradeSafely, textGrader } from './grader-call.js';
import { loadScript } from '../script/script-cache.js';
import { loadRubricPrompt, renderRubricPrompt } from './rubric-render.js';
import { type AssertionContext, thresholdOf } from '../types.js';
import { ITEM_CHECK_PROMPT, SUPPORTED_TASK, RELEVANT_TASK, CONVERSATION_TASK } from './rag-prompts.js';

/** Splits prose into sentences (at . ! ? or line breaks), dropping empty pieces. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/**
 * The retrieved context: `contextTransform(output, context)` when given, else `vars.context`.
 * contextTransform reads the output before the assertion's own `transform` (promptfoo reads it
 * after the provider's transform only; Assay's runner hands assertions the test-transformed one), so one
 * assertion can grade `transform: output.answer` against `contextTransform: output.sources`.
 */
async function retrievedContext(ctx: AssertionContext, fallback?: string): Promise<string> {
  const transform = (ctx.assertion as { contextTransform?: unknown }).contextTransform;
  let value: unknown;
  if (transform !== undefined) {
    const fn = await loadScript(transform as string, {
      basePath: ctx.basePath,
      what: 'contextTransform',
      style: 'transform',
      inputName: 'output',
    });
    try {
      value = await fn(ctx.providerResponse.output ?? ctx.output, {
        vars: ctx.vars,
        prompt: { raw: ctx.prompt, label: ctx.prompt },
        metadata: ctx.providerResponse.metadata ?? {},
      });
    } catch (err) {
      throw new AssayError(
        'ASSERTION_INVALID',
        `"${ctx.assertion.type}" contextTransform failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (!isContext(value))
      throw new AssayError(
        'ASSERTION_INVALID',
        `"${ctx.assertion.type}" contextTransform must return text or a list of texts`,
      );
  } else {
    value = ctx.vars.context ?? fallback;
    if (!isContext(value)) {
      throw new AssayError(
        'ASSERTION_INVALID',
        `"${ctx.assertion.type}" needs the retrieved context: set vars.context (text or a list of texts), or contextTransform to read it from the output`,
      );
    }
  }
  return Array.isArray(value) ? value.join('\n') : (value as string);
}

function isContext(value: unknown): value is string | string[] {
  return (
    (typeof value === 'string' && value.trim() !== '') ||
    (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
  );
}

function queryOf(ctx: AssertionContext): string {
  const query = ctx.vars.query;
  if (typeof query !== 'string' || query.trim() === '')
    throw new AssayError(
      'ASSERTION_INVALID',
      `"${ctx.assertion.type}" needs vars.query: the question the context was retrieved for`,
    );
  return query;
}

/** Asks the grader about every item at once; returns one yes/no per item. */
async function judgeItems(
  ctx: AssertionContext,
  tokens: GraderTokens,
  items: string[],
  reference: string,
  task: string,
  extra: Record<string, unknown>,
): Promise<boolean[]> {
  const grader = await textGrader(ctx.graders, ctx.assertion, ctx.test);
  const template = await loadRubricPrompt(ctx.assertion.rubricPrompt, ITEM_CHECK_PROMPT, ctx.basePath);
  const numbered = items.map((item, i) => `${i + 1}. ${item.replace(/\s+/g, ' ')}`).join('\n');
  const prompt = renderRubricPrompt(template, { ...extra, reference, items: numbered, task, count: items.length });
  const reply = await askGrader(ctx.graders, grader, prompt, tokens, ctx.signal);
  return parseVerdicts(reply, items.length);
}

/** Reads `{"verdicts": [{"item": n, "verdict": "yes"|"no"}]}`; an item the grader skipped counts as no. */
export function parseVerdicts(reply: string, count: number): boolean[] {
  const start = reply.indexOf('{');
  const end = reply.lastIndexOf('}');
  let parsed: unknown;
  try {
    parsed = start === -1 ? undefined : JSON.parse(reply.slice(start, end + 1));
  } catch {
    parsed = undefined;
  }
  const list = (parsed as { verdicts?: unknown } | undefined)?.verdicts;
  if (!Array.isArray(list)) throw new GraderFailure(`The grader's reply has no "verdicts" list: ${excerpt(reply)}`);
  const verdicts = new Array<boolean>(count).fill(false);
  list.forEach((entry, i) => {
    const e = (entry ?? {}) as { item?: unknown; verdict?: unknown };
    const index = typeof e.item === 'number' ? e.item - 1 : i;
    if (index >= 0 && index < count)
      verdicts[index] = /^(yes|true|y|1|supported|relevant|attributed)$/i.test(String(e.verdict).trim());
  });
  return verdicts;
}

function ratioResult(
  label: string,
  yes: number,
  total: number,
  threshold: number,
  metadata: Record<string, unknown>,
): CheckResult {
  const score = total === 0 ? 0 : yes / total;
  const pass = score >= threshold - Number.EPSILON;
  const shown = score.toFixed(2);
  return {
    pass,
    score,
    reason: `${label} ${shown} (${yes} of ${total}) is ${pass ? 'greater than or equal to' : 'less than'} threshold ${threshold}`,
    inversion: 'complement',
    negatedReason: `${label} ${shown} (${yes} of ${total}) reached threshold ${threshold}`,
    metadata: { ...metadata, score, threshold },
  };
}

export async function contextRecall(ctx: AssertionContext): Promise<CheckResult> {
  if (typeof ctx.value !== 'string' || ctx.value.trim() === '')
    throw new AssayError('ASSERTION_INVALID', '"context-recall" needs a value: the expected answer (ground truth)');
  // As promptfoo: without vars.context, context-recall checks against the prompt itself.
  const context = await retrievedContext(ctx, ctx.prompt);
  const sentences = splitSentences(ctx.value);
  const tokens = new GraderTokens();
  return gradeSafely(tokens, async () => {
    const verdicts = await judgeItems(ctx, tokens, sentences, context, SUPPORTED_TASK, {
      context,
      groundTruth: ctx.value,
    });
    const attributed = verdicts.filter(Boolean).length;
    return ratioResult('Context recall', attributed, sentences.length, thresholdOf(ctx), {
      sentences: sentences.map((s, i) => ({ sentence: s, attributed: verdicts[i] })),
    });
  });
}

export async function contextRelevance(ctx: AssertionContext): Promise<CheckResult> {
  const query = queryOf(ctx);
  const context = await retrievedContext(ctx);
  const sentences = splitSentences(context);
  const tokens = new GraderTokens();
  return gradeSafely(tokens, async () => {
    const verdicts = await judgeItems(ctx, tokens, sentences, query, RELEVANT_TASK, { query, context });
    const relevant = verdicts.filter(Boolean).length;
    return ratioResult('Context relevance', relevant, sentences.length, thresholdOf(ctx), {
      sentences: sentences.map((s, i) => ({ sentence: s, relevant: verdicts[i] })),
    });
  });
}

export async function contextFaithfulness(ctx: AssertionContext): Promise<CheckResult> {
  const query = queryOf(ctx);
  const context = await retrievedContext(ctx);
  const statements = splitSentences(ctx.outputString);
  if (statements.length === 0)
    return {
      pass: false,
      score: 0,
      reason: 'Context faithfulness: the output makes no statements to check',
      inversion: 'none',
    };
  const tokens = new GraderTokens();
  return gradeSafely(tokens, async () => {
    const verdicts = await judgeItems(ctx, tokens, statements, context, SUPPORTED_TASK, {
      query,
      context,
      output: ctx.outputString,
    });
    const supported = verdicts.filter(Boolean).length;
    return ratioResult('Context faithfulness', supported, statements.length, thresholdOf(ctx), {
      statements: statements.map((s, i) => ({ statement: s, supported: verdicts[i] })),
    });
  });
}

interface Turn {
  input: string;
  output: string;
}

/** The conversation so far (`vars._conversation`) plus this turn, as promptfoo builds it. */
function conversationTurns(ctx: AssertionContext): Turn[] {
  const previous = Array.isArray(ctx.vars._conversation) ? (ctx.vars._conversation as unknown[]) : [];
  const turns: Turn[] = [];
  for (const entry of previous) {
    const e = (entry ?? {}) as { input?: unknown; output?: unknown; prompt?: unknown };
    const input = e.input ?? e.prompt;
    if (input === undefined && e.output === undefined) continue;
    turns.push({
      input: typeof input === 'string' ? input : JSON.stringify(input ?? ''),
      output: typeof e.output === 'string' ? e.output : JSON.stringify(e.output ?? ''),
    });
  }
  const input = typeof ctx.vars.query === 'string' && turns.length === 0 ? ctx.vars.query : ctx.prompt;
  turns.push({ input, output: ctx.outputString });
  return turns;
}

export async function conversationRelevance(ctx: AssertionContext): Promise<CheckResult> {
  const windowSize = Number(ctx.assertion.config?.windowSize ?? 5);
  if (!Number.isInteger(windowSize) || windowSize < 1)
    throw new AssayError(
      'ASSERTION_INVALID',
      '"conversation-relevance" config.windowSize must be a whole number of 1 or more',
    );
  const turns = conversationTurns(ctx);
  const tokens = new GraderTokens();
  return gradeSafely(tokens, async () => {
    const windows: boolean[] = [];
    for (let end = 0; end < turns.length; end++) {
      const window = turns.slice(Math.max(0, end - windowSize + 1), end + 1);
      const history = window
        .map((t, i) => `User: ${t.input}${i < window.length - 1 ? `\nAssistant: ${t.output}` : ''}`)
        .join('\n');
      const [relevant] = await judgeItems(ctx, tokens, [window.at(-1)!.output], history, CONVERSATION_TASK, {
        conversation: history,
      });
      windows.push(relevant ?? false);
    }
    const relevant = windows.filter(Boolean).length;
    return ratioResult('Conversation relevance', relevant, windows.length, thresholdOf(ctx), {
      windows: windows.length,
      windowSize,
    });
  });
}
