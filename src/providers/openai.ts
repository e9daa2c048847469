// `openai:<model>`, `openai:chat:<model>`, `openai:completion:<model>`, `openai:embedding:<model>`:
// the OpenAI API (or any server speaking it, via apiBaseUrl / OPENAI_BASE_URL).

import { ConfigError } from '../errors.js';
import {
  OPENAI_FAMILY,
  OpenAiChatProvider,
  OpenAiCompletionProvider,
  OpenAiEmbeddingProvider,
} from './openai-compatible/index.js';
import { OpenAiModerationProvider } from './openai-compatible/moderation-provider.js';
import type { ProviderFactory } from './types.js';

const kinds = {
  chat: OpenAiChatProvider,
  completion: OpenAiCompletionProvider,
  embedding: OpenAiEmbeddingProvider,
  embeddings: OpenAiEmbeddingProvider,
  moderation: OpenAiModerationProvider,
} as const;

export const create: ProviderFactory = (rest, options) => {
  const colon = rest.indexOf(':');
  const head = colon === -1 ? rest : rest.slice(0, colon);
  const isKind = Object.hasOwn(kinds, head) && colon !== -1;
  const Kind = isKind ? kinds[head as keyof typeof kinds] : OpenAiChatProvider;
  const model = isKind ? rest.slice(colon + 1) : rest;
  if (!model) {
    throw new ConfigError(
      `Provider "${options.id}" names no model. Write it as openai:chat:<model>, e.g. openai:chat:gpt-4o-mini.`,
      {},
      'PROVIDER_CONFIG',
    );
  }
  return new Kind(model, options, OPENAI_FAMILY);
};
