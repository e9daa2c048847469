// Parses OpenAI-format request bodies (chat, completions, embeddings) into the emulated model's
// input. Every API's chat route (OpenAI, Llama compat and native, Cloudflare, Databricks) uses it.

import * as z from 'zod';
import type { ChatInput, ChatMessage, ResponseFormat } from '../model/respond.js';
import type { ToolChoice, ToolSpec } from '../model/tool-calls.js';

const imageUrl = z.union([z.string(), z.object({ url: z.string() }).loose()]);
const part = z.object({ type: z.string(), text: z.string().optional(), image_url: imageUrl.optional() }).loose();
const content = z.union([
  z.string(),
  z.null(),
  z.array(part),
  z.object({ type: z.string(), text: z.string() }).loose(),
]);
const message = z
  .object({
    role: z.string(),
    content: content.optional(),
    tool_calls: z.array(z.unknown()).nullable().optional(),
    tool_call_id: z.string().optional(),
  })
  .loose();
const tool = z
  .object({
    type: z.string().optional(),
    function: z
      .object({ name: z.string(), description: z.string().optional(), parameters: z.unknown().optional() })
      .loose(),
  })
  .loose();
const legacyFunction = z
  .object({ name: z.string(), description: z.string().optional(), parameters: z.unknown().optional() })
  .loose();
const legacyFunctionCall = z.union([z.enum(['none', 'auto']), z.object({ name: z.string() }).loose()]);
const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.string().optional(), function: z.object({ name: z.string() }).loose() }).loose(),
]);
const responseFormat = z
  .object({
    type: z.enum(['text', 'json_object', 'json_schema']),
    json_schema: z.object({ name: z.string().optional(), schema: z.unknown().optional() }).loose().optional(),
  })
  .loose();
const stop = z
  .union([z.string(), z.array(z.string())])
  .nullable()
  .optional();
const positiveInt = z.number().int().positive().optional();

export const chatBodySchema = z
  .object({
    model: z.string().optional(),
    messages: z.array(message).min(1),
    tools: z.array(tool).nullable().optional(),
    tool_choice: toolChoice.nullable().optional(),
    functions: z.array(legacyFunction).nullable().optional(),
    function_call: legacyFunctionCall.nullable().optional(),
    response_format: responseFormat.nullable().optional(),
    max_tokens: positiveInt,
    max_completion_tokens: positiveInt,
    stop,
    stream: z.boolean().nullable().optional(),
    n: z.number().int().min(1).max(8).optional(),
    logprobs: z.boolean().nullable().optional(),
    top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
  })
  .loose();

export const completionBodySchema = z
  .object({
    model: z.string().optional(),
    prompt: z.union([z.string(), z.array(z.string())]),
    max_tokens: positiveInt,
    stop,
    stream: z.boolean().nullable().optional(),
  })
  .loose();

export const embeddingBodySchema = z
  .object({
    model: z.string().optional(),
    input: z.union([z.string(), z.array(z.string()).min(1)]),
    dimensions: positiveInt,
    encoding_format: z.string().optional(),
  })
  .loose();

export type ChatBody = z.infer<typeof chatBodySchema>;

export interface ParsedChat {
  model: string | undefined;
  input: ChatInput;
  stream: boolean;
  includeUsage: boolean;
  n: number;
  /** Alternatives per token when the request asked for log-probabilities (`logprobs: true`), else undefined. */
  topLogprobs: number | undefined;
  /** The request offered legacy `functions` (and no `tools`): a call is answered as `message.function_call`. */
  legacyFunctions: boolean;
  body: ChatBody;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** One line naming the first problem, e.g. `messages.0.role: Invalid input: expected string`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request body';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export function parseChat(body: unknown): Parsed<ParsedChat> {
  const r = chatBodySchema.safeParse(body);
  if (!r.success) return { ok: false, message: firstIssue(r.error) };
  const b = r.data;
  const messages: ChatMessage[] = b.messages.map((m) => ({
    role: m.role,
    ...flatten(m.content),
    toolCalls: m.tool_calls?.length ?? 0,
  }));
  // OpenAI's older function calling: `functions` + `function_call` stand in for `tools` + `tool_choice`.
  const legacyFunctions = !b.tools?.length && (b.functions?.length ?? 0) > 0;
  const tools: ToolSpec[] = legacyFunctions
    ? b.functions!.map((f) => ({ name: f.name, description: f.description, parameters: f.parameters }))
    : (b.tools ?? []).map((t) => ({
        name: t.function.name,
        description: t.function.description,
        parameters: t.function.parameters,
      }));
  const choice: ToolChoice = legacyFunctions ? toLegacyChoice(b.function_call) : toToolChoice(b.tool_choice);
  return {
    ok: true,
    value: {
      model: b.model,
      input: {
        messages,
        tools,
        toolChoice: choice,
        responseFormat: toResponseFormat(b.response_format),
        maxTokens: b.max_tokens ?? b.max_completion_tokens,
        stop: b.stop ?? undefined,
      },
      stream: b.stream === true,
      includeUsage: b.stream_options?.include_usage === true,
      n: b.n ?? 1,
      topLogprobs: b.logprobs === true ? (b.top_logprobs ?? 0) : undefined,
      legacyFunctions,
      body: b,
    },
  };
}

function flatten(c: z.infer<typeof content> | undefined): { text: string; images: string[] } {
  if (c === undefined || c === null) return { text: '', images: [] };
  if (typeof c === 'string') return { text: c, images: [] };
  if (!Array.isArray(c)) return { text: c.text, images: [] };
  const texts: string[] = [];
  const images: string[] = [];
  for (const p of c) {
    if (typeof p.text === 'string') texts.push(p.text);
    if (p.type === 'image_url' && p.image_url !== undefined)
      images.push(typeof p.image_url === 'string' ? p.image_url : p.image_url.url);
  }
  return { text: texts.join('\n'), images };
}

function toToolChoice(c: z.infer<typeof toolChoice> | null | undefined): ToolChoice {
  if (c === undefined || c === null) return 'auto';
  return typeof c === 'string' ? c : { name: c.function.name };
}

function toLegacyChoice(c: z.infer<typeof legacyFunctionCall> | null | undefined): ToolChoice {
  if (c === undefined || c === null) return 'auto';
  return typeof c === 'string' ? c : { name: c.name };
}

function toResponseFormat(f: z.infer<typeof responseFormat> | null | undefined): ResponseFormat | undefined {
  if (!f) return undefined;
  if (f.type === 'json_schema') return { type: 'json_schema', schema: f.json_schema?.schema ?? { type: 'object' } };
  return { type: f.type };
}

export function parseCompletion(body: unknown): Parsed<z.infer<typeof completionBodySchema>> {
  const r = completionBodySchema.safeParse(body);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: firstIssue(r.error) };
}

export function parseEmbedding(body: unknown): Parsed<z.infer<typeof embeddingBodySchema>> {
  const r = embeddingBodySchema.safeParse(body);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: firstIssue(r.error) };
}
