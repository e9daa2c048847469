// Answers parsed OpenAI-format requests (JSON or SSE), shared by every API that speaks the
// OpenAI wire format: OpenAI itself, Llama's compat endpoint, Cloudflare /ai/v1 and Databricks.

import { embed } from '../model/embeddings.js';
import { respondChat, respondCompletion, type ModelReply } from '../model/respond.js';
import { countTokens } from '../model/text.js';
import type { Exchange } from '../server/exchange.js';
import type { ParsedChat } from './openai-request.js';
import { chatChunks, chatCompletion, completionChunks, embeddingList, textCompletion } from './openai-response.js';

export function serveChat(
  ex: Exchange,
  model: string,
  parsed: ParsedChat,
  headers: Record<string, string> = {},
): ModelReply {
  const reply = respondChat(parsed.input);
  const options = { n: parsed.n, topLogprobs: parsed.topLogprobs, legacyFunctions: parsed.legacyFunctions };
  if (parsed.stream)
    ex.sendSse(
      [...chatChunks(model, reply, parsed.includeUsage, options).map((c) => JSON.stringify(c)), '[DONE]'],
      headers,
    );
  else ex.sendJson(200, chatCompletion(model, reply, options), headers);
  return reply;
}

export function serveCompletion(
  ex: Exchange,
  model: string,
  body: {
    prompt: string | string[];
    max_tokens?: number | undefined;
    stop?: string | string[] | null | undefined;
    stream?: boolean | null | undefined;
  },
  headers: Record<string, string> = {},
): ModelReply {
  const prompt = Array.isArray(body.prompt) ? body.prompt.join('\n') : body.prompt;
  const reply = respondCompletion(prompt, body.max_tokens, body.stop ?? undefined);
  if (body.stream) ex.sendSse([...completionChunks(model, reply).map((c) => JSON.stringify(c)), '[DONE]'], headers);
  else ex.sendJson(200, textCompletion(model, reply), headers);
  return reply;
}

export function embedAll(input: string | string[], dimensions: number): { vectors: number[][]; tokens: number } {
  const texts = Array.isArray(input) ? input : [input];
  return { vectors: texts.map((t) => embed(t, dimensions)), tokens: texts.reduce((n, t) => n + countTokens(t), 0) };
}

export function serveEmbeddings(
  ex: Exchange,
  model: string,
  input: string | string[],
  dimensions: number,
  headers: Record<string, string> = {},
): void {
  const { vectors, tokens } = embedAll(input, dimensions);
  ex.sendJson(200, embeddingList(model, vectors, tokens), headers);
}
