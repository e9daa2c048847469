// Assembles an OpenAI chat SSE stream (text deltas, tool-call deltas by index, the usage chunk)
// into the chat completion it stands for, and times it: time to first token, tokens per second.

import { ProviderError } from '../../errors.js';
import type { SseEvent } from '../transport/index.js';
import { defaultErrorEnvelope } from '../transport/index.js';
import { snippet } from '../transport/errors.js';
import { chatChunkSchema, type WireChatCompletion, type WireToolCall, type WireUsage } from './wire.js';

export interface AssembledStream {
  completion: WireChatCompletion;
  /** ms from `startedAt` to the first content, refusal or tool-call delta. */
  ttftMs?: number;
  tokensPerSecond?: number;
}

interface PartialCall {
  id?: string;
  type?: string;
  name: string;
  arguments: string;
}

/** Reads every event; throws ProviderError when the stream carries an error instead of a reply. */
export async function fromOpenAiStream(
  events: AsyncIterable<SseEvent>,
  startedAt: number,
  now: () => number = Date.now,
): Promise<AssembledStream> {
  let content = '';
  let refusal = '';
  let reasoning = '';
  let role = 'assistant';
  let finishReason: string | undefined;
  let usage: WireUsage | undefined;
  let firstTokenAt: number | undefined;
  let deltas = 0;
  const calls = new Map<number, PartialCall>();
  const logprobs: Array<{ logprob: number }> = [];
  // The legacy `function_call` form streams one call, name first, then argument pieces.
  let functionCall: { name: string; arguments: string } | undefined;

  for await (const event of events) {
    let json: unknown;
    try {
      json = JSON.parse(event.data);
    } catch {
      throw new ProviderError(`The stream sent an event that is not JSON: ${snippet(event.data, 200)}`);
    }
    if (event.event === 'error' || (json && typeof json === 'object' && (json as { error?: unknown }).error)) {
      const envelope = defaultErrorEnvelope(json);
      throw new ProviderError(
        `The stream reported an error: ${envelope?.message ?? snippet(event.data, 200)}${envelope?.code ? ` (code: ${envelope.code})` : ''}`,
        { providerCode: envelope?.code },
      );
    }
    const chunk = chatChunkSchema.safeParse(json);
    if (!chunk.success) continue;
    if (chunk.data.usage) usage = chunk.data.usage;
    for (const choice of chunk.data.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      if (choice.logprobs?.content) logprobs.push(...choice.logprobs.content);
      const delta = choice.delta;
      if (!delta) continue;
      if (delta.role) role = delta.role;
      const before = content.length + refusal.length + calls.size;
      if (delta.content) content += delta.content;
      if (delta.refusal) refusal += delta.refusal;
      if (delta.reasoning_content ?? delta.reasoning) reasoning += delta.reasoning_content ?? delta.reasoning;
      for (const part of delta.tool_calls ?? []) {
        const index = part.index ?? 0;
        const call = calls.get(index) ?? { name: '', arguments: '' };
        if (part.id) call.id = part.id;
        if (part.type) call.type = part.type;
        if (part.function?.name) call.name += part.function.name;
        if (part.function?.arguments) call.arguments += part.function.arguments;
        calls.set(index, call);
        deltas++;
      }
      if (delta.function_call) {
        functionCall ??= { name: '', arguments: '' };
        functionCall.name += delta.function_call.name ?? '';
        functionCall.arguments += delta.function_call.arguments ?? '';
        deltas++;
      }
      if (delta.content || delta.refusal) deltas++;
      if (
        firstTokenAt === undefined &&
        (content.length + refusal.length + calls.size > before || delta.tool_calls?.length || delta.function_call)
      )
        firstTokenAt = now();
    }
  }

  const toolCalls: WireToolCall[] = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, c]) => ({
      ...(c.id ? { id: c.id } : {}),
      type: c.type ?? 'function',
      function: { name: c.name, arguments: c.arguments },
    }));
  const completion: WireChatCompletion = {
    choices: [
      {
        index: 0,
        message: {
          role,
          content: content || (toolCalls.length || functionCall ? null : ''),
          ...(refusal ? { refusal } : {}),
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
          ...(functionCall ? { function_call: functionCall } : {}),
        },
        finish_reason: finishReason ?? null,
        ...(logprobs.length ? { logprobs: { content: logprobs } } : {}),
      },
    ],
    usage: usage ?? null,
  };
  const end = now();
  const generated = usage?.completion_tokens ?? deltas;
  const seconds = firstTokenAt !== undefined ? (end - firstTokenAt) / 1000 : 0;
  return {
    completion,
    ttftMs: firstTokenAt !== undefined ? firstTokenAt - startedAt : undefined,
    tokensPerSecond: seconds > 0 && generated > 0 ? generated / seconds : undefined,
  };
}
