// OpenAI replies → ProviderResponse fields, as pure functions: output selection (text, tool calls,
// JSON replies, refusals), token usage and cost. Bodies are validated with zod first.

import type { ProviderResponse, TokenUsage } from '../types.js';
import type { OpenAiConfig } from './config.js';
import { functionCallOutput, jsonResponseFormat, parseJsonReply, toolCallsOutput } from './output-shapes.js';
import { isPlainChatCompletion } from './plain-reply.js';
import { chatCompletionSchema, completionSchema, type WireChatCompletion, type WireUsage } from './wire.js';
import { snippet } from '../transport/errors.js';

export function fromOpenAiUsage(usage: WireUsage | null | undefined): TokenUsage {
  if (!usage) return { numRequests: 1 };
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const tokenUsage: TokenUsage = {
    total: usage.total_tokens ?? prompt + completion,
    prompt,
    completion,
    numRequests: 1,
  };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached) tokenUsage.cached = cached;
  return tokenUsage;
}

/** USD from per-token rates in config (`cost` applies to both directions); undefined without rates. */
export function costFromConfig(config: OpenAiConfig, usage: TokenUsage): number | undefined {
  const input = config.inputCost ?? config.cost;
  const output = config.outputCost ?? config.cost;
  if (input === undefined && output === undefined) return undefined;
  return (input ?? 0) * (usage.prompt ?? 0) + (output ?? 0) * (usage.completion ?? 0);
}

function textOf(content: string | unknown[] | null | undefined): string | undefined {
  if (content === null || content === undefined) return undefined;
  if (typeof content === 'string') return content;
  // Some servers return content parts even for replies; keep the text parts.
  return content
    .map((part) =>
      part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
        ? (part as { text: string }).text
        : '',
    )
    .join('');
}

/** A chat completion body → output and friends. Unexpected shapes come back as `{ error }`. */
export function fromOpenAiChatCompletion(body: unknown, config: OpenAiConfig): ProviderResponse {
  let completion: WireChatCompletion;
  if (isPlainChatCompletion(body)) completion = body;
  else {
    const parsed = chatCompletionSchema.safeParse(body);
    if (!parsed.success) {
      return {
        error: `The reply is not a chat completion (${parsed.error.issues[0]?.message ?? 'unexpected shape'} at ${parsed.error.issues[0]?.path.join('.') || 'top level'}): ${snippet(JSON.stringify(body) ?? '', 300)}`,
      };
    }
    completion = parsed.data;
  }
  const choice = completion.choices[0]!;
  const message = choice.message;
  const tokenUsage = fromOpenAiUsage(completion.usage);
  const finishReason = choice.finish_reason ?? undefined;
  const text = textOf(message.content);
  const reasoning = message.reasoning_content ?? message.reasoning ?? undefined;
  const metadata: Record<string, unknown> = {};
  if (reasoning) metadata.reasoning = reasoning;
  if (completion.choices.length > 1) metadata.choices = completion.choices;
  const base: ProviderResponse = { tokenUsage, cost: costFromConfig(config, tokenUsage), finishReason, metadata };

  if (message.refusal) {
    return {
      ...base,
      output: message.refusal,
      isRefusal: true,
      guardrails: { flagged: true, flaggedOutput: true, reason: message.refusal },
    };
  }
  if (finishReason === 'content_filter') {
    return {
      ...base,
      output: text || 'Content filtered by provider',
      isRefusal: true,
      guardrails: { flagged: true, flaggedOutput: true, reason: 'content_filter' },
    };
  }
  if (message.tool_calls?.length) {
    if (text) metadata.content = text;
    return { ...base, output: toolCallsOutput(message.tool_calls), guardrails: { flagged: false } };
  }
  if (message.function_call) {
    if (text) metadata.content = text;
    return { ...base, output: functionCallOutput(message.function_call), guardrails: { flagged: false } };
  }

  let output = text ?? '';
  const jsonFormat = jsonResponseFormat(config.response_format);
  if (jsonFormat) {
    const value = parseJsonReply(output);
    if (value !== undefined) {
      // JavaScript assertions see json_schema replies with their fields (as promptfoo parses
      // them) and json_object replies as the plain string (as promptfoo leaves them).
      metadata.responseFormat = jsonFormat;
      // Output stays a string (`JSON.parse(output)` works); fenced replies are unwrapped to bare JSON.
      if (output.trim().startsWith('```')) output = JSON.stringify(value);
      metadata.parsedOutput = value;
    }
  } else if (reasoning && config.showThinking !== false) {
    output = `Thinking: ${reasoning}\n\n${output}`;
  }
  const logProbs = choice.logprobs?.content?.map((entry) => entry.logprob);
  return { ...base, output, ...(logProbs?.length ? { logProbs } : {}), guardrails: { flagged: false } };
}

export function fromOpenAiCompletion(body: unknown, config: OpenAiConfig): ProviderResponse {
  const parsed = completionSchema.safeParse(body);
  if (!parsed.success)
    return { error: `The reply is not a text completion: ${snippet(JSON.stringify(body) ?? '', 300)}` };
  const choice = parsed.data.choices[0]!;
  const tokenUsage = fromOpenAiUsage(parsed.data.usage);
  return {
    output: choice.text ?? '',
    tokenUsage,
    cost: costFromConfig(config, tokenUsage),
    finishReason: choice.finish_reason ?? undefined,
  };
}

/** Decodes an embedding given as a list of numbers or as base64 little-endian float32. */
export function decodeEmbedding(value: number[] | string): number[] {
  if (Array.isArray(value)) return value;
  const bytes = Buffer.from(value, 'base64');
  const out: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4) out.push(bytes.readFloatLE(offset));
  return out;
}
