// Registry entry for `llamaapi:<model>` and `llamaapi:chat:<model>`.

import { ConfigError } from '../../errors.js';
import { lookupEnv, type ProviderFactory } from '../types.js';
import { LLAMA_API_FAMILY, LlamaApiProvider } from './provider.js';

export { LLAMA_API_FAMILY, LlamaApiProvider } from './provider.js';
export { LLAMA_API_MODELS, getLlamaModelInfo, isTextOnlyLlamaModel, type LlamaModelInfo } from './models.js';
export { imageUrlsIn, llamaImageProblem, MAX_IMAGES_PER_REQUEST, MAX_IMAGE_BYTES } from './images.js';

export const create: ProviderFactory = (rest, options) => {
  const model = rest.startsWith('chat:') ? rest.slice('chat:'.length) : rest;
  if (!model) {
    throw new ConfigError(
      `Provider "${options.id}" names no model. Write it as llamaapi:<model>, e.g. llamaapi:Llama-3.3-70B-Instruct.`,
      {},
      'PROVIDER_CONFIG',
    );
  }
  const { apiKey, apiKeyEnvar } = options.config;
  const envVar = typeof apiKeyEnvar === 'string' && apiKeyEnvar ? apiKeyEnvar : LLAMA_API_FAMILY.apiKeyEnvVar;
  if (!(typeof apiKey === 'string' && apiKey) && !lookupEnv(options, envVar)) {
    throw new ConfigError(
      `Llama API key is not set for provider ${options.id}: set the ${envVar} environment variable (create a key at llama.developer.meta.com) or add apiKey to the provider config.`,
      {},
      'PROVIDER_CREDENTIALS',
    );
  }
  return new LlamaApiProvider(model, options, LLAMA_API_FAMILY);
};
