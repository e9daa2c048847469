// Builds OpenAI-format response objects and stream chunks from the emulated model's reply.

import { randomUUID } from 'node:crypto';
import type { ModelReply } from '../model/respond.js';
import { tokenLogprobs, type TokenLogprob } from '../model/logprobs.js';
import { streamPieces } from '../model/text.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);
export const newId = (prefix: string) => `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 24)}`;

function openAiUsage(reply: ModelReply) {
  return {
    prompt_tokens: reply.usage.prompt,
    completion_tokens: reply.usage.completion,
    total_tokens: reply.usage.total,
  };
}

function toolCallsOf(reply: ModelReply) {
  return reply.toolCalls.map((c) => ({
    id: c.id,
    type: 'function',
    function: { name: c.name, arguments: c.arguments },
  }));
}

/** Per streamed piece, so a streamed and a whole reply carry the same figures. */
function logprobsByPiece(text: string, top: number): TokenLogprob[][] {
  let offset = 0;
  return streamPieces(text).map((piece) => {
    const entries = tokenLogprobs(piece, top, offset);
    offset += entries.length;
    return entries;
  });
}

/** What the request asked for beyond the model's reply itself. */
export interface ReplyOptions {
  n?: number;
  /** Set (even to 0) when the request asked for `logprobs`: alternatives per token. */
  topLogprobs?: number;
  /** Answer a call in the legacy `function_call` form (the request sent `functions`). */
  legacyFunctions?: boolean;
}

/** The legacy form carries one call and finishes with `function_call`. */
function finishReasonOf(reply: ModelReply, options: ReplyOptions): string {
  return options.legacyFunctions && reply.toolCalls.length > 0 ? 'function_call' : reply.finishReason;
}

export function chatCompletion(model: string, reply: ModelReply, options: ReplyOptions = {}): Record<string, unknown> {
  const { n = 1, topLogprobs } = options;
  const message: Record<string, unknown> = { role: 'assistant', content: reply.text };
  const [first] = reply.toolCalls;
  if (first && options.legacyFunctions) message.function_call = { name: first.name, arguments: first.arguments };
  else if (reply.toolCalls.length > 0) message.tool_calls = toolCallsOf(reply);
  const logprobs =
    topLogprobs !== undefined && reply.text !== null
      ? { content: logprobsByPiece(reply.text, topLogprobs).flat(), refusal: null }
      : null;
  return {
    id: newId('chatcmpl'),
    object: 'chat.completion',
    created: nowSeconds(),
    model,
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      message,
      logprobs,
      finish_reason: finishReasonOf(reply, options),
    })),
    usage: openAiUsage(reply),
    system_fingerprint: 'fp_assay_emulator',
  };
}

/** `chat.completion.chunk` objects: role, content pieces (or tool-call deltas), finish, optional usage chunk. */
export function chatChunks(
  model: string,
  reply: ModelReply,
  includeUsage: boolean,
  options: ReplyOptions = {},
): Record<string, unknown>[] {
  const { topLogprobs } = options;
  const id = newId('chatcmpl');
  const created = nowSeconds();
  const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_assay_emulator' };
  const usageField = includeUsage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finish: string | null, logprobs: unknown = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs, finish_reason: finish }],
    ...usageField,
  });
  const out: Record<string, unknown>[] = [chunk({ role: 'assistant', content: '' }, null)];
  const [first] = reply.toolCalls;
  if (first && options.legacyFunctions) {
    out.push(chunk({ function_call: { name: first.name, arguments: '' } }, null));
    for (const piece of splitArgs(first.arguments)) out.push(chunk({ function_call: { arguments: piece } }, null));
  } else {
    reply.toolCalls.forEach((c, index) => {
      out.push(
        chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] }, null),
      );
      for (const piece of splitArgs(c.arguments))
        out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
    });
  }
  const pieceLogprobs = topLogprobs !== undefined ? logprobsByPiece(reply.text ?? '', topLogprobs) : undefined;
  streamPieces(reply.text ?? '').forEach((piece, i) => {
    out.push(
      chunk({ content: piece }, null, pieceLogprobs ? { content: pieceLogprobs[i] ?? [], refusal: null } : null),
    );
  });
  out.push(chunk({}, finishReasonOf(reply, options)));
  if (includeUsage) out.push({ ...base, choices: [], usage: openAiUsage(reply) });
  return out;
}

/** Arguments stream in pieces, as the real APIs do, so clients must concatenate them. */
export function splitArgs(args: string): string[] {
  const size = Math.max(8, Math.ceil(args.length / 3));
  const pieces: string[] = [];
  for (let i = 0; i < args.length; i += size) pieces.push(args.slice(i, i + size));
  return pieces.length > 0 ? pieces : [''];
}

export function textCompletion(model: string, reply: ModelReply): Record<string, unknown> {
  return {
    id: newId('cmpl'),
    object: 'text_completion',
    created: nowSeconds(),
    model,
    choices: [{ index: 0, text: reply.text ?? '', logprobs: null, finish_reason: reply.finishReason }],
    usage: openAiUsage(reply),
  };
}

export function completionChunks(model: string, reply: ModelReply): Record<string, unknown>[] {
  const base = { id: newId('cmpl'), object: 'text_completion', created: nowSeconds(), model };
  const out: Record<string, unknown>[] = streamPieces(reply.text ?? '').map((text) => ({
    ...base,
    choices: [{ index: 0, text, logprobs: null, finish_reason: null }],
  }));
  out.push({
    ...base,
    choices: [{ index: 0, text: '', logprobs: null, finish_reason: reply.finishReason }],
    usage: openAiUsage(reply),
  });
  return out;
}

export function embeddingList(model: string, vectors: number[][], promptTokens: number): Record<string, unknown> {
  return {
    object: 'list',
    data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}
