// The emulated model, shared by every API: turns a normalised chat or completion request into a
// deterministic reply (grader verdict, tool call, schema-valid JSON or text) with token usage.

import { randomUUID } from 'node:crypto';
import { gradeIfGraderPrompt } from './grader.js';
import { valueForSchema } from './schema-value.js';
import { answerText, applyStop, countTokens, limitTokens } from './text.js';
import { planToolCall, type ToolChoice, type ToolSpec } from './tool-calls.js';

export interface ChatMessage {
  role: string;
  text: string;
  images: string[];
  /** Set on assistant messages that called tools. */
  toolCalls?: number;
}

export type ResponseFormat = { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: unknown };

export interface ChatInput {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  maxTokens?: number;
  stop?: string | string[];
}

export interface ReplyToolCall {
  id: string;
  name: string;
  /** JSON text, as every API sends it. */
  arguments: string;
}

export interface ModelReply {
  text: string | null;
  toolCalls: ReplyToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  usage: { prompt: number; completion: number; total: number };
}

export function respondChat(input: ChatInput): ModelReply {
  const promptTokens = input.messages.reduce((n, m) => n + countTokens(m.text) + 4 + m.images.length * 145, 0);
  const lastUser = [...input.messages].reverse().find((m) => m.role === 'user') ?? input.messages.at(-1);
  const question = lastUser?.text ?? '';
  const last = input.messages.at(-1);

  const graded = gradeIfGraderPrompt(input.messages.map((m) => m.text).join('\n'));
  if (graded !== undefined) return textReply(graded, promptTokens, undefined, undefined);

  // After a tool result the model answers in text instead of calling again, so agent loops end.
  const afterToolResult = last?.role === 'tool' || last?.role === 'function';
  if (input.tools?.length && !afterToolResult) {
    const call = planToolCall(input.tools, input.toolChoice ?? 'auto', question);
    if (call) {
      const args = JSON.stringify(call.arguments);
      return {
        text: null,
        toolCalls: [{ id: `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`, name: call.name, arguments: args }],
        finishReason: 'tool_calls',
        usage: usage(promptTokens, countTokens(call.name) + countTokens(args)),
      };
    }
  }

  const format = input.responseFormat;
  if (format?.type === 'json_schema')
    return textReply(
      JSON.stringify(valueForSchema(format.schema, { prompt: question })),
      promptTokens,
      undefined,
      undefined,
    );
  if (format?.type === 'json_object')
    return textReply(JSON.stringify({ answer: answerText(question) }), promptTokens, undefined, undefined);

  const text = afterToolResult
    ? `Based on the tool result: ${last.text}`
    : answerText(question, lastUser?.images.length ?? 0);
  return textReply(text, promptTokens, input.maxTokens, input.stop);
}

export function respondCompletion(prompt: string, maxTokens?: number, stop?: string | string[]): ModelReply {
  const graded = gradeIfGraderPrompt(prompt);
  return textReply(graded ?? answerText(prompt), countTokens(prompt), graded ? undefined : maxTokens, stop);
}

function textReply(
  full: string,
  promptTokens: number,
  maxTokens: number | undefined,
  stop: string | string[] | undefined,
): ModelReply {
  const stopped = applyStop(full, stop);
  const limited = limitTokens(stopped.text, maxTokens);
  return {
    text: limited.text,
    toolCalls: [],
    finishReason: limited.cut ? 'length' : 'stop',
    usage: usage(promptTokens, countTokens(limited.text)),
  };
}

function usage(prompt: number, completion: number): ModelReply['usage'] {
  return { prompt, completion, total: prompt + completion };
}
