// Registry entry for `cloudflare-ai:<chat|completion|embedding|embeddings>:<model>`; the model is
// every remaining segment, so ids like `@cf/meta/llama-3:latest` stay whole.

import { ConfigError } from '../../errors.js';
import type { ProviderFactory } from '../types.js';
import {
  CloudflareAiChatProvider,
  CloudflareAiCompletionProvider,
  CloudflareAiEmbeddingProvider,
} from './providers.js';

export {
  CloudflareAiChatProvider,
  CloudflareAiCompletionProvider,
  CloudflareAiEmbeddingProvider,
  type CloudflareModelType,
} from './providers.js';
export { CLOUDFLARE_FAMILY, resolveCloudflareConnection, type CloudflareConnection } from './connection.js';
export { cloudflareHint, cloudflareRetryable } from './errors.js';

const kinds = {
  chat: CloudflareAiChatProvider,
  completion: CloudflareAiCompletionProvider,
  embedding: CloudflareAiEmbeddingProvider,
  embeddings: CloudflareAiEmbeddingProvider,
} as const;

const USAGE = 'cloudflare-ai:chat:<model>, cloudflare-ai:completion:<model> or cloudflare-ai:embedding:<model>';

export const create: ProviderFactory = (rest, options) => {
  const [type = '', ...modelParts] = rest.split(':');
  const model = modelParts.join(':');
  if (!Object.hasOwn(kinds, type)) {
    throw new ConfigError(
      `Unknown Cloudflare AI model type "${type}" in provider "${options.id}". Use ${USAGE}.`,
      {},
      'PROVIDER_CONFIG',
    );
  }
  if (!model) {
    throw new ConfigError(
      `Provider "${options.id}" names no model. Write it as ${USAGE}, e.g. cloudflare-ai:chat:@cf/meta/llama-3.1-8b-instruct.`,
      {},
      'PROVIDER_CONFIG',
    );
  }
  const Kind = kinds[type as keyof typeof kinds];
  return new Kind(model, options);
};
