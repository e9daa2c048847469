// Meta Llama API native response shapes (POST /v1/chat/completions): `completion_message`,
// `metrics`, and the `event`-typed stream chunks.

import type { ModelReply } from '../model/respond.js';
import { streamPieces } from '../model/text.js';
import { newId, splitArgs } from './openai-response.js';

function metrics(reply: ModelReply) {
  return [
    { metric: 'num_completion_tokens', value: reply.usage.completion, unit: 'tokens' },
    { metric: 'num_prompt_tokens', value: reply.usage.prompt, unit: 'tokens' },
    { metric: 'num_total_tokens', value: reply.usage.total, unit: 'tokens' },
  ];
}

/** Tool calls carry `id` and `function` but no `type`, as in the SDK's type. */
function toolCalls(reply: ModelReply) {
  return reply.toolCalls.map((c) => ({ id: c.id, function: { name: c.name, arguments: c.arguments } }));
}

export function nativeCompletion(reply: ModelReply): Record<string, unknown> {
  return {
    id: newId('llama'),
    completion_message: {
      role: 'assistant',
      content: { type: 'text', text: reply.text ?? '' },
      stop_reason: reply.finishReason,
      tool_calls: toolCalls(reply),
    },
    metrics: metrics(reply),
  };
}

/** start, progress (text or tool-call deltas), complete, metrics. The stream ends without `[DONE]`. */
export function nativeChunks(reply: ModelReply): Record<string, unknown>[] {
  const id = newId('llama');
  const ev = (event: Record<string, unknown>) => ({ id, event });
  const out = [ev({ event_type: 'start', delta: { type: 'text', text: '' } })];
  for (const c of reply.toolCalls) {
    out.push(
      ev({ event_type: 'progress', delta: { type: 'tool_call', id: c.id, function: { name: c.name, arguments: '' } } }),
    );
    for (const piece of splitArgs(c.arguments))
      out.push(ev({ event_type: 'progress', delta: { type: 'tool_call', function: { arguments: piece } } }));
  }
  for (const text of streamPieces(reply.text ?? ''))
    out.push(ev({ event_type: 'progress', delta: { type: 'text', text } }));
  out.push(ev({ event_type: 'complete', delta: { type: 'text', text: '' }, stop_reason: reply.finishReason }));
  out.push(ev({ event_type: 'metrics', metrics: metrics(reply) }));
  return out;
}
