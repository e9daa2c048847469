// The OpenAI wire format as Assay reads it: zod schemas for replies (validated at the boundary)
// and the message types requests are built from. Unknown fields pass through untouched.

import * as z from 'zod';

export const wireToolCallSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string().optional().default('') }),
});
export type WireToolCall = z.infer<typeof wireToolCallSchema>;

export const usageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
});
export type WireUsage = z.infer<typeof usageSchema>;

export const assistantMessageSchema = z.looseObject({
  role: z.string().optional(),
  content: z.union([z.string(), z.array(z.unknown())]).nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(wireToolCallSchema).nullish(),
  function_call: z.looseObject({ name: z.string(), arguments: z.string().optional().default('') }).nullish(),
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
});
export type WireAssistantMessage = z.infer<typeof assistantMessageSchema>;

const logprobsSchema = z.looseObject({ content: z.array(z.looseObject({ logprob: z.number() })).nullish() }).nullish();

export const chatCompletionSchema = z.looseObject({
  id: z.string().optional(),
  model: z.string().optional(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().optional(),
        message: assistantMessageSchema,
        finish_reason: z.string().nullish(),
        logprobs: logprobsSchema,
      }),
    )
    .min(1),
  usage: usageSchema.nullish(),
});
export type WireChatCompletion = z.infer<typeof chatCompletionSchema>;

export const chatChunkSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        index: z.number().optional(),
        delta: z
          .looseObject({
            role: z.string().nullish(),
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z
              .array(
                z.looseObject({
                  index: z.number().optional(),
                  id: z.string().nullish(),
                  type: z.string().nullish(),
                  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
                }),
              )
              .nullish(),
            function_call: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
        logprobs: logprobsSchema,
      }),
    )
    .nullish(),
  usage: usageSchema.nullish(),
});
export type WireChatChunk = z.infer<typeof chatChunkSchema>;

export const completionSchema = z.looseObject({
  choices: z.array(z.looseObject({ text: z.string().nullish(), finish_reason: z.string().nullish() })).min(1),
  usage: usageSchema.nullish(),
});

export const embeddingSchema = z.looseObject({
  data: z.array(z.looseObject({ embedding: z.union([z.array(z.number()), z.string()]) })).min(1),
  usage: usageSchema.nullish(),
});

/** A content part of a user message: text, or an image by URL / data URL. */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } }
  | ({ type: string } & Record<string, unknown>);

export interface ChatMessage {
  role: string;
  content?: string | ContentPart[] | null;
  name?: string;
  tool_calls?: unknown[];
  tool_call_id?: string;
  [key: string]: unknown;
}

export const chatMessageSchema = z.looseObject({ role: z.string() });
