// A cheap structural check for the common chat completion (text choices, numeric usage), so the
// per-request hot path skips zod; any other shape (tool calls, content parts, logprobs, odd
// types) returns false and goes through the full zod schema in wire.ts instead.

import type { WireChatCompletion } from './wire.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isAbsent = (value: unknown): boolean => value === undefined || value === null;
const isOptString = (value: unknown): boolean => isAbsent(value) || typeof value === 'string';
const isOptNumber = (value: unknown): boolean => isAbsent(value) || typeof value === 'number';

function isPlainMessage(message: unknown): boolean {
  if (!isObject(message)) return false;
  return (
    (message.role === undefined || typeof message.role === 'string') &&
    isOptString(message.content) &&
    isOptString(message.refusal) &&
    isOptString(message.reasoning_content) &&
    isOptString(message.reasoning) &&
    isAbsent(message.tool_calls) &&
    isAbsent(message.function_call)
  );
}

function isPlainUsage(usage: unknown): boolean {
  if (isAbsent(usage)) return true;
  if (!isObject(usage)) return false;
  return (
    isOptNumber(usage.prompt_tokens) &&
    isOptNumber(usage.completion_tokens) &&
    isOptNumber(usage.total_tokens) &&
    isAbsent(usage.prompt_tokens_details)
  );
}

/** True when `body` is a chat completion that the zod schema would accept unchanged. */
export function isPlainChatCompletion(body: unknown): body is WireChatCompletion {
  if (!isObject(body)) return false;
  if (
    (body.id !== undefined && typeof body.id !== 'string') ||
    (body.model !== undefined && typeof body.model !== 'string')
  )
    return false;
  const choices = body.choices;
  if (!Array.isArray(choices) || choices.length === 0) return false;
  for (const choice of choices) {
    if (!isObject(choice)) return false;
    if (
      (choice.index !== undefined && typeof choice.index !== 'number') ||
      !isOptString(choice.finish_reason) ||
      !isAbsent(choice.logprobs)
    )
      return false;
    if (!isPlainMessage(choice.message)) return false;
  }
  return isPlainUsage(body.usage);
}
